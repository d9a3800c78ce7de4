editionSearchLoaded("search-index/words/6d75.js",[[0,"munitions 1 musudan 2"],[2,"munitions 1"],[12,"munsan 1"],[14,"multilateral 1"]]);
