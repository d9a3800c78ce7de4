editionSearchLoaded("search-index/words/6365.js",[[0,"central 1 century 1"],[12,"ceasefire 1"],[13,"century 1"]]);
