editionSearchLoaded("search-index/words/6571.js",[[0,"equipment 1"],[6,"equivalent 1"]]);
