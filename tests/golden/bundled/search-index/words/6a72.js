editionSearchLoaded("search-index/words/6a72.js",[[12,"jr 1"]]);
