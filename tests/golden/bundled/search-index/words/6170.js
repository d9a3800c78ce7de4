editionSearchLoaded("search-index/words/6170.js",[[0,"ap 4 apart 3 apology 1 appeared 1 appropriate 2 approved 1 april 48"],[7,"april 1"],[10,"april 4"],[14,"april 1"],[17,"april 1"]]);
