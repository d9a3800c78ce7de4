editionSearchLoaded("search-index/words/6973.js",[[0,"is 36 issue 1 issued 1 issues 2"],[9,"is 1"],[12,"is 1"]]);
