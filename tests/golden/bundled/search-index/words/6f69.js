editionSearchLoaded("search-index/words/6f69.js",[[0,"oil 1"],[1,"oil 2"],[6,"oil 1"]]);
