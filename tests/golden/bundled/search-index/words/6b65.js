editionSearchLoaded("search-index/words/6b65.js",[[0,"keqiang 1 kerry 16 key 1"],[7,"key 2"]]);
