editionSearchLoaded("search-index/words/6a61.js",[[0,"james 1 january 3 japan 6"],[1,"january 1"],[5,"japan 1"],[14,"japan 1"],[15,"january 1"]]);
