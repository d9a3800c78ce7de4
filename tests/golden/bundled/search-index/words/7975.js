editionSearchLoaded("search-index/words/7975.js",[[0,"yuwen 1"]]);
