editionSearchLoaded("search-index/words/6869.js",[[0,"higher 2 hill 1 hillary 1 him 3 hinted 1 hinting 1 his 17"],[11,"his 2"],[13,"hillary 1"],[16,"hillary 1"]]);
