editionSearchLoaded("search-index/words/6b62.js",[[0,"kbs 1"]]);
