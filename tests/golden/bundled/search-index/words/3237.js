editionSearchLoaded("search-index/words/3237.js",[[0,"27 2"],[12,"27 1"]]);
