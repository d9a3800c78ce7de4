editionSearchLoaded("search-index/words/6165.js",[[0,"aegis 1"]]);
