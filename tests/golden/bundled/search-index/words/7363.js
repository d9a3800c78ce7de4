editionSearchLoaded("search-index/words/7363.js",[[0,"schedule 1 scheduled 2 schmidt 2 school 1"]]);
