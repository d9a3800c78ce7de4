editionSearchLoaded("search-index/words/3132.js",[[0,"12 2"],[10,"123 1"],[15,"12 1"]]);
