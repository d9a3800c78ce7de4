editionSearchLoaded("search-index/words/7175.js",[[0,"quality 1 quickly 1 quit 1 quotation 2 quoted 2"]]);
