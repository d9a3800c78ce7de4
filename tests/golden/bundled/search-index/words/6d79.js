editionSearchLoaded("search-index/words/6d79.js",[[0,"myanmar 1"],[16,"myanmar 7"]]);
