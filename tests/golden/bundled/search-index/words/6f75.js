editionSearchLoaded("search-index/words/6f75.js",[[0,"our 4 out 10 outlets 1"],[6,"out 1"],[8,"outside 1"],[13,"out 1"]]);
