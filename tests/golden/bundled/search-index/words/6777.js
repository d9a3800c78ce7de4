editionSearchLoaded("search-index/words/6777.js",[[0,"gwan 1"]]);
