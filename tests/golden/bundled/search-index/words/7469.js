editionSearchLoaded("search-index/words/7469.js",[[0,"ties 2 time 2 times 3 timing 2 titles 1"],[6,"tied 1 titled 1"]]);
