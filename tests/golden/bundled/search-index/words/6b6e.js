editionSearchLoaded("search-index/words/6b6e.js",[[0,"know 2"]]);
