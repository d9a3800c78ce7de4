editionSearchLoaded("search-index/words/736d.js",[[0,"small 1"]]);
