editionSearchLoaded("search-index/words/6f77.js",[[0,"own 5"]]);
