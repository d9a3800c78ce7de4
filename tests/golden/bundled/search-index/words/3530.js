editionSearchLoaded("search-index/words/3530.js",[[0,"50 1"],[6,"50 1"],[16,"50 1"]]);
