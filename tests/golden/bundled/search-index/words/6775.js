editionSearchLoaded("search-index/words/6775.js",[[0,"guam 2 guarantee 1 guarantees 1 guard 1 guided 1 guthrie 2"],[3,"guam 2"],[9,"guard 1"]]);
