editionSearchLoaded("search-index/words/3138.js",[[0,"18 7"],[5,"187 1"],[15,"1874 1"]]);
