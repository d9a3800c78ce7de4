editionSearchLoaded("search-index/words/6b6d.js",[[10,"km 1"],[17,"km 1"]]);
