editionSearchLoaded("search-index/words/6e62.js",[[0,"nbc 4"]]);
