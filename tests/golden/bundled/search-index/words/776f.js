editionSearchLoaded("search-index/words/776f.js",[[0,"work 2 workers 2 world101 1 would 5 wound 1"],[7,"world 1"],[10,"workers 3"],[11,"workers 1"],[13,"word 1"],[17,"would 1"]]);
