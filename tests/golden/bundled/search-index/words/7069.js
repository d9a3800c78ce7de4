editionSearchLoaded("search-index/words/7069.js",[[0,"pivot 1"],[13,"pivot 6"]]);
