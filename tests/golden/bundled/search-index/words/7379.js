editionSearchLoaded("search-index/words/7379.js",[[0,"symbolic 1 system 1 systems 3"],[8,"system 2"]]);
