editionSearchLoaded("search-index/words/7661.js",[[0,"vacation 1 vacationing 1"],[8,"vandenberg 1"]]);
