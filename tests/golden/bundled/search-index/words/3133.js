editionSearchLoaded("search-index/words/3133.js",[[0,"13 4"],[6,"13 2"]]);
