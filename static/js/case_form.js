// Case form enhancements. The form works without this file (full-page posts); htmx drives
// the live guideline panel from the form's own hx-* attributes.
(function () {
  "use strict";

  function setUp() {
    const form = document.getElementById("case-form");
    if (!form) {
      return;
    }
    let dirty = false;
    let submitting = false;

    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { submitting = true; });

    // Warn before leaving with unsaved input (the browser shows its own wording).
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    // Bring the first field in error into view, so server messages are not missed.
    const firstError = document.querySelector(".field-error input, .field-error select, .field-error textarea");
    if (firstError) {
      firstError.focus({ preventScroll: false });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
