editionSearchLoaded("search-index/words/646f.js",[[0,"do 1 document 1 dod 2 don 1 door 5 down 6"],[1,"down 1"],[6,"down 1"],[8,"dollars 1"],[14,"down 1"],[17,"down 1"]]);
