editionSearchLoaded("search-index/words/6b79.js",[[0,"kye 1"]]);
