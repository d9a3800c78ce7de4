editionSearchLoaded("search-index/words/7961.js",[[0,"yang 1"]]);
