editionSearchLoaded("search-index/words/7573.js",[[0,"us 49 used 1 uses 1"],[1,"us 1"],[2,"us 1"],[3,"us 1"],[4,"us 3 use 1"],[5,"us 1"],[7,"us 2"],[8,"us 1"],[9,"us 1"],[13,"us 1"],[16,"us 8"]]);
