editionSearchLoaded("search-index/words/6563.js",[[0,"economic 1 economically 1 economy 1"],[10,"economic 1"],[13,"economic 1"]]);
