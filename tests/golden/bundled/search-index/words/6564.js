editionSearchLoaded("search-index/words/6564.js",[[0,"editor 1 editorial 2 edward 1"]]);
