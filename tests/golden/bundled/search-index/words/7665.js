editionSearchLoaded("search-index/words/7665.js",[[0,"ve 1 verification 3 very 1"],[4,"verifiable 1"],[14,"verify 1"]]);
