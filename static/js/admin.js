// The rich-text editor's editable area is a textbox of its own, away from the field's <label>:
// name it by that label, so screen readers announce "Body" rather than an unnamed textbox.
(function () {
  "use strict";
  function nameEditors(root) {
    root.querySelectorAll('[role="textbox"][contenteditable="true"]').forEach(function (box) {
      if (box.hasAttribute("aria-labelledby") || box.hasAttribute("aria-label")) return;
      var row = box.closest(".form-row, .fieldBox, td");
      var label = row && row.querySelector("label");
      if (!label) return;
      if (!label.id) label.id = (label.htmlFor || "field") + "-label";
      box.setAttribute("aria-labelledby", label.id);
    });
  }
  new MutationObserver(function () {
    nameEditors(document);
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () {
    nameEditors(document);
  });
})();
