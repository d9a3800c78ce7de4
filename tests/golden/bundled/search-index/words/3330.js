editionSearchLoaded("search-index/words/3330.js",[[0,"30 5"],[5,"30 1"],[7,"30 1"],[8,"30 1"],[16,"30 1"]]);
