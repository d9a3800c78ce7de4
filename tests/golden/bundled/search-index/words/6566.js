editionSearchLoaded("search-index/words/6566.js",[[0,"effectively 2"]]);
