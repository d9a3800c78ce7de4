editionSearchLoaded("search-index/words/6f63.js",[[0,"october 4"],[1,"october 2"],[6,"october 1"],[9,"october 1"],[15,"october 1"]]);
