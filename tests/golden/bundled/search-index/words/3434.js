editionSearchLoaded("search-index/words/3434.js",[[0,"44 2"],[8,"44 1"]]);
