// Accessible names for theme components that have none: the search dialog, and the
// toolbar Material adds to every code block (several unnamed <nav>s read as one landmark).
// A row of content tabs wider than the screen scrolls: it must take keyboard focus.
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
  }
  new MutationObserver(name).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", name);
})();
