// "Exit this page": the button, or Shift pressed three times within five seconds, leaves for a
// neutral site through /exit/ (which ends the session). Without this file the button is still a
// plain link that does the same. It says what GOV.UK's component says, where it says it: the
// count and "Exit this page expired." in the status region, "Loading." as an alert over the
// blanked page; three lights on the button show the presses. Choices, after GOV.UK's component
// and its known issues:
// - The five seconds run from the first press of the three.
// - Shift counts wherever focus is, text fields included, so the shortcut works at any moment
//   (GOV.UK decided the same; iOS's on-screen Shift modes can set it off: alphagov/govuk-frontend#4095).
// - Left and right Shift both count, even overlapping (govuk-frontend#5393 aborted on that).
// - A Shift held while another key is pressed (typing a capital) does not count, and any other
//   key starts the count again.
// - No Escape key: it closes dialogs and leaves full screen.
(() => {
  "use strict";

  const root = document.querySelector("[data-exit-this-page]");
  const link = root && root.querySelector("[data-exit-this-page-link]");
  const status = root && root.querySelector("[data-exit-this-page-status]");
  // Loaded twice, it would count each press twice.
  if (!link || !status || root.dataset.exitThisPageReady) return;
  root.dataset.exitThisPageReady = "true";

  const PRESSES_TO_EXIT = 3;
  const WINDOW_MS = 5000; // from the first press of the three
  const MESSAGE_MS = 5000; // how long "expired" stays in the status region
  const LEAVING_CLASS = "exit-this-page-leaving";
  const MESSAGES = {
    pressTwoMoreTimes: "Shift, press 2 more times to exit.",
    pressOneMoreTime: "Shift, press 1 more time to exit.",
    timedOut: "Exit this page expired.",
    activated: "Loading.",
  };
  // Fields whose value is not something the visitor typed (checkboxes go back to their defaults).
  const NOT_TYPED = new Set(["hidden", "submit", "button", "reset", "image", "checkbox", "radio"]);

  const shiftsDown = new Set();
  let chorded = false; // another key went down while a Shift was held
  let presses = 0;
  let windowTimer = null;
  let messageTimer = null;
  let overlay = null;

  const indicator = buildIndicator();

  function buildIndicator() {
    const container = document.createElement("span");
    container.className = "exit-this-page__indicator";
    container.setAttribute("aria-hidden", "true");
    container.dataset.exitThisPageIndicator = "";
    for (let i = 0; i < PRESSES_TO_EXIT; i++) {
      const light = document.createElement("span");
      light.className = "exit-this-page__indicator-light";
      container.appendChild(light);
    }
    link.appendChild(container);
    return container;
  }

  function showPresses() {
    indicator.classList.toggle("exit-this-page__indicator--visible", presses > 0);
    indicator.querySelectorAll(".exit-this-page__indicator-light").forEach((light, index) => {
      light.classList.toggle("exit-this-page__indicator-light--on", index < presses);
    });
  }

  function announce(text) {
    clearTimeout(messageTimer);
    messageTimer = null;
    status.textContent = text;
  }

  function clearTimers() {
    clearTimeout(windowTimer);
    windowTimer = null;
    clearTimeout(messageTimer);
    messageTimer = null;
  }

  // The count lapsed (five seconds passed, or another key was pressed): say so, then go quiet.
  function expire() {
    presses = 0;
    clearTimeout(windowTimer);
    windowTimer = null;
    showPresses();
    announce(MESSAGES.timedOut);
    messageTimer = setTimeout(() => announce(""), MESSAGE_MS);
  }

  function clearTypedValues() {
    for (const form of document.forms) form.reset();
    for (const field of document.querySelectorAll("input, textarea, select")) {
      if (field.tagName === "SELECT") field.selectedIndex = -1;
      else if (!NOT_TYPED.has(field.type)) field.value = "";
    }
  }

  function leave() {
    clearTimers();
    presses = 0;
    announce("");
    clearTypedValues();
    document.documentElement.classList.add(LEAVING_CLASS);
    overlay = document.createElement("div");
    overlay.className = "exit-this-page-overlay";
    overlay.setAttribute("role", "alert");
    // Added empty, then filled: screen readers announce a change to a live region more reliably.
    document.body.appendChild(overlay);
    overlay.textContent = MESSAGES.activated;
    // Drop any state kept with this history entry, then swap the entry itself for /exit/, so
    // Back from the neutral site does not come back here.
    history.replaceState(null, "");
    window.location.replace(link.href);
  }

  function countShift() {
    presses += 1;
    showPresses();
    if (presses >= PRESSES_TO_EXIT) {
      leave();
      return;
    }
    if (presses === 1) windowTimer = setTimeout(expire, WINDOW_MS);
    announce(presses === 1 ? MESSAGES.pressTwoMoreTimes : MESSAGES.pressOneMoreTime);
  }

  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Shift") {
        shiftsDown.add(event.code || "Shift");
        return;
      }
      if (shiftsDown.size) chorded = true;
      if (presses) expire();
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

  // A browser that restores this page from its back-forward cache restores it as it was left.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    document.documentElement.classList.remove(LEAVING_CLASS);
    if (overlay) overlay.remove();
    overlay = null;
    clearTimers();
    presses = 0;
    showPresses();
    announce("");
  });
})();
