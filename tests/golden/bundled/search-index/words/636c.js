editionSearchLoaded("search-index/words/636c.js",[[0,"claim 3 clapper 2 clear 2 clearing 1 clinton 1"],[10,"closed 1"],[12,"clark 1"],[13,"clinton 1"],[16,"clinton 1"]]);
