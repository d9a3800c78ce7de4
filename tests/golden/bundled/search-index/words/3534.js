editionSearchLoaded("search-index/words/3534.js",[[0,"54 1"]]);
