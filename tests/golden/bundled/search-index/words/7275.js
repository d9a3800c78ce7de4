editionSearchLoaded("search-index/words/7275.js",[[0,"ruled 3 run 3 runs 1 russia 2"],[3,"runs 1"],[7,"run 1"],[14,"russia 1"],[16,"rule 1"]]);
