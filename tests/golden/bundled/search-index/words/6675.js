editionSearchLoaded("search-index/words/6675.js",[[0,"fuel 2 fuelled 1 full 2 fully 1 further 4"],[1,"fuel 2"],[6,"fuel 1 full 1"],[14,"fuel 1"]]);
