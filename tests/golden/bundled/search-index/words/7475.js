editionSearchLoaded("search-index/words/7475.js",[[0,"tuesday 3 turned 1"]]);
