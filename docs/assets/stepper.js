/* Forward/backward stepper for the autograd graphs drawn at build time (scripts/figures/stepper.py).
 *
 * Progressive enhancement: without this file every figure shows all values and gradients
 * and lists the steps. With it, a figure starts at step 0 (only the leaves) and reveals one
 * step at a time: ops get their value in forward order, then the ∂L badges appear in the
 * order the backward pass reached them. Buttons, ←/→, Home/End.
 *
 * The controls stay put: the drawing above the bar and the caption keep the height of
 * their tallest step (measured once shown, again when the window's width changes), so
 * Back and Next do not move under the reader's pointer and nothing below them jumps.
 */
(function () {
  "use strict";

  function setup(figure) {
    if (figure.dataset.ready) return;
    figure.dataset.ready = "1";
    var total = Number(figure.dataset.steps);
    var forward = Number(figure.dataset.forward);
    var items = figure.querySelectorAll("li[data-step]");
    var fwd = figure.querySelectorAll("svg [data-fwd]");
    var bwd = figure.querySelectorAll("svg [data-bwd]");
    var counter = figure.querySelector(".graph-stepper__counter");
    var caption = figure.querySelector(".graph-stepper__caption");
    var prev = figure.querySelector("[data-go='-1']");
    var next = figure.querySelector("[data-go='1']");
    var details = figure.querySelector("details");
    var bar = figure.querySelector(".graph-stepper__bar");
    var status = figure.querySelector(".graph-stepper__status");
    // what changes height from step to step: the caption, and a drawing made of frames
    // (the loop walkthrough); an SVG graph keeps its size
    var above = bar.previousElementSibling;
    var sized = [status];
    if (above && above.tagName.toLowerCase() !== "svg") sized.push(above);
    var step = 0;
    var reservedAt = null; // the width the heights were measured at

    function paint(target) {
      step = Math.max(0, Math.min(total, target));
      fwd.forEach(function (el) {
        var k = Number(el.dataset.fwd);
        el.classList.toggle("is-future", step < k);
        el.classList.toggle("is-now", k > 0 && step === k);
      });
      bwd.forEach(function (el) {
        var k = forward + Number(el.dataset.bwd);
        el.classList.toggle("is-pending", step < k);
        el.classList.toggle("is-now-back", step === k);
      });
      items.forEach(function (li, i) {
        if (i + 1 === step) li.setAttribute("aria-current", "step");
        else li.removeAttribute("aria-current");
      });
      counter.textContent = "Step " + step + " of " + total;
      caption.textContent = step === 0 ? figure.dataset.start : items[step - 1].textContent;
      figure.dataset.phase = step === 0 ? "start" : step <= forward ? "forward" : "backward";
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus
      prev.setAttribute("aria-disabled", String(step === 0));
      next.setAttribute("aria-disabled", String(step === total));
    }

    // Give each part that changes the height of its tallest step. Only while the
    // figure is laid out (not in a closed tab or details); the step shown stays.
    function reserve() {
      if (!figure.offsetParent || reservedAt === figure.clientWidth) return;
      var keep = step;
      var animated = figure.classList.contains("is-animated");
      figure.classList.remove("is-animated");
      status.setAttribute("aria-live", "off"); // the walk below is not news
      sized.forEach(function (el) { el.style.minHeight = ""; });
      var tallest = sized.map(function () { return 0; });
      for (var k = 0; k <= total; k++) {
        paint(k);
        sized.forEach(function (el, i) {
          tallest[i] = Math.max(tallest[i], el.getBoundingClientRect().height);
        });
      }
      sized.forEach(function (el, i) { el.style.minHeight = tallest[i] + "px"; });
      paint(keep);
      status.setAttribute("aria-live", "polite");
      if (animated) figure.classList.add("is-animated");
      reservedAt = figure.clientWidth;
    }

    function show(target) {
      reserve();
      paint(target);
    }

    prev.addEventListener("click", function () { show(step - 1); });
    next.addEventListener("click", function () { show(step + 1); });
    figure.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var moves = { ArrowLeft: step - 1, ArrowRight: step + 1, Home: 0, End: total };
      if (!(event.key in moves)) return;
      if (event.target !== figure && !event.target.closest("button")) return;
      event.preventDefault();
      show(moves[event.key]);
    });

    prev.hidden = false;
    next.hidden = false;
    figure.tabIndex = 0;
    figure.setAttribute("aria-keyshortcuts", "ArrowLeft ArrowRight Home End");
    figure.classList.add("is-stepping");
    if (details) details.open = false; // the list stays one click away
    show(0);
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(reserve, 150);
    });
    // fade only from now on: the jump to step 0 itself should not animate
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { figure.classList.add("is-animated"); });
    });
  }

  function setupAll() {
    document.querySelectorAll(".graph-stepper").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
  // Material for MkDocs announces every page it shows (instant navigation, if enabled)
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setupAll);
  }
})();
