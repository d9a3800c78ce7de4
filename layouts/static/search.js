// Search page: start Pagefind's UI on the [data-search] box; a ?q= in the address runs a search.
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box) {
    return;
  }
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
    // Browsers do not let pages opened from a folder fetch the index.
    var note = document.querySelector("[data-search-unavailable]");
    if (note) {
      note.hidden = false;
    }
    return;
  }
  var root = new URL(box.getAttribute("data-root") || "./", location.href);
  var ui = new PagefindUI({
    element: "#" + box.id,
    bundlePath: new URL("pagefind/", root).pathname,
    baseUrl: root.pathname,
    showSubResults: true,
    showImages: false,
    autofocus: true,
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
