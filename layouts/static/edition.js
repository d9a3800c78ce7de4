// Reading edition: popovers for notes, terms and context links, and remembered reading
// options. Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var WIDE = window.matchMedia("(min-width: 1100px)");
  var STORE = "edition-options";
  var TRIGGERS = '[role="doc-noteref"], a.annotation-term, a.annotation-context';
  var HOVER_OPEN = 350, HOVER_CLOSE = 300;
  var body = document.querySelector("[data-article-body]");
  var cards = document.getElementById("ed-cards");

  rememberOptions();
  if (!body || !("showPopover" in HTMLElement.prototype)) return;
  // The margin copies repeat what each marker's popover says: keep screen readers to one.
  body.querySelectorAll(".sidenote").forEach(function (note) { note.setAttribute("aria-hidden", "true"); });

  var pop = document.createElement("div");
  pop.className = "ed-popover";
  pop.id = "ed-popover";
  pop.setAttribute("popover", "auto");
  pop.setAttribute("role", "dialog");
  pop.setAttribute("aria-labelledby", "ed-popover-title");
  pop.tabIndex = -1;
  pop.innerHTML =
    '<div class="ed-popover-head"><p class="ed-popover-title" id="ed-popover-title"></p>' +
    '<button type="button" class="ed-popover-close"></button></div>' +
    '<div class="ed-popover-body"></div>';
  document.body.appendChild(pop);
  pop.querySelector(".ed-popover-close").textContent = interfaceString("popover.close", "Close");
  var title = pop.querySelector(".ed-popover-title");
  var content = pop.querySelector(".ed-popover-body");
  var invoker = null, pending = null, openTimer = 0, closeTimer = 0, restoring = false, hadFocus = false;

  // A word of the interface in the page's language (layouts/strings/, through the page).
  function interfaceString(key, fallback) {
    var element = document.getElementById("ed-strings");
    try {
      return (element && JSON.parse(element.textContent)[key]) || fallback;
    } catch (e) {
      return fallback;
    }
  }

  // Reading options: each switch is remembered; CSS does the showing and hiding.
  function rememberOptions() {
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem(STORE) || "{}") || {}; } catch (e) { saved = {}; }
    var boxes = document.querySelectorAll(".reader-options input[type=checkbox]");
    boxes.forEach(function (box) {
      if (typeof saved[box.id] === "boolean") box.checked = saved[box.id];
      box.addEventListener("change", function () {
        saved[box.id] = box.checked;
        try { localStorage.setItem(STORE, JSON.stringify(saved)); } catch (e) { /* private mode */ }
      });
    });
  }

  // A marker may sit inside another annotation's span, so ask its endnote for the kind.
  function kindOf(el) {
    if (el.hasAttribute("data-kind")) return el.getAttribute("data-kind");
    var note = document.getElementById(el.getAttribute("href").slice(1));
    return note ? note.getAttribute("data-kind") : "";
  }

  function annotationId(el) {
    if (!el) return "";
    if (el.hasAttribute("data-annotation")) return el.getAttribute("data-annotation");
    var owner = el.closest("[data-for]");
    return owner ? owner.getAttribute("data-for") : "";
  }

  function kindShown(kind) {
    var box = document.getElementById("ed-show-" + kind);
    return !box || box.checked;
  }

  // A glossary term's card is a script of its own (glossary/<id>/card.js, beside the
  // term's page), loaded the first time the term is opened: a script, not a fetch, so
  // that it loads from a folder opened from disk too. It calls editionCardLoaded.
  var termCards = {}, cardWaiting = {};
  window.editionCardLoaded = function (path, card) {
    if (cardWaiting[path]) cardWaiting[path](card);
  };

  function cardPath(el) {
    return el.getAttribute("href").replace(/index\.html$/, "card.js");
  }

  function loadCard(el) {
    var path = cardPath(el);
    if (!termCards[path]) {
      termCards[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = path;
        // The card names itself by its path in the site: glossary/<id>/card.js.
        cardWaiting["glossary/" + el.getAttribute("href").split("/").slice(-2)[0] + "/card.js"] = resolve;
        script.onerror = function () { delete termCards[path]; reject(new Error(path)); };
        document.head.appendChild(script);
      });
    }
    return termCards[path];
  }

  // What a trigger's popover shows: a container of elements and a heading; null when
  // there is nothing (yet: a term whose card is not loaded).
  function sourceOf(el) {
    if (el.getAttribute("role") === "doc-noteref") {
      var id = el.getAttribute("href").slice(1);
      return { box: document.getElementById(id), heading: el.getAttribute("aria-label") };
    }
    if (el.classList.contains("annotation-term")) {
      var card = loaded[cardPath(el)];
      if (!card) return null;
      var box = document.createElement("template");
      box.innerHTML = card.html; // the build's own sanitized definition (render/scripts.py)
      return { box: box.content, heading: card.title };
    }
    var found = cards && cards.content.querySelector(
      '[data-card="' + CSS.escape(el.getAttribute("data-annotation")) + '"]');
    return { box: found, heading: found && found.getAttribute("data-title") };
  }
  var loaded = {};

  // Fill the popover for a trigger; return false when there is nothing to show.
  function fill(el) {
    var source = sourceOf(el);
    if (!source || !source.box) return false;
    title.textContent = source.heading || "";
    content.replaceChildren();
    Array.prototype.forEach.call(source.box.children, function (child) {
      if (child.matches(".backlink, .backlinks")) return;
      content.appendChild(child.cloneNode(true));
    });
    content.querySelectorAll("[id]").forEach(function (x) { x.removeAttribute("id"); });
    return true;
  }

  // On wide screens the popover goes in the margin beside the line, never over the text.
  function place(el) {
    var anchor = el.getBoundingClientRect();
    pop.classList.remove("is-sheet");
    pop.style.left = pop.style.top = pop.style.width = "";
    if (!WIDE.matches) {
      pop.classList.add("is-sheet");
      var covered = anchor.bottom + 8 - (window.innerHeight - pop.offsetHeight);
      if (covered > 0) window.scrollBy(0, covered);
      return;
    }
    var column = body.getBoundingClientRect();
    var gap = 24, edge = 12;
    // Fact checks sit in the margin before the lines (the left, or the right in a
    // right-to-left language), the other notes in the margin after them.
    var rtl = getComputedStyle(body).direction === "rtl";
    var left = (kindOf(el) === "fact") !== rtl;
    var room = left ? column.left - gap - edge : window.innerWidth - column.right - gap - edge;
    var width = Math.min(352, room);
    pop.style.width = width + "px";
    pop.style.left = (left ? column.left - gap - width : column.right + gap) + "px";
    var top = Math.max(edge, Math.min(anchor.top - 12, window.innerHeight - pop.offsetHeight - edge));
    pop.style.top = top + "px";
  }

  function highlight(el, on) {
    var id = annotationId(el);
    if (!id) return;
    document.querySelectorAll('[data-annotation="' + CSS.escape(id) + '"], .sidenote[data-for="' +
      CSS.escape(id) + '"]').forEach(function (x) { x.classList.toggle("is-hot", on); });
  }

  function open(el, focusInside) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (invoker === el && pop.matches(":popover-open")) {
      if (focusInside) pop.focus();
      return;
    }
    if (el.classList.contains("annotation-term") && !loaded[cardPath(el)]) {
      pending = el;
      loadCard(el).then(function (card) {
        loaded[cardPath(el)] = card;
        if (pending === el) open(el, focusInside); // still wanted: not moved away meanwhile
      }, function () { /* no card: the link still leads to the glossary page */ });
      return;
    }
    pending = null;
    if (!fill(el)) return;
    if (pop.matches(":popover-open")) pop.hidePopover();
    invoker = el;
    hadFocus = false;
    highlight(el, true);
    pop.showPopover();
    place(el);
    if (focusInside) pop.focus();
  }

  function close(returnFocus) {
    clearTimeout(openTimer);
    pending = null;
    // Hiding a popover that holds focus sends focus back to the element that had it before
    // (the marker, for a popover opened by keyboard focus): that focus must not reopen it.
    restoring = true;
    if (pop.matches(":popover-open")) pop.hidePopover();
    if (returnFocus && invoker) invoker.focus();
    restoring = false;
  }

  pop.addEventListener("toggle", function (event) {
    if (event.newState !== "closed") return;
    highlight(invoker, false);
    // Esc and light dismiss close the popover natively; focus goes back where it came from.
    var lost = pop.contains(document.activeElement) || document.activeElement === document.body;
    if (invoker && hadFocus && lost) {
      restoring = true;
      invoker.focus();
      restoring = false;
    }
  });
  pop.addEventListener("focusin", function () { hadFocus = true; });
  pop.querySelector(".ed-popover-close").addEventListener("click", function () { close(true); });
  pop.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); close(true); }
  });
  pop.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !pop.contains(event.relatedTarget) && event.relatedTarget !== invoker) {
      close(false);
    }
  });

  function trigger(event) {
    var el = event.target.closest && event.target.closest(TRIGGERS);
    return el && body.contains(el) && kindShown(kindOf(el)) ? el : null;
  }

  // Click or Enter opens the popover and moves focus into it; modified clicks follow the link.
  document.addEventListener("click", function (event) {
    var note = event.target.closest && event.target.closest(".sidenote");
    if (note && !event.target.closest("a[href^='http']")) {
      var ref = document.getElementById("ref-" + note.getAttribute("data-for"));
      if (ref) { event.preventDefault(); open(ref, true); }
      return;
    }
    var el = trigger(event);
    if (!el || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button) return;
    event.preventDefault();
    open(el, true);
  });

  // Hovering (mouse) or keyboard focus opens it without moving focus.
  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse") return;
    if (pop.contains(event.target)) { clearTimeout(closeTimer); return; }
    var hot = event.target.closest && event.target.closest(".annotation, .marker, .sidenote");
    if (hot) highlight(hot, true);
    var el = trigger(event);
    if (el && el.classList.contains("annotation-term")) loadCard(el).catch(function () {});
    if (!el || (pop.matches(":popover-open") && pop.contains(document.activeElement))) return;
    clearTimeout(closeTimer);
    clearTimeout(openTimer);
    openTimer = setTimeout(function () { open(el, false); }, HOVER_OPEN);
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType !== "mouse") return;
    var hot = event.target.closest && event.target.closest(".annotation, .marker, .sidenote");
    if (hot && hot !== invoker) highlight(hot, false);
    var el = trigger(event) || (pop.contains(event.target) ? pop : null);
    if (!el || (event.relatedTarget && (el.contains(event.relatedTarget) || pop.contains(event.relatedTarget)))) return;
    clearTimeout(openTimer);
    if (pop.contains(document.activeElement)) return; // opened by click: stays until closed
    closeTimer = setTimeout(function () { close(false); }, HOVER_CLOSE);
  });
  document.addEventListener("focusin", function (event) {
    if (restoring || pop.contains(event.target)) return;
    var el = trigger(event);
    if (el && el.classList.contains("annotation-term")) loadCard(el).catch(function () {});
    if (el && el.matches(":focus-visible")) {
      clearTimeout(openTimer);
      openTimer = setTimeout(function () { open(el, false); }, 150);
    } else if (pop.matches(":popover-open") && !pop.contains(document.activeElement)) {
      close(false);
    }
  });
  window.addEventListener("resize", function () {
    if (invoker && pop.matches(":popover-open")) place(invoker);
  });
})();
