editionSearchLoaded("search-index/words/6162.js",[[0,"abandon 2 abe 1 ability 2 about 7 above 1"],[2,"able 1"],[3,"able 1"],[7,"about 1"],[10,"about 2"],[17,"about 1"]]);
