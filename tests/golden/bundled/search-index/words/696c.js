editionSearchLoaded("search-index/words/696c.js",[[0,"il 1"],[11,"il 2"],[12,"il 2"]]);
