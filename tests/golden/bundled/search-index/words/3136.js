editionSearchLoaded("search-index/words/3136.js",[[0,"16 5"]]);
