editionSearchLoaded("search-index/words/6a63.js",[[9,"jcs 1"]]);
