editionSearchLoaded("search-index/words/3135.js",[[0,"15 6"],[8,"15 1"]]);
