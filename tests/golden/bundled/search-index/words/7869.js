editionSearchLoaded("search-index/words/7869.js",[[0,"xi 1"]]);
