editionSearchLoaded("search-index/words/3137.js",[[0,"17 2 17th 1"],[15,"1718 1"]]);
