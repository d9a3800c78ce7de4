editionSearchLoaded("search-index/words/7269.js",[[0,"richardson 3 right 4 risk 2"],[13,"rise 1 rising 1"]]);
