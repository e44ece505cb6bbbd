// Optional enhancement for handouts: a "Print this page" button, and printing at once when staff
// asked for it in one click (?print=1). Without JavaScript the browser's Print menu does the same.
(function () {
  "use strict";
  if (!window.print) return;
  var button = document.querySelector("[data-print]");
  var hint = document.querySelector("[data-print-hint]");
  if (button) {
    button.hidden = false;
    if (hint) hint.hidden = true;
    button.addEventListener("click", function () { window.print(); });
  }
  if (document.querySelector("[data-autoprint]")) {
    window.addEventListener("load", function () { window.print(); });
  }
})();
