editionSearchLoaded("search-index/words/676d.js",[[8,"gmd 6"]]);
