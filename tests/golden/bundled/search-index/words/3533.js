editionSearchLoaded("search-index/words/3533.js",[[0,"53 1"],[10,"53 1"]]);
