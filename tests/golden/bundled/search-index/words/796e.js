editionSearchLoaded("search-index/words/796e.js",[[0,"ynetnews 1"]]);
