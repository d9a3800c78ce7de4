editionSearchLoaded("search-index/words/6c65.js",[[0,"lead 1 leader 2 leaders 2 leadership 1 leap 2 least 2 leaves 5 led 2 left 2 leon 1"],[9,"leaders 1"],[11,"leader 1"]]);
