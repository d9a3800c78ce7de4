editionSearchLoaded("search-index/words/6a75.js",[[0,"judgement 2 july 5 june 2 justified 1"],[12,"july 1 june 1"],[15,"june 1"],[17,"july 1 june 1"]]);
