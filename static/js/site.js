// Small enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to a form's error summary so screen reader users hear what went wrong.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
