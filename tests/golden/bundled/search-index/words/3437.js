editionSearchLoaded("search-index/words/3437.js",[[0,"47 1"]]);
