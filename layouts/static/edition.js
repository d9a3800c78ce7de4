// Reading edition: progressive enhancements only; every page works without this file.
(function () {
  "use strict";
  // Highlight the annotated span a note's back-link returns to.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[role="doc-backlink"]');
    if (!link) return;
    var id = link.getAttribute("href").slice(1);
    var target = document.getElementById(id);
    if (target) target.focus({ preventScroll: true });
  });
})();
