editionSearchLoaded("search-index/words/3130.js",[[0,"10 3"],[7,"10 1"],[10,"10 1"],[17,"100 1"]]);
