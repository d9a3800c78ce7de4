editionSearchLoaded("search-index/words/636e.js",[[0,"cnn 2 cnsnews 1"]]);
