editionSearchLoaded("search-index/words/7370.js",[[0,"spelling 1 spoke 1 spokesman 2 sponsored 1 spoon 1"],[2,"spirit 5"],[10,"special 1"],[11,"spring 1"]]);
