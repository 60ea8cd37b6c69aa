// Shapes beside the code (scripts/site/annotations.py writes them; scripts/run/child.py
// traced them).
// Without this file each block's notes are a collapsed list after the code. With it:
// a switch inside every list shows the notes on every block of every page (remembered in
// localStorage), and where the block is wide enough the notes line up beside their lines.
// The notes are never inside <code>: the copy button copies the program only.
(function () {
  var KEY = "lesson-shapes-all";
  var WIDE = 640; // px of block width needed to put the notes beside the code
  var GAP = 8; // px between the code's box and the notes beside it
  function stored() { try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; } }
  function store(on) { try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ } }

  function place(notes) {
    var run = notes.closest(".lesson-run");
    var code = run && run.querySelector(".highlight pre > code");
    var list = notes.querySelector(".sn-list");
    if (!code || !list) return;
    var items = list.querySelectorAll("li");
    // First below the code (the layout that always fits), then beside it only where the
    // code's longest line and the longest note both fit side by side: never squeeze code.
    run.classList.remove("sn-beside");
    items.forEach(function (li) { li.style.top = ""; li.style.lineHeight = ""; });
    list.style.height = "";
    list.style.top = "";
    list.style.width = "";
    list.removeAttribute("tabindex");
    if (!notes.open || run.clientWidth < WIDE) return;
    // the longest line, not the box (a Range's box is that of the text itself)
    var range = document.createRange();
    range.selectNodeContents(code);
    var cs = getComputedStyle(code);
    var codeWidth = range.getBoundingClientRect().width + (parseFloat(cs.paddingLeft) || 0) +
      (parseFloat(cs.paddingRight) || 0) + 40; // and room for the copy button
    var notesWidth = 0;
    items.forEach(function (li) {
      li.style.whiteSpace = "nowrap"; li.style.display = "inline-block";
      notesWidth = Math.max(notesWidth, li.getBoundingClientRect().width);
      li.style.whiteSpace = ""; li.style.display = "";
    });
    notesWidth = Math.ceil(notesWidth) + 16; // the list's own padding
    if (codeWidth + GAP + notesWidth > run.clientWidth) return;
    run.classList.add("sn-beside");
    run.style.setProperty("--sn-width", notesWidth + "px");
    list.setAttribute("tabindex", "0"); // beside the code it scrolls sideways: keyboard too
    var lines = code.textContent.replace(/\n$/, "").split("\n").length;
    var style = getComputedStyle(code);
    var padTop = parseFloat(style.paddingTop) || 0, padBottom = parseFloat(style.paddingBottom) || 0;
    var box = code.getBoundingClientRect();
    var height = (box.height - padTop - padBottom) / lines;
    var top = box.top - run.getBoundingClientRect().top + padTop;
    list.style.top = top + "px";
    list.style.height = lines * height + "px";
    items.forEach(function (li) {
      li.style.top = (Number(li.dataset.line) - 1) * height + "px";
      li.style.lineHeight = height + "px";
    });
  }

  // A block that asks the reader to predict (docs/assets/predict.js) keeps its notes
  // closed until the reader has answered: the switch does not give the answer away.
  function waiting(notes) {
    var run = notes.closest(".lesson-run");
    return !!(run && run.querySelector(".predict:not(.is-shown)"));
  }

  function setAll(on) {
    document.querySelectorAll("details.shape-notes").forEach(function (notes) {
      notes.open = on && !waiting(notes);
      var input = notes.querySelector(".sn-all input");
      if (input) input.checked = on;
    });
  }

  function setup() {
    var all = stored();
    document.querySelectorAll("details.shape-notes:not([data-ready])").forEach(function (notes, k) {
      notes.setAttribute("data-ready", "");
      var p = document.createElement("p");
      p.className = "sn-all";
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "checkbox";
      input.checked = all;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" Show shapes on every block, on every page (remembered)"));
      p.appendChild(label);
      notes.insertBefore(p, notes.querySelector(".sn-list"));
      input.addEventListener("change", function () { store(input.checked); setAll(input.checked); });
      var list = notes.querySelector(".sn-list");
      list.setAttribute("aria-label", "Tensors each line bound");
      notes.addEventListener("toggle", function () { place(notes); });
      if (all && !waiting(notes)) notes.open = true;
    });
  }

  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { document.querySelectorAll("details.shape-notes").forEach(place); }, 100);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
