editionSearchLoaded("search-index/words/3239.js",[[0,"29 3"]]);
