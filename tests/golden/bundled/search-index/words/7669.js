editionSearchLoaded("search-index/words/7669.js",[[0,"via 5 view 1 visit 7 visited 1 visits 2"],[9,"vice 1"],[15,"vii 1"],[16,"visit 2"]]);
