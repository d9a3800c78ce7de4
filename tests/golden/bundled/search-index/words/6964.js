editionSearchLoaded("search-index/words/6964.js",[[0,"idle 1"]]);
