editionSearchLoaded("search-index/words/6765.js",[[0,"gen 4 general 1 geneva 1 george 1 gestures 1 get 3 getting 1 geun 2"],[9,"general 1"],[12,"gen 3"]]);
