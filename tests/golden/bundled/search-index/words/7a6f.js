editionSearchLoaded("search-index/words/7a6f.js",[[0,"zone 2"],[10,"zone 2"],[12,"zone 1"]]);
