editionSearchLoaded("search-index/words/7461.js",[[0,"table 2 take 4 taken 1 taking 2 talk 1 talks 33 tangible 1"],[4,"talks 1"],[5,"take 1"],[6,"talks 1"],[14,"talks 8"]]);
