editionSearchLoaded("search-index/words/726f.js",[[0,"robin 1 rocket 3 rodman 3 round 2"],[2,"round 1"],[3,"rotated 1"],[14,"round 1"],[15,"rocket 1"]]);
