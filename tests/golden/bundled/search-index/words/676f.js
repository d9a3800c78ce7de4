editionSearchLoaded("search-index/words/676f.js",[[0,"go 2 going 3 gone 1 google 2 government 2 governments 1 governor 1"],[4,"goal 2"],[9,"goldwater 1"],[15,"goods 1"],[16,"government 1"]]);
