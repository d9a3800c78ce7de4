editionSearchLoaded("search-index/words/6177.js",[[0,"away 2"],[10,"away 1"]]);
