editionSearchLoaded("search-index/words/6f74.js",[[0,"other 4"]]);
