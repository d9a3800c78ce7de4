editionSearchLoaded("search-index/words/666c.js",[[0,"flew 3 flights 3 flying 1"],[2,"flew 1"],[3,"flown 1 flying 1"],[5,"flew 1"],[8,"flight 1"]]);
