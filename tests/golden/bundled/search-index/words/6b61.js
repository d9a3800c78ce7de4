editionSearchLoaded("search-index/words/6b61.js",[[0,"kadena 1 kaesong 2 karen 1"],[5,"kadena 1"],[10,"kaesong 8"],[12,"kaesong 1"]]);
