editionSearchLoaded("search-index/words/3231.js",[[1,"21 1"],[2,"21 1"]]);
