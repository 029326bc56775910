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
  // The two-list widget's search icons carry their help as aria-label, which a plain span may
  // not have: they are images of a magnifier, and say so.
  function roleTooltips(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  new MutationObserver(function () {
    nameEditors(document);
    roleTooltips(document);
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () {
    nameEditors(document);
    roleTooltips(document);
  });

  // A row added in the browser is a copy of the template row, labelled "Attachment new: title":
  // give its labels the row's number.
  document.addEventListener("formset:added", function (event) {
    var row = event.target;
    var number = parseInt(row.id.split("-").pop(), 10) + 1;
    if (isNaN(number)) return;
    row.querySelectorAll(".inline-row-number").forEach(function (span) {
      span.textContent = String(number);
    });
  });
})();
