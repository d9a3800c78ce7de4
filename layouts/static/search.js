// Search page: query the edition's own index (builder/search.py describes its files).
// Every word of the query must occur in a result (a word also matches longer words it
// begins); results are ranked by how often and how rarely the words occur, title first.
// Results are built with DOM nodes and textContent only: indexed text is never HTML.
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var FORMAT = 2; // builder/search.py: FORMAT
  var MAX_RESULTS = 20;
  var EXCERPT_WORDS = 28;
  var WORD = /[\p{L}\p{N}]+/gu; // builder/search.py: [^\W_]+ on folded text
  var TEXT_WORD = /[\p{L}\p{N}\p{M}]+/gu; // the same words, before folding
  // builder/render/search.py: _LETTERS. Arabic letter variants, tatweel (a letter, not a
  // mark) and Arabic-Indic digits; the hamza forms and diacritics go with the marks.
  var LETTERS = {"\u0671": "\u0627", "\u0649": "\u064a", "\u0629": "\u0647", "\u06cc": "\u064a",
    "\u06a9": "\u0643", "\u0640": ""};
  var LETTER = /[\u0671\u0649\u0629\u06cc\u06a9\u0640\u0660-\u0669\u06f0-\u06f9]/g;
  var lang = document.documentElement.lang || "en";
  var strings = readStrings();
  var plural, number;
  try {
    plural = new Intl.PluralRules(lang);
    number = new Intl.NumberFormat(lang, { numberingSystem: "latn" }); // as Babel writes them
  } catch (e) {
    plural = new Intl.PluralRules("en"); // a tag the browser does not take
    number = new Intl.NumberFormat("en");
  }

  var root = new URL(form.getAttribute("data-root") || "./", location.href);
  var loaded = Object.create(null); // path -> promise of its data
  var waiting = Object.create(null); // path -> resolve, until its script runs

  // Every index file is a script that calls this with its own path and its data:
  // browsers run scripts from a folder opened from disk, where they refuse fetch().
  window.editionSearchLoaded = function (path, value) {
    if (waiting[path]) {
      waiting[path](value);
      delete waiting[path];
    }
  };

  function load(path) {
    if (!loaded[path]) {
      loaded[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        var fail = function () {
          delete waiting[path];
          reject(new Error("not loaded: " + path));
        };
        waiting[path] = resolve;
        script.src = new URL(path, root).href;
        script.onerror = function () {
          script.remove();
          fail();
        };
        script.onload = function () {
          script.remove();
          if (waiting[path]) {
            fail(); // it ran, but did not hand over its data
          }
        };
        document.head.appendChild(script);
      });
    }
    return loaded[path];
  }

  // The page's interface strings (layouts/strings/, through search.html).
  function readStrings() {
    var element = document.getElementById("ed-strings");
    try {
      return element ? JSON.parse(element.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  // A string with its {placeholders} filled; a plural one in the form CLDR's rules choose.
  function say(key, values) {
    var entry = strings[key];
    if (entry && typeof entry === "object") {
      entry = entry[plural.select(values.n)] || entry.other;
    }
    return String(entry || key).replace(/\{([a-z_][a-z0-9_]*)\}/g, function (all, name) {
      var value = values[name];
      return typeof value === "number" ? number.format(value) : String(value);
    });
  }

  function fold(text) {
    return text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(LETTER, function (c) {
        var code = c.charCodeAt(0);
        if (code >= 0x660 && code <= 0x669) return String(code - 0x660);
        if (code >= 0x6f0 && code <= 0x6f9) return String(code - 0x6f0);
        return LETTERS[c];
      })
      .toLowerCase();
  }

  function words(text) {
    return fold(text).match(WORD) || [];
  }

  function prefixOf(word, length) {
    return Array.from(word).slice(0, length).join(""); // code points, as in Python
  }

  // Document number -> weight of `word` in it: exact matches count fully, longer words half.
  function weights(word, shard) {
    var found = new Map();
    shard.forEach(function (entry) {
      var parts = entry[1].split(" ");
      var weight = 0;
      for (var i = 0; i < parts.length; i += 2) {
        if (parts[i] === word) {
          weight += Number(parts[i + 1]);
        } else if (parts[i].startsWith(word)) {
          weight += Number(parts[i + 1]) / 2;
        }
      }
      if (weight > 0) {
        found.set(entry[0], weight);
      }
    });
    return found;
  }

  function rank(meta, queryWords, shards) {
    var total = meta.docs.length;
    var scores = null;
    queryWords.forEach(function (word, i) {
      var found = weights(word, shards[i]);
      var rarity = Math.log(1 + total / Math.max(found.size, 1));
      var next = new Map();
      found.forEach(function (weight, doc) {
        if (scores === null || scores.has(doc)) {
          next.set(doc, (scores === null ? 0 : scores.get(doc)) + rarity * (1 + Math.log(weight)));
        }
      });
      scores = next;
    });
    return Array.from(scores || new Map())
      .sort(function (a, b) {
        return b[1] - a[1] || a[0] - b[0];
      })
      .map(function (pair) {
        return pair[0];
      });
  }

  // The first passage where a query word occurs, with those words marked.
  function excerpt(text, queryWords) {
    var tokens = Array.from(text.matchAll(TEXT_WORD));
    var hit = function (token) {
      var folded = fold(token[0]);
      return queryWords.some(function (word) {
        return folded.startsWith(word);
      });
    };
    var first = Math.max(tokens.findIndex(hit), 0);
    var from = Math.max(first - Math.floor(EXCERPT_WORDS / 3), 0);
    var to = Math.min(from + EXCERPT_WORDS, tokens.length);
    var paragraph = document.createElement("p");
    paragraph.className = "search-result-excerpt";
    if (!tokens.length) {
      return paragraph;
    }
    var at = tokens[from].index;
    var add = function (piece) {
      // Paragraphs, notes and a term's names are lines of the text: keep them apart.
      var flat = piece.replace(/\s*\n\s*/g, " · ").replace(/\s+/g, " ");
      paragraph.appendChild(document.createTextNode(flat));
    };
    if (from > 0) {
      add("… ");
    }
    for (var i = from; i < to; i++) {
      var token = tokens[i];
      add(text.slice(at, token.index));
      if (hit(token)) {
        var mark = document.createElement("mark");
        mark.textContent = token[0];
        paragraph.appendChild(mark);
      } else {
        add(token[0]);
      }
      at = token.index + token[0].length;
    }
    add(to < tokens.length ? text.slice(at, tokens[to].index).trimEnd() + " …" : text.slice(at));
    return paragraph;
  }

  function result(doc, queryWords) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.className = "search-result-title";
    link.href = new URL(doc[0], root).href;
    link.textContent = doc[1];
    var kind = document.createElement("span");
    kind.className = "search-result-kind";
    kind.textContent = doc[2];
    item.append(link, kind);
    load(doc[3])
      .then(function (fragment) {
        item.appendChild(excerpt(fragment.text, queryWords));
      })
      .catch(function () {}); // the title and link are the result; the excerpt is extra
    return item;
  }

  var latest = 0;

  function search(query) {
    var ticket = ++latest;
    var url = new URL(location.href);
    if (query) {
      url.searchParams.set("q", query);
    } else {
      url.searchParams.delete("q");
    }
    history.replaceState(null, "", url);
    var queryWords = Array.from(new Set(words(query)));
    list.replaceChildren();
    if (!query.trim()) {
      status.textContent = "";
      return;
    }
    load("search-index/meta.js")
      .then(function (meta) {
        if (meta.version !== FORMAT) {
          throw new Error("index format " + meta.version);
        }
        queryWords = queryWords.filter(function (word) {
          return Array.from(word).length >= meta.prefix;
        });
        if (!queryWords.length) {
          return [meta, null];
        }
        var shards = queryWords.map(function (word) {
          var file = meta.shards[prefixOf(word, meta.prefix)];
          return file ? load(file) : Promise.resolve([]);
        });
        return Promise.all(shards).then(function (loadedShards) {
          return [meta, loadedShards];
        });
      })
      .then(function (pair) {
        if (ticket !== latest) {
          return;
        }
        var meta = pair[0];
        if (pair[1] === null) {
          status.textContent = say("search.short", {});
          return;
        }
        var found = rank(meta, queryWords, pair[1]);
        var shown = { n: found.length, query: query.trim(), shown: MAX_RESULTS };
        status.textContent =
          found.length === 0
            ? say("search.none", shown)
            : say(found.length > MAX_RESULTS ? "search.found_more" : "search.found", shown);
        found.slice(0, MAX_RESULTS).forEach(function (number) {
          list.appendChild(result(meta.docs[number], queryWords));
        });
      })
      .catch(function () {
        if (ticket === latest) {
          status.textContent = say("search.failed", {});
        }
      });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      search(input.value);
    }, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  // For the tests: the words a text gives, as the index has them (builder/render/search.py).
  window.editionSearchWords = words;
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    search(query);
  }
  input.focus();
})();
