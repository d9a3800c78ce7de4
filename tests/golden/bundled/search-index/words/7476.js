editionSearchLoaded("search-index/words/7476.js",[[0,"tv 1"]]);
