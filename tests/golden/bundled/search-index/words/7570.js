editionSearchLoaded("search-index/words/7570.js",[[0,"up 5 upi 2"],[6,"up 1"],[9,"up 1"]]);
