/* The print edition (/print/) reads completely on screen and on paper: every collapsed
 * answer and step list is open. Any other page opens them when it is printed. Steppers are
 * drawn in their final state by print.css. */
(function () {
  "use strict";
  function openAll() {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; });
  }
  window.addEventListener("beforeprint", openAll);
  function onPrintPage() {
    if (document.getElementById("print-site-page")) openAll();
  }
  // After every script's start-up: stepper.js closes each stepper's list of steps when it
  // takes a figure over. (A predict-first block's shape notes arrive hidden until the
  // reader answers; print.css shows them on paper.)
  if (document.readyState === "complete") onPrintPage();
  else window.addEventListener("load", onPrintPage);
})();
