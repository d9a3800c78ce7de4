editionSearchLoaded("search-index/words/656d.js",[[0,"embargo 1 empty 1"],[10,"employed 1 employing 1"],[15,"embargo 1"]]);
