// Predict first (scripts/predict.py): hide a block's output until the reader has picked an
// answer and checked it. A wrong pick is explained (the explanation comes from the run);
// a right one is confirmed and the output appears. Without this file, the output is shown.
(function () {
  function setup(box) {
    var form = box.querySelector(".predict__form");
    var output = box.querySelector(".predict__output");
    var feedback = box.querySelector(".predict__feedback");
    var whys = box.querySelectorAll(".predict__why li");
    form.hidden = false;
    output.hidden = true;
    function reveal() { output.hidden = false; box.classList.add("is-shown"); }
    box.querySelector(".predict__check").addEventListener("click", function () {
      var picked = form.querySelector("input:checked");
      box.classList.remove("is-right", "is-wrong");
      if (!picked) { feedback.textContent = "Pick one answer first."; return; }
      var why = whys[Number(picked.value)].innerHTML;
      if (picked.value === box.dataset.right) {
        box.classList.add("is-right");
        feedback.innerHTML = why + " The output is below.";
        reveal();
      } else {
        box.classList.add("is-wrong");
        feedback.innerHTML = "Not this one. " + why + " Try another answer.";
      }
    });
    box.querySelector(".predict__show").addEventListener("click", function () {
      feedback.textContent = "The output is below.";
      reveal();
    });
  }
  function all() { document.querySelectorAll(".predict:not([data-ready])").forEach(function (box) {
    box.setAttribute("data-ready", ""); setup(box);
  }); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all); else all();
})();

// The shape explorer's practice mode (scripts/tensor_grids.py: practice): type a shape,
// check it against torch's; a wrong one is explained, a right one confirmed, then torch's
// answer is shown.
(function () {
  function parse(text) {
    var numbers = text.match(/\d+/g);
    return numbers ? numbers.map(Number) : [];
  }
  function shape(dims) { return "(" + dims.join(", ") + (dims.length === 1 ? ",)" : ")"); }
  function explain(given, truth) {
    if (given.length !== truth.length) {
      return "torch's result has " + truth.length + " dim" + (truth.length === 1 ? "" : "s") +
        ", your answer has " + given.length + ".";
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
