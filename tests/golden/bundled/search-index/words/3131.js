editionSearchLoaded("search-index/words/3131.js",[[0,"11 3"]]);
