editionSearchLoaded("search-index/words/6f73.js",[[0,"osan 1"],[5,"osan 1"]]);
