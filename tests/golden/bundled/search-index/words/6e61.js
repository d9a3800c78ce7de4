editionSearchLoaded("search-index/words/6e61.js",[[0,"named 1 national 2 naval 1"],[9,"national 2 navy 1"],[11,"national 1"],[12,"nam 1"],[13,"name 1"],[16,"named 1"]]);
