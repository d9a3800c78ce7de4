editionSearchLoaded("search-index/words/6166.js",[[0,"afp 4 after 9"],[1,"after 1"],[5,"after 1"],[14,"after 1"],[16,"after 2"]]);
