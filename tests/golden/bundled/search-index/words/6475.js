editionSearchLoaded("search-index/words/6475.js",[[0,"during 4"],[3,"during 1"]]);
