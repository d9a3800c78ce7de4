editionSearchLoaded("search-index/words/756c.js",[[0,"ultimatum 1"]]);
