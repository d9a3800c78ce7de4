editionSearchLoaded("search-index/words/6761.js",[[0,"gambit 2"]]);
