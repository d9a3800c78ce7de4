editionSearchLoaded("search-index/words/6461.js",[[0,"daily 2 danger 1 date 1 dated 1 day 7 days 1"],[6,"days 1"],[12,"day 1"]]);
