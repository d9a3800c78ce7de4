editionSearchLoaded("search-index/words/676c.js",[[0,"global 1 globalsecurity 2 globe 2 glossary 1"]]);
