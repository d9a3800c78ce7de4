editionSearchLoaded("search-index/words/6c6f.js",[[0,"long 7 longstanding 1 look 2 looked 1 loose 1 los 1"],[2,"long 1"],[3,"long 1"],[5,"lockheed 1"],[7,"long 1"],[8,"long 1"]]);
