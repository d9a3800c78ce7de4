editionSearchLoaded("search-index/words/6375.js",[[0,"curbs 1 current 2 cut 1"]]);
