editionSearchLoaded("search-index/words/3238.js",[[0,"28 4"],[2,"28 1"]]);
