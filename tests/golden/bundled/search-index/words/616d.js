editionSearchLoaded("search-index/words/616d.js",[[0,"ambassador 3 america 1 american 5"],[13,"america 1"],[14,"among 1"],[16,"ambassador 1"]]);
