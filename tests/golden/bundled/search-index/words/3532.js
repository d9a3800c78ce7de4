editionSearchLoaded("search-index/words/3532.js",[[0,"52 3 52s 1"],[3,"52 6 52s 3"],[7,"52 1"]]);
