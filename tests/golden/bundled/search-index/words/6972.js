editionSearchLoaded("search-index/words/6972.js",[[0,"iran 1"],[8,"iran 1"]]);
