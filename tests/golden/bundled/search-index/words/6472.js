editionSearchLoaded("search-index/words/6472.js",[[0,"drawn 1 drew 1 drift 1 drills 1 dropped 1"],[2,"dropping 1"],[7,"drills 1"]]);
