editionSearchLoaded("search-index/words/3273.js",[[0,"2s 1"],[2,"2s 2"]]);
