editionSearchLoaded("search-index/words/6963.js",[[0,"icbm 1"]]);
