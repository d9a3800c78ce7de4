editionSearchLoaded("search-index/words/3430.js",[[0,"40 1"]]);
