// "Exit this page": the button, or Shift pressed three times within five seconds, leaves for a
// neutral site through /exit/ (which ends the session). Without this file the button is still a
// plain link that does the same. Choices, after GOV.UK's component and its known issues:
// - Shift counts wherever focus is, text fields included, so the shortcut works at any moment
//   (GOV.UK decided the same; iOS's on-screen Shift modes can set it off: alphagov/govuk-frontend#4095).
// - Left and right Shift both count, even overlapping (govuk-frontend#5393 aborted on that).
// - A Shift held while another key is pressed (typing a capital) does not count, and any other
//   key starts the count again.
// - No Escape key: it closes dialogs and leaves full screen.
(() => {
  "use strict";

  const root = document.querySelector("[data-exit-this-page]");
  if (!root) return;
  const link = root.querySelector("[data-exit-this-page-link]");
  const status = root.querySelector("[data-exit-this-page-status]");

  const PRESSES_TO_EXIT = 3;
  const WINDOW_MS = 5000; // from the first press of the three
  const LEAVING_CLASS = "exit-this-page-leaving";
  // Fields whose value is not something the visitor typed (checkboxes go back to their defaults).
  const NOT_TYPED = new Set(["hidden", "submit", "button", "reset", "image", "checkbox", "radio"]);

  const shiftsDown = new Set();
  let chorded = false; // another key went down while a Shift was held
  let presses = 0;
  let windowTimer = null;

  function announce(text) {
    status.textContent = text;
  }

  function startAgain() {
    presses = 0;
    clearTimeout(windowTimer);
    windowTimer = null;
    announce("");
  }

  function clearTypedValues() {
    for (const form of document.forms) form.reset();
    for (const field of document.querySelectorAll("input, textarea, select")) {
      if (field.tagName === "SELECT") field.selectedIndex = -1;
      else if (!NOT_TYPED.has(field.type)) field.value = "";
    }
  }

  function leave() {
    clearTimeout(windowTimer);
    document.documentElement.classList.add(LEAVING_CLASS);
    announce("Exiting page.");
    clearTypedValues();
    // Drop any state kept with this history entry, then swap the entry itself for /exit/, so
    // Back from the neutral site does not come back here.
    history.replaceState(null, "");
    window.location.replace(link.href);
  }

  function countShift() {
    presses += 1;
    if (presses >= PRESSES_TO_EXIT) {
      leave();
      return;
    }
    if (presses === 1) windowTimer = setTimeout(startAgain, WINDOW_MS);
    const left = PRESSES_TO_EXIT - presses;
    announce(`Shift, press ${left} more ${left === 1 ? "time" : "times"} to exit.`);
  }

  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Shift") {
        shiftsDown.add(event.code || "Shift");
        return;
      }
      if (shiftsDown.size) chorded = true;
      if (presses) startAgain();
    },
    true,
  );

  document.addEventListener(
    "keyup",
    (event) => {
      if (event.key !== "Shift") return;
      shiftsDown.delete(event.code || "Shift");
      const counts = !chorded;
      if (!shiftsDown.size) chorded = false;
      if (counts) countShift();
    },
    true,
  );

  // A key let go in another window never sends its keyup here.
  window.addEventListener("blur", () => {
    shiftsDown.clear();
    chorded = false;
  });

  link.addEventListener("click", (event) => {
    // Let a modified click do what it usually does (a new tab, say).
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    leave();
  });

  // A browser that restores this page from its back-forward cache restores it blanked.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    document.documentElement.classList.remove(LEAVING_CLASS);
    startAgain();
  });
})();
