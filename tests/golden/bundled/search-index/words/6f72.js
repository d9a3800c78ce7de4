editionSearchLoaded("search-index/words/6f72.js",[[0,"or 3 oral 1 org 2"],[3,"or 1"],[4,"or 2"]]);
