editionSearchLoaded("search-index/words/3232.js",[[0,"22 5 22s 1"],[5,"22 7 22s 2"],[7,"22 1"],[15,"22 1"],[16,"22 1"]]);
