editionSearchLoaded("search-index/words/3236.js",[[0,"26 4"]]);
