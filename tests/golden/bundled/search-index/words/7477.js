editionSearchLoaded("search-index/words/7477.js",[[0,"two 6"],[1,"two 1"],[2,"two 1"],[4,"two 1"],[5,"twin 1 two 1"],[10,"two 1"],[12,"two 1"]]);
