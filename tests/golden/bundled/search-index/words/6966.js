editionSearchLoaded("search-index/words/6966.js",[[0,"if 2"]]);
