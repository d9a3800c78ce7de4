editionSearchLoaded("search-index/words/7974.js",[[0,"ytn 1"]]);
