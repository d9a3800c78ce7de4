editionSearchLoaded("search-index/words/3630.js",[[6,"60 1"]]);
