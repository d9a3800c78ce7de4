editionSearchLoaded("search-index/words/6e79.js",[[17,"nyongbyon 1"]]);
