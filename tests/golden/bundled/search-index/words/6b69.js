editionSearchLoaded("search-index/words/6b69.js",[[0,"kim 6 kind 2"],[11,"kim 8"],[12,"kim 1"]]);
