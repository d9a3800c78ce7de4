editionSearchLoaded("search-index/words/6576.js",[[0,"eventual 1 every 2"]]);
