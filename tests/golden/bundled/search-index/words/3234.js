editionSearchLoaded("search-index/words/3234.js",[[0,"24 5 240 1"]]);
