editionSearchLoaded("search-index/words/7969.js",[[0,"yi 1"]]);
