editionSearchLoaded("search-index/words/6d62.js",[[0,"mbc 1"]]);
