editionSearchLoaded("search-index/words/6e69.js",[[9,"nichols 1"],[12,"ni 1"]]);
