editionSearchLoaded("search-index/words/7079.js",[[0,"pyongyang 17"],[12,"pyongyang 1"],[17,"pyongyang 1"]]);
