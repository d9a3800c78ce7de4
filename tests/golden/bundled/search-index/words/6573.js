editionSearchLoaded("search-index/words/6573.js",[[0,"escalation 1 espionage 1 established 1"]]);
