editionSearchLoaded("search-index/words/796f.js",[[0,"yongbyon 4 york 1 you 7 your 2"],[1,"yongbyon 1"],[6,"yongbyon 1"],[14,"yongbyon 1"],[17,"yongbyon 6"]]);
