editionSearchLoaded("search-index/words/766f.js",[[0,"voa 5 void 1"],[12,"void 1 volunteers 1"]]);
