editionSearchLoaded("search-index/words/3134.js",[[0,"14 6"],[8,"14 1"],[15,"14 1"],[17,"14 1"]]);
