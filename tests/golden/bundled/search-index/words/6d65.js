editionSearchLoaded("search-index/words/6d65.js",[[0,"mean 1 means 4 meant 1 media 2 medium 1 meeting 3 merges 1 message 1 met 1 mexico 1"],[4,"mean 1"],[15,"measures 1"],[17,"megawatt 1"]]);
