editionSearchLoaded("search-index/words/6f62.js",[[0,"obama 19 objected 2 obviously 2"],[13,"obama 1"],[16,"obama 2"]]);
