editionSearchLoaded("search-index/words/6769.js",[[0,"give 2 gives 1 giving 1"]]);
