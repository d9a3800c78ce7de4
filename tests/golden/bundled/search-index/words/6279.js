editionSearchLoaded("search-index/words/6279.js",[[0,"by 12"],[1,"by 2"],[2,"by 1"],[3,"by 2"],[5,"by 1"],[8,"by 1"],[12,"by 1"],[14,"by 1"],[15,"by 1"],[16,"by 2"]]);
