editionSearchLoaded("search-index/words/6a69.js",[[0,"jiechi 1 jinping 1"]]);
