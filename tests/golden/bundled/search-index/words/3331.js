editionSearchLoaded("search-index/words/3331.js",[[0,"31 2"],[5,"31 1"],[6,"31 1"]]);
