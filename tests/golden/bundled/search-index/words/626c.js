editionSearchLoaded("search-index/words/626c.js",[[0,"blames 1 blaming 1 blockade 3 bloomberg 1 bluster 1"]]);
