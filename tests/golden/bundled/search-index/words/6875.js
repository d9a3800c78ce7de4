editionSearchLoaded("search-index/words/6875.js",[[0,"huffpost 1 humanitarian 1 hurriyet 2"]]);
