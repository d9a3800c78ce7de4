editionSearchLoaded("search-index/words/6c74.js",[[12,"lt 1"]]);
