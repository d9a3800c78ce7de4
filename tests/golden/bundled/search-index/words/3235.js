editionSearchLoaded("search-index/words/3235.js",[[0,"25 2"]]);
