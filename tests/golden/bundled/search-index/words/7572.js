editionSearchLoaded("search-index/words/7572.js",[[0,"uranium 1"],[1,"uranium 1"]]);
