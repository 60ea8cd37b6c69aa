// Accessible names for theme components that have none: the search dialog, and the
// toolbar Material adds to every code block (several unnamed <nav>s read as one landmark).
// A row of content tabs wider than the screen scrolls: it must take keyboard focus. So
// must the box Material wraps a table in, while the table is wider than it (a phone):
// the arrow keys then scroll it, and a screen reader names it.
(function () {
  function name() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search this site");
    document.querySelectorAll(".md-code__nav:not([aria-label])").forEach(function (nav) {
      var block = nav.closest(".highlight");
      var title = block && block.querySelector(".filename");
      var index = Array.prototype.indexOf.call(document.querySelectorAll(".md-code__nav"), nav) + 1;
      nav.setAttribute("aria-label", "Code actions, block " + index + (title ? " (" + title.textContent + ")" : ""));
    });
    document.querySelectorAll(".tabbed-labels:not([tabindex])").forEach(function (labels) {
      labels.setAttribute("tabindex", "0");
      labels.setAttribute("role", "group");
      labels.setAttribute("aria-label", "Tabs: scroll sideways for more");
    });
    document.querySelectorAll(".md-typeset__scrollwrap:not([data-lesson-scroll])").forEach(scrollable);
  }
  // Focusable only while it scrolls: a table that fits is no stop for the Tab key.
  function scrollable(wrap) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    wrap.setAttribute("data-lesson-scroll", scrolls ? "1" : "0");
    if (scrolls) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table: scroll sideways for more");
    } else {
      ["tabindex", "role", "aria-label"].forEach(function (a) { wrap.removeAttribute(a); });
    }
  }
  new MutationObserver(name).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", name);
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      document.querySelectorAll(".md-typeset__scrollwrap").forEach(scrollable);
    }, 150);
  });
})();
