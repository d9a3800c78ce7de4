editionSearchLoaded("search-index/words/6865.js",[[0,"he 15 hearing 3 heavy 1 held 7 herald 3"],[1,"heavy 1"],[3,"heavy 1"],[6,"heavy 1"],[7,"held 1"],[11,"he 1"]]);
