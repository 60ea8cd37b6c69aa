// Shapes beside the code (scripts/annotations.py writes them; scripts/_child.py traced them).
// Without this file each block's notes are a collapsed list after the code. With it:
// a switch inside every list shows the notes on every block of every page (remembered in
// localStorage), and where the block is wide enough the notes line up beside their lines.
// The notes are never inside <code>: the copy button copies the program only.
(function () {
  var KEY = "lesson-shapes-all";
  var WIDE = 640; // px of block width needed to put the notes beside the code
  function stored() { try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; } }
  function store(on) { try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ } }

  function place(notes) {
    var run = notes.closest(".lesson-run");
    var code = run && run.querySelector(".highlight pre > code");
    var list = notes.querySelector(".sn-list");
    if (!code || !list) return;
    var beside = notes.open && run.clientWidth >= WIDE;
    run.classList.toggle("sn-beside", beside);
    var items = list.querySelectorAll("li");
    if (!beside) {
      items.forEach(function (li) { li.style.top = ""; li.style.lineHeight = ""; });
      list.style.height = "";
      list.style.top = "";
      list.removeAttribute("tabindex");
      return;
    }
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

  function setAll(on) {
    document.querySelectorAll("details.shape-notes").forEach(function (notes) {
      notes.open = on;
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
      if (all) notes.open = true;
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
