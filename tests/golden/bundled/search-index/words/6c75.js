editionSearchLoaded("search-index/words/6c75.js",[[0,"lure 1"],[15,"luxury 1"]]);
