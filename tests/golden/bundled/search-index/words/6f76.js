editionSearchLoaded("search-index/words/6f76.js",[[0,"over 8 overstated 1 overview 1"],[1,"over 1"],[3,"over 1"],[5,"over 1"],[9,"over 1"]]);
