editionSearchLoaded("search-index/words/6176.js",[[0,"availability 1"]]);
