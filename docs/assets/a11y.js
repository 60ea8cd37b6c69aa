// Accessible names for two theme components that have none: the search dialog, and the
// toolbar Material adds to every code block (several unnamed <nav>s read as one landmark).
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
  }
  new MutationObserver(name).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", name);
})();
