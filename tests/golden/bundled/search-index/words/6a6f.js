editionSearchLoaded("search-index/words/6a6f.js",[[0,"john 1 joint 9 jong 4 joseph 1 journal 1"],[4,"joint 3"],[6,"joint 2"],[9,"joint 6"],[11,"jong 7"],[14,"joint 1"]]);
