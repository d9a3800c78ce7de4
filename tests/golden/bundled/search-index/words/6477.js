editionSearchLoaded("search-index/words/6477.js",[[0,"dw 1"]]);
