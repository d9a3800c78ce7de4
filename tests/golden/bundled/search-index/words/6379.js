editionSearchLoaded("search-index/words/6379.js",[[0,"cyberattack 1 cyberattacks 1 cycle 1"]]);
