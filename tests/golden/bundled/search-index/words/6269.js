editionSearchLoaded("search-index/words/6269.js",[[0,"bilaterally 1 bill 2"],[1,"bilateral 1"],[8,"billion 1"]]);
