editionSearchLoaded("search-index/words/6175.js",[[0,"august 3 author 9"],[10,"august 1"]]);
