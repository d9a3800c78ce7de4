editionSearchLoaded("search-index/words/3030.js",[[0,"000 2"],[6,"000 1"],[7,"000 1"],[10,"000 1"]]);
