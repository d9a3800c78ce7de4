editionSearchLoaded("search-index/words/3033.js",[[0,"03 1"]]);
