editionSearchLoaded("search-index/words/7274.js",[[0,"rt 1"]]);
