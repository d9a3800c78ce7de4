editionSearchLoaded("search-index/words/6372.js",[[0,"created 1 crisis 3 criticised 1"],[11,"crisis 1"],[12,"created 1"]]);
