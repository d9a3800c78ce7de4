editionSearchLoaded("search-index/words/6879.js",[[0,"hye 2 hypocritical 1"]]);
