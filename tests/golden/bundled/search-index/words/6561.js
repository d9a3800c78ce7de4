editionSearchLoaded("search-index/words/6561.js",[[0,"each 2 eagle 3 earlier 3 early 1 eased 2"],[2,"eagle 1"],[3,"eagle 1"],[5,"eagle 1"],[7,"eagle 6"],[16,"eased 1"]]);
