// Suggest a note: in suggest mode, a passage selected in the article becomes one ready
// sidecar entry (id, kind, quote and the shortest prefix or suffix that make it unique
// under the build's anchoring rules), to copy, to propose as an edit, or to send as an
// issue. Progressive enhancement: without this file the toggle stays hidden.
//
// The text and the selector follow builder/anchor/anchoring.py (TextIndex, find_quote)
// and builder/anchor/shortest.py (selection_selector, shortest_selector) step by step;
// tests/fixtures/suggest_vectors.json holds the cases both must agree on. Offsets here
// are UTF-16 units; lengths that order candidates count characters, as Python does.
(function () {
  "use strict";
  // Characters with a canonical combining class (Python's unicodedata.combining != 0):
  // written by `python -m tests.support.marks_table`, checked by tests/test_suggest.py.
  var MARKS = /[\u{300}-\u{34e}\u{350}-\u{36f}\u{483}-\u{487}\u{591}-\u{5bd}\u{5bf}\u{5c1}-\u{5c2}\u{5c4}-\u{5c5}\u{5c7}\u{610}-\u{61a}\u{64b}-\u{65f}\u{670}\u{6d6}-\u{6dc}\u{6df}-\u{6e4}\u{6e7}-\u{6e8}\u{6ea}-\u{6ed}\u{711}\u{730}-\u{74a}\u{7eb}-\u{7f3}\u{7fd}\u{816}-\u{819}\u{81b}-\u{823}\u{825}-\u{827}\u{829}-\u{82d}\u{859}-\u{85b}\u{898}-\u{89f}\u{8ca}-\u{8e1}\u{8e3}-\u{8ff}\u{93c}\u{94d}\u{951}-\u{954}\u{9bc}\u{9cd}\u{9fe}\u{a3c}\u{a4d}\u{abc}\u{acd}\u{b3c}\u{b4d}\u{bcd}\u{c3c}\u{c4d}\u{c55}-\u{c56}\u{cbc}\u{ccd}\u{d3b}-\u{d3c}\u{d4d}\u{dca}\u{e38}-\u{e3a}\u{e48}-\u{e4b}\u{eb8}-\u{eba}\u{ec8}-\u{ecb}\u{f18}-\u{f19}\u{f35}\u{f37}\u{f39}\u{f71}-\u{f72}\u{f74}\u{f7a}-\u{f7d}\u{f80}\u{f82}-\u{f84}\u{f86}-\u{f87}\u{fc6}\u{1037}\u{1039}-\u{103a}\u{108d}\u{135d}-\u{135f}\u{1714}-\u{1715}\u{1734}\u{17d2}\u{17dd}\u{18a9}\u{1939}-\u{193b}\u{1a17}-\u{1a18}\u{1a60}\u{1a75}-\u{1a7c}\u{1a7f}\u{1ab0}-\u{1abd}\u{1abf}-\u{1ace}\u{1b34}\u{1b44}\u{1b6b}-\u{1b73}\u{1baa}-\u{1bab}\u{1be6}\u{1bf2}-\u{1bf3}\u{1c37}\u{1cd0}-\u{1cd2}\u{1cd4}-\u{1ce0}\u{1ce2}-\u{1ce8}\u{1ced}\u{1cf4}\u{1cf8}-\u{1cf9}\u{1dc0}-\u{1dff}\u{20d0}-\u{20dc}\u{20e1}\u{20e5}-\u{20f0}\u{2cef}-\u{2cf1}\u{2d7f}\u{2de0}-\u{2dff}\u{302a}-\u{302f}\u{3099}-\u{309a}\u{a66f}\u{a674}-\u{a67d}\u{a69e}-\u{a69f}\u{a6f0}-\u{a6f1}\u{a806}\u{a82c}\u{a8c4}\u{a8e0}-\u{a8f1}\u{a92b}-\u{a92d}\u{a953}\u{a9b3}\u{a9c0}\u{aab0}\u{aab2}-\u{aab4}\u{aab7}-\u{aab8}\u{aabe}-\u{aabf}\u{aac1}\u{aaf6}\u{abed}\u{fb1e}\u{fe20}-\u{fe2f}\u{101fd}\u{102e0}\u{10376}-\u{1037a}\u{10a0d}\u{10a0f}\u{10a38}-\u{10a3a}\u{10a3f}\u{10ae5}-\u{10ae6}\u{10d24}-\u{10d27}\u{10eab}-\u{10eac}\u{10f46}-\u{10f50}\u{10f82}-\u{10f85}\u{11046}\u{11070}\u{1107f}\u{110b9}-\u{110ba}\u{11100}-\u{11102}\u{11133}-\u{11134}\u{11173}\u{111c0}\u{111ca}\u{11235}-\u{11236}\u{112e9}-\u{112ea}\u{1133b}-\u{1133c}\u{1134d}\u{11366}-\u{1136c}\u{11370}-\u{11374}\u{11442}\u{11446}\u{1145e}\u{114c2}-\u{114c3}\u{115bf}-\u{115c0}\u{1163f}\u{116b6}-\u{116b7}\u{1172b}\u{11839}-\u{1183a}\u{1193d}-\u{1193e}\u{11943}\u{119e0}\u{11a34}\u{11a47}\u{11a99}\u{11c3f}\u{11d42}\u{11d44}-\u{11d45}\u{11d97}\u{16af0}-\u{16af4}\u{16b30}-\u{16b36}\u{16ff0}-\u{16ff1}\u{1bc9e}\u{1d165}-\u{1d169}\u{1d16d}-\u{1d172}\u{1d17b}-\u{1d182}\u{1d185}-\u{1d18b}\u{1d1aa}-\u{1d1ad}\u{1d242}-\u{1d244}\u{1e000}-\u{1e006}\u{1e008}-\u{1e018}\u{1e01b}-\u{1e021}\u{1e023}-\u{1e024}\u{1e026}-\u{1e02a}\u{1e130}-\u{1e136}\u{1e2ae}\u{1e2ec}-\u{1e2ef}\u{1e8d0}-\u{1e8d6}\u{1e944}-\u{1e94a}]/u; // Unicode 14.0.0
  // Python's str.isspace(): JavaScript's \s lacks U+001C-U+001F and U+0085 and has U+FEFF.
  var SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var IS_SPACE = new RegExp("^[" + SPACE + "]$");
  var SPACES = new RegExp("[" + SPACE + "]+", "g");
  var EDGE_SPACES = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "g");
  var FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2026": "...", "\u2013": "--", "\u2014": "---"
  };
  var MAX_CONTEXT_WORDS = 8, ID_WORDS = 5, MAX_URL = 8000;
  var BLOCK_TAGS = ["P", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "TD", "TH", "DT", "DD",
    "PRE", "FIGCAPTION", "CAPTION"];
  var NESTED = BLOCK_TAGS.concat(["UL", "OL", "DL", "BLOCKQUOTE", "TABLE", "THEAD", "TBODY",
    "TR", "DIV", "HR", "FIGURE"]);

  // --- Python's string methods, for the steps below ------------------------------------
  function isSpace(ch) { return IS_SPACE.test(ch); }
  function strip(text) { return text.replace(EDGE_SPACES, ""); }
  function rstrip(text) { return text.replace(new RegExp("[" + SPACE + "]+$"), ""); }
  function lstrip(text) { return text.replace(new RegExp("^[" + SPACE + "]+"), ""); }
  function words(text) { return text.split(SPACES).filter(function (w) { return w !== ""; }); }
  function oneLine(text) { return text.replace(SPACES, " "); }
  function chars(text) { return Array.from(text).length; }
  function combining(ch) { return MARKS.test(ch); }

  // anchoring.fold_text / normalize_quote
  function foldText(text) {
    var out = "";
    Array.from(text.normalize("NFC")).forEach(function (ch) {
      if (isSpace(ch)) { if (out === "" || out[out.length - 1] !== " ") out += " "; }
      else out += FOLD[ch] || ch;
    });
    return out;
  }
  function normalizeQuote(text) { return strip(foldText(text)); }

  // anchoring.TextIndex: the blocks' folded text, each unit mapped to its raw range.
  function TextIndex(blocks) {
    var text = "", blockOf = [], rawStart = [], rawEnd = [], blockStart = [];
    function emit(out, b, start, end) {
      text += out;
      for (var k = 0; k < out.length; k++) { blockOf.push(b); rawStart.push(start); rawEnd.push(end); }
    }
    function cluster(raw, b, p, j) {
      Array.from(raw.slice(p, j).normalize("NFC")).forEach(function (ch) { emit(FOLD[ch] || ch, b, p, j); });
    }
    blocks.forEach(function (raw, b) {
      if (b) emit("\n", b - 1, blocks[b - 1].length, blocks[b - 1].length);
      blockStart.push(blockOf.length);
      var p = 0;
      while (p < raw.length) {
        var ch = String.fromCodePoint(raw.codePointAt(p)), j = p + ch.length;
        if (isSpace(ch)) {
          while (j < raw.length && isSpace(raw[j])) j++;
          emit(" ", b, p, j);  // a run of white space, or one that is not " ", is one space
        } else if (ch.charCodeAt(0) < 128 && !(j < raw.length && combining(nextChar(raw, j)))) {
          emit(ch, b, p, j);
        } else {
          while (j < raw.length && combining(nextChar(raw, j))) j += nextChar(raw, j).length;
          cluster(raw, b, p, j);  // a character with the combining marks after it
        }
        p = j;
      }
    });
    this.blocks = blocks;
    this.text = text;
    this.spaced = text.replace(/\n/g, " ");
    this.blockStart = blockStart;
    this.span = function (start, end) {
      return { block: blockOf[start], start: rawStart[start], end: rawEnd[end - 1] };
    };
    this.inside = function (block, start, end) {
      var first = blockStart[block];
      var last = block + 1 < blocks.length ? blockStart[block + 1] - 1 : text.length;
      var found = [];
      for (var k = first; k < last; k++) if (rawStart[k] >= start && rawEnd[k] <= end) found.push(k);
      return found;
    };
  }
  function nextChar(raw, j) { return String.fromCodePoint(raw.codePointAt(j)); }

  function findAll(haystack, needle) {
    var found = [], start = haystack.indexOf(needle);
    while (start !== -1) { found.push(start); start = haystack.indexOf(needle, start + 1); }
    return found;
  }

  // anchoring.find_quote, for a selector without occurrence: its one span, or null.
  function findQuote(index, exact, prefix, suffix) {
    var quote = normalizeQuote(exact);
    if (!quote) return null;
    var wantPrefix = rstrip(foldText(prefix)), wantSuffix = lstrip(foldText(suffix));
    var kept = findAll(index.text, quote).filter(function (s) {
      return (!wantPrefix || rstrip(index.spaced.slice(0, s)).endsWith(wantPrefix)) &&
        (!wantSuffix || lstrip(index.spaced.slice(s + quote.length)).startsWith(wantSuffix));
    });
    return kept.length === 1 ? index.span(kept[0], kept[0] + quote.length) : null;
  }

  function samePlace(a, b) { return a && b && a.block === b.block && a.start === b.start && a.end === b.end; }

  // shortest.shortest_selector
  function shortestSelector(index, span, occurrence) {
    var block = index.blocks[span.block];
    var quote = strip(oneLine(block.slice(span.start, span.end)));
    var joinBefore = span.start === 0 || isSpace(block[span.start - 1]) ? " " : "";
    var joinAfter = span.end === block.length || isSpace(block[span.end]) ? " " : "";
    var before = block.slice(0, span.start), after = block.slice(span.end);
    if (span.block && words(before).length < MAX_CONTEXT_WORDS) before = index.blocks[span.block - 1] + " " + before;
    if (span.block + 1 < index.blocks.length && words(after).length < MAX_CONTEXT_WORDS) after = after + " " + index.blocks[span.block + 1];
    var befores = words(oneLine(before)).slice(-MAX_CONTEXT_WORDS);
    var afters = words(oneLine(after)).slice(0, MAX_CONTEXT_WORDS);
    var prefixes = [], suffixes = [], k;
    for (k = 1; k <= befores.length; k++) prefixes.push(befores.slice(-k).join(" ") + joinBefore);
    for (k = 1; k <= afters.length; k++) suffixes.push(joinAfter + afters.slice(0, k).join(" "));
    var candidates = [{ quote: quote, prefix: "", suffix: "" }]
      .concat(prefixes.map(function (p) { return { quote: quote, prefix: p, suffix: "" }; }))
      .concat(suffixes.map(function (s) { return { quote: quote, prefix: "", suffix: s }; }));
    candidates.sort(byLength);  // stable, as Python's sort
    var pairs = [];
    prefixes.forEach(function (p) { suffixes.forEach(function (s) { pairs.push({ quote: quote, prefix: p, suffix: s }); }); });
    candidates = candidates.concat(pairs.sort(byLength));
    for (k = 0; k < candidates.length; k++) {
      var c = candidates[k];
      if (samePlace(findQuote(index, c.quote, c.prefix, c.suffix), span)) return c;
    }
    return { quote: quote, prefix: "", suffix: "", occurrence: occurrence };
  }
  function byLength(a, b) { return chars(strip(a.prefix)) + chars(strip(a.suffix)) - chars(strip(b.prefix)) - chars(strip(b.suffix)); }

  // shortest.selection_selector: a selection in raw block offsets -> selector, or null.
  function selectionSelector(index, block, start, end) {
    var text = index.blocks[block];
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    var inside = index.inside(block, start, end);
    if (!inside.length || !strip(index.text.slice(inside[0], inside[inside.length - 1] + 1))) return null;
    var span = index.span(inside[0], inside[inside.length - 1] + 1);
    var starts = findAll(index.text, normalizeQuote(text.slice(span.start, span.end)));
    var nth = starts.indexOf(inside[0]);
    return shortestSelector(index, span, nth === -1 ? 1 : nth + 1);
  }

  // --- The page: the article's blocks as the build sees them ----------------------------
  // inject.find_blocks: each block's own text (not its nested blocks'), without the
  // elements the build inserted (markers, margin copies: [data-for]).
  function readBlocks(body) {
    var blocks = [];
    body.querySelectorAll(BLOCK_TAGS.join(",")).forEach(function (element) {
      if (element.closest("[data-for]")) return;
      var block = { element: element, text: "", nodes: [] };
      (function collect(node, top) {
        for (var child = node.firstChild; child; child = child.nextSibling) {
          if (child.nodeType === Node.TEXT_NODE) {
            block.nodes.push({ node: child, start: block.text.length });
            block.text += child.data;
          } else if (child.nodeType === Node.ELEMENT_NODE && !child.hasAttribute("data-for") &&
            !(top && NESTED.indexOf(child.tagName) !== -1)) {
            collect(child, false);
          }
        }
      })(element, true);
      blocks.push(block);
    });
    return blocks;
  }

  // Where a DOM range lies in the blocks: {block, start, end}, {crosses: true}, or null.
  function placeOf(blocks, range) {
    var place = null;
    for (var b = 0; b < blocks.length; b++) {
      var nodes = blocks[b].nodes;
      for (var i = 0; i < nodes.length; i++) {
        var node = nodes[i].node;
        if (!range.intersectsNode(node)) continue;
        var from = node === range.startContainer ? range.startOffset : 0;
        var to = node === range.endContainer ? range.endOffset : node.data.length;
        if (to <= from) continue;
        if (place && place.block !== b) return { crosses: true };
        if (!place) place = { block: b, start: nodes[i].start + from };
        place.end = nodes[i].start + to;
      }
    }
    return place;
  }

  var api = { TextIndex: TextIndex, selectionSelector: selectionSelector, readBlocks: readBlocks, placeOf: placeOf };
  window.EditionSuggest = api;

  // --- The panel --------------------------------------------------------------------------
  var root = document.querySelector("[data-suggest]");
  var body = document.querySelector("[data-article-body]");
  if (!root || !body) return;
  var toggle = root.querySelector("[data-suggest-toggle]");
  var panel = root.querySelector("[data-suggest-panel]");
  var form = root.querySelector("[data-suggest-form]");
  var status = root.querySelector("[data-suggest-status]");
  var yaml = root.querySelector("[data-suggest-yaml]");
  var kind = root.querySelector("[data-suggest-kind]");
  var issueLink = root.querySelector("[data-suggest-issue]");
  var inputs = root.querySelectorAll("[data-suggest-input]");
  var blocks = readBlocks(body);
  var index = new TextIndex(blocks.map(function (b) { return b.text; }));
  var taken = {}, given = {};
  body.querySelectorAll("[data-annotation]").forEach(function (el) { taken[el.getAttribute("data-annotation")] = true; });
  var current = null, timer = 0;
  root.hidden = false;

  function setOn(on) {
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    toggle.setAttribute("aria-expanded", on ? "true" : "false");
    panel.hidden = !on;
    document.documentElement.classList.toggle("ed-suggesting", on);
    if (on) update();
  }

  function message(text) {
    status.textContent = text;
  }

  // An id from the quote's first words, never one the article or this page gave out.
  function idFor(place, quote, kindName) {
    var key = place.block + ":" + place.start + ":" + place.end;
    if (given[key]) return given[key];
    var plain = quote.replace(/(\w)['\u2019](\w)/g, "$1$2").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    var base = (plain.match(/[a-z0-9]+/g) || []).slice(0, ID_WORDS).join("-") || kindName;
    var id = base, n = 2;
    while (taken[id]) id = base + "-" + n++;
    taken[id] = true;
    given[key] = id;
    return id;
  }

  function update() {
    if (panel.hidden) return;
    var selection = window.getSelection();
    if (!selection || !selection.rangeCount || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer) && !range.intersectsNode(body)) return;
    if (panel.contains(range.commonAncestorContainer)) return;
    var place = placeOf(blocks, range);
    if (place && place.crosses) {
      show(null, root.getAttribute("data-text-crosses"));
      return;
    }
    var selector = place && selectionSelector(index, place.block, place.start, place.end);
    if (!selector) {
      show(null, root.getAttribute("data-text-empty"));
      return;
    }
    current = { place: place, selector: selector };
    render();
  }

  function show(entry, text) {
    form.hidden = !entry;
    message(text);
    if (!entry) current = null;
  }

  function field(name) {
    var el = root.querySelector('[data-suggest-input="' + name + '"]');
    return el ? el.value.trim() : "";
  }

  // One block-style YAML list item; every text value as a JSON string, which YAML reads.
  function entryYaml(c) {
    var k = kind.value, indent = " ".repeat(Number(root.getAttribute("data-indent") || 2));
    var lines = ["- id: " + idFor(c.place, c.selector.quote, k), "kind: " + k, "quote: " + JSON.stringify(c.selector.quote)];
    if (c.selector.prefix) lines.push("prefix: " + JSON.stringify(c.selector.prefix));
    if (c.selector.suffix) lines.push("suffix: " + JSON.stringify(c.selector.suffix));
    if (c.selector.occurrence) lines.push("occurrence: " + c.selector.occurrence);
    var note = field("note") || root.getAttribute("data-text-note");
    if (k === "context") lines.push("url: " + JSON.stringify(field("url") || "https://example.org/"));
    if (k === "fact") lines.push("verdict: " + field("verdict"));
    if (k === "term") lines.push("term: " + (field("term") || "term-id"));
    if (k === "footnote" || k === "fact" || field("note")) lines.push("note: " + JSON.stringify(note));
    if (k === "fact") {
      lines.push("sources:");
      lines.push("  - {title: " + JSON.stringify(field("source-title") || "Source") + ", url: " +
        JSON.stringify(field("source-url") || "https://example.org/") + "}");
    }
    return lines.map(function (line, i) { return indent + (i ? "  " : "") + line; }).join("\n") + "\n";
  }

  function render() {
    if (!current) return;
    var text = entryYaml(current);
    yaml.textContent = text;
    root.querySelectorAll("[data-suggest-field]").forEach(function (el) {
      el.hidden = el.getAttribute("data-suggest-field").split(" ").indexOf(kind.value) === -1;
    });
    show(current, root.getAttribute("data-text-ready"));
    if (issueLink) issueLink.href = issueUrl(text);
  }

  function issueUrl(entry) {
    var template = root.getAttribute("data-issue-url");
    var title = root.getAttribute("data-text-issue-title");
    var full = root.getAttribute("data-text-issue-body") + "\n\n```yaml\n" + entry + "```\n";
    var url = fill(template, title, full);
    if (url.length > MAX_URL) url = fill(template, title, root.getAttribute("data-text-too-long") + "\n\n```yaml\n" + entry.slice(0, 1500) + "\n```\n");
    return url;
  }
  function fill(template, title, text) {
    return template.replace("{title}", encodeURIComponent(title)).replace("{body}", encodeURIComponent(text));
  }

  function copy() {
    var text = yaml.textContent;
    var done = function () { message(root.getAttribute("data-text-copied")); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else fallback();
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents(yaml);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try { if (document.execCommand("copy")) done(); } catch (e) { /* the entry stays selected */ }
    }
  }

  toggle.addEventListener("click", function () { setOn(toggle.getAttribute("aria-pressed") !== "true"); });
  root.querySelector("[data-suggest-close]").addEventListener("click", function () { setOn(false); toggle.focus(); });
  root.querySelector("[data-suggest-copy]").addEventListener("click", copy);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); setOn(false); toggle.focus(); }
  });
  kind.addEventListener("change", render);
  inputs.forEach(function (el) { el.addEventListener("input", render); });
  document.addEventListener("selectionchange", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });
})();
