editionSearchLoaded("search-index/words/6f6b.js",[[0,"okinawa 1"],[5,"okinawa 1"]]);
