editionSearchLoaded("search-index/words/7965.js",[[0,"year 2 years 3 yes 1 yesterday 1"],[8,"year 1"],[11,"years 1"],[16,"years 2"],[17,"year 1"]]);
