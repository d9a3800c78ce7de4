editionSearchLoaded("search-index/words/6772.js",[[0,"greely 3 ground 2"],[1,"graphite 1"],[2,"grumman 1"],[8,"greely 2 ground 8"],[11,"grandson 1"],[17,"graphite 1"]]);
