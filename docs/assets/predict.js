// Predict first (scripts/site/predict.py): a block's output stays hidden until the reader
// has checked the right answer, or given up. Until then nothing of the block
// answers the question: its shape notes (docs/assets/annotations.js) stay hidden,
// whatever the site-wide "show shapes" switch says, and so does the output (with any tabs
// in it). A wrong pick is
// explained (the explanation comes from the run); a right one is confirmed; giving up marks
// the right choice and says why. The page arrives that way (hidden in the HTML); without
// JavaScript docs/assets/noscript.css (loaded from a <noscript>) shows the output instead.
(function () {
  var SHAPES_ALL = "lesson-shapes-all"; // annotations.js's remembered switch
  function shapesAll() { try { return localStorage.getItem(SHAPES_ALL) === "1"; } catch (e) { return false; } }
  function setup(box) {
    var form = box.querySelector(".predict__form");
    var output = box.querySelector(".predict__output");
    var feedback = box.querySelector(".predict__feedback");
    var whys = box.querySelectorAll(".predict__why li");
    var run = box.closest(".lesson-run");
    var notes = run ? run.querySelectorAll("details.shape-notes") : [];
    var right = box.dataset.right;
    // The page arrives waiting (scripts/site/predict.py): the form shown, the output and
    // its shape notes hidden; nothing to change here until the reader answers.
    function reveal() {
      output.hidden = false;
      box.classList.add("is-shown");
      notes.forEach(function (n) {
        n.hidden = false;
        if (shapesAll()) n.open = true; // the switch applies from now on
      });
    }
    function markRight() {
      var input = form.querySelector('input[value="' + right + '"]');
      var label = input && input.closest("label");
      if (label && !label.classList.contains("predict__right")) {
        label.classList.add("predict__right");
        var tag = document.createElement("span");
        tag.className = "predict__tag";
        tag.textContent = " ← the run's answer";
        label.appendChild(tag);
      }
    }
    box.querySelector(".predict__check").addEventListener("click", function () {
      var picked = form.querySelector("input:checked");
      box.classList.remove("is-right", "is-wrong");
      if (!picked) { feedback.textContent = "Pick one answer first."; return; }
      var why = whys[Number(picked.value)].innerHTML;
      if (picked.value === right) {
        box.classList.add("is-right");
        markRight();
        feedback.innerHTML = why + " The output is below.";
        reveal();
      } else {
        box.classList.add("is-wrong");
        feedback.innerHTML = "Not this one. " + why + " Try another answer.";
      }
    });
    box.querySelector(".predict__show").addEventListener("click", function () {
      var picked = form.querySelector("input:checked");
      var text = "";
      if (picked && picked.value !== right) {
        text = "Your pick: " + whys[Number(picked.value)].innerHTML + " ";
      }
      box.classList.remove("is-wrong");
      box.classList.add("is-given-up");
      markRight();
      feedback.innerHTML = text + "The answer is marked above. " +
        whys[Number(right)].innerHTML.replace(/^Right: /, "Why: ") + " The output is below.";
      reveal();
    });
  }
  function all() { document.querySelectorAll(".predict:not([data-ready])").forEach(function (box) {
    box.setAttribute("data-ready", ""); setup(box);
  }); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all); else all();
})();

// The shape explorer's practice mode (scripts/figures/tensor_grids.py: practice): type a shape,
// check it against torch's; a wrong one is explained, a right one confirmed, then torch's
// answer is shown.
(function () {
  // A shape as a reader types it: (3, 2), (6,), (), [3, 2], 3x2, 3 × 2, torch.Size([3, 2]).
  // null for anything else ("scalar", "3 rows"): it is not taken for ().
  var SHAPE = /^[\s(\[]*(\d+(\s*[,x×*]\s*\d+|\s+\d+)*\s*,?)?[\s)\]]*$/i;
  function parse(text) {
    var bare = text.trim().replace(/^torch\.Size\s*/i, "");
    if (!SHAPE.test(bare)) return null;
    var numbers = bare.match(/\d+/g);
    return numbers ? numbers.map(Number) : [];
  }
  function shape(dims) { return "(" + dims.join(", ") + (dims.length === 1 ? ",)" : ")"); }
  function explain(given, truth) {
    if (given.length !== truth.length) {
      var more = given.length < truth.length;
      return "torch's result has " + truth.length + " dim" + (truth.length === 1 ? "" : "s") +
        ", your answer has " + given.length + ": does the operation " +
        (more ? "keep or add a dim you dropped" : "remove a dim you kept") + "?";
    }
    var off = [];
    given.forEach(function (n, i) { if (n !== truth[i]) off.push(i); });
    if (given.slice().reverse().join() === truth.join()) return "the right sizes, in reverse order.";
    return "the right number of dims, but dim " + off.join(" and ") + " has another size.";
  }
  function setup(item) {
    var form = item.querySelector(".practice__form");
    var input = form.querySelector("input");
    var feedback = item.querySelector(".practice__feedback");
    var answer = item.querySelector(".practice__answer");
    var truth = item.dataset.answer ? item.dataset.answer.split(",").map(Number) : [];
    form.hidden = false;
    answer.hidden = true;
    function reveal() { answer.hidden = false; answer.open = true; }
    function check() {
      var given = parse(input.value);
      if (!input.value.trim()) { feedback.textContent = "Type a shape first, like (2, 3)."; return; }
      if (given === null) {
        item.classList.remove("is-right");
        feedback.textContent = "\u201c" + input.value.trim() + "\u201d is not a shape: type the sizes " +
          "as torch prints them, like (2, 3), (6,) for one dim, or () for a 0-D tensor.";
        return;
      }
      if (given.join() === truth.join()) {
        item.classList.add("is-right");
        feedback.textContent = "Right: torch gives " + shape(truth) + ".";
        reveal();
      } else {
        item.classList.remove("is-right");
        feedback.textContent = "Not " + shape(given) + ": " + explain(given, truth) + " Try again.";
      }
    }
    form.querySelector(".practice__check").addEventListener("click", check);
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") check(); });
    form.querySelector(".practice__show").addEventListener("click", function () {
      feedback.textContent = "torch gives " + shape(truth) + ".";
      reveal();
    });
  }
  function all() { document.querySelectorAll(".practice__item:not([data-ready])").forEach(function (item) {
    item.setAttribute("data-ready", ""); setup(item);
  }); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all); else all();
})();

// The exercise notebook page (13b, scripts/site/downloads.py tags the solution's cell
// "solution"): the reference solution collapsed under the starter, as its text says, until
// the reader opens it. Without this file (and on paper) it is shown.
(function () {
  function all() {
    document.querySelectorAll(".jp-Cell.celltag_solution").forEach(function (cell) {
      if (cell.parentElement.closest(".celltag_solution, .lesson-solution")) return;
      var details = document.createElement("details");
      details.className = "lesson-solution";
      var summary = document.createElement("summary");
      summary.textContent = "The reference solution (try the starter first)";
      details.appendChild(summary);
      cell.parentNode.insertBefore(details, cell);
      details.appendChild(cell);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all); else all();
})();
