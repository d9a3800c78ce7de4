editionSearchLoaded("search-index/words/6961.js",[[0,"iaea 1"],[1,"iaea 1"],[6,"iaea 1"],[17,"iaea 1"]]);
