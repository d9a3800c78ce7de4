editionSearchLoaded("search-index/words/6572.js",[[0,"eric 2"]]);
