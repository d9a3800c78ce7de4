editionSearchLoaded("search-index/words/6169.js",[[0,"aid 3 aimed 1 aims 1 air 1"],[2,"air 3"],[3,"air 2"],[5,"air 4 aircraft 2"],[6,"aid 1"],[8,"air 1"],[9,"air 1"],[13,"aims 1"],[14,"aid 1"]]);
