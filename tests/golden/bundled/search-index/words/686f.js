editionSearchLoaded("search-index/words/686f.js",[[0,"hold 1 honolulu 1 hope 1 hoped 1 hosted 2 however 1"],[8,"homeland 1"],[14,"hosted 1 how 1"]]);
