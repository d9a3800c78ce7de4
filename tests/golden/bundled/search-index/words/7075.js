editionSearchLoaded("search-index/words/7075.js",[[0,"publicity 1 publicly 1 published 1 pulling 1 punctuation 1 put 3 putting 1"]]);
