editionSearchLoaded("search-index/words/6369.js",[[0,"circumstance 1 cited 4 civilian 1"],[8,"cited 1"],[16,"civilian 1"]]);
