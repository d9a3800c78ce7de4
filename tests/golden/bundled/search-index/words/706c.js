editionSearchLoaded("search-index/words/706c.js",[[0,"place 2 plan 1 planned 3 plans 2 platform 1 playbook 1 played 1 pledge 1"],[4,"pledged 1"],[17,"plant 1 plutonium 1"]]);
