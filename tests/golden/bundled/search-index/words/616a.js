editionSearchLoaded("search-index/words/616a.js",[[0,"ajar 5"]]);
