editionSearchLoaded("search-index/words/6366.js",[[0,"cfr 1"]]);
