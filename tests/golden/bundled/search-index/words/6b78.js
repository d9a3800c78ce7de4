editionSearchLoaded("search-index/words/6b78.js",[[0,"kxjb 1"]]);
