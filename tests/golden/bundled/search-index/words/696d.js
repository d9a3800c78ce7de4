editionSearchLoaded("search-index/words/696d.js",[[0,"imperialist 1 implement 1 improving 1"],[1,"implementation 1"],[6,"implementation 1"],[15,"imposed 1"],[16,"improvement 1"]]);
