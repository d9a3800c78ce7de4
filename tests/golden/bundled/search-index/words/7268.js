editionSearchLoaded("search-index/words/7268.js",[[0,"rhetoric 1"]]);
