editionSearchLoaded("search-index/words/7068.js",[[0,"phase 2"]]);
