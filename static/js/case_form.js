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

    watchFolds(form);
    openFoldsForLinks();
    watchPanel(form);

    // Bring the first field in error into view, so server messages are not missed.
    const firstError = document.querySelector(".field-error input, .field-error select, .field-error textarea");
    if (firstError) {
      firstError.focus({ preventScroll: false });
    }
  }

  // Sections that do not apply are folded; they follow the field they depend on. A folded
  // section keeps its inputs (they are still submitted), so folding never loses anything.
  function watchFolds(form) {
    const folds = form.querySelectorAll("details[data-fold-field]");
    folds.forEach(function (fold) {
      const field = form.elements.namedItem(fold.dataset.foldField);
      if (!field) {
        return;
      }
      field.addEventListener("change", function () {
        const value = String(field.value || "").toLowerCase();
        const openValues = (fold.dataset.openValues || "").split(" ").filter(Boolean);
        const closedValues = (fold.dataset.closedValues || "").split(" ").filter(Boolean);
        fold.open = openValues.length ? openValues.indexOf(value) !== -1 : closedValues.indexOf(value) === -1;
      });
    });
  }

  // A link to a field (panel, "Marquer prêt") opens the folded section that holds it.
  function openFoldsForLinks() {
    function reveal() {
      const id = decodeURIComponent(window.location.hash.slice(1));
      const target = id && document.getElementById(id);
      const fold = target && target.closest("details:not([open])");
      if (!fold) {
        return;  // visible already: the browser's own jump is right
      }
      for (let node = target.parentElement; node; node = node.parentElement) {
        if (node.tagName === "DETAILS") {
          node.open = true;
        }
      }
      target.scrollIntoView({ block: "center" });
      if (typeof target.focus === "function") {
        target.focus({ preventScroll: true });
      }
    }
    window.addEventListener("hashchange", reveal);
    reveal();
  }

  // The panel says when it no longer matches the form: from the first keystroke until the
  // answer is shown, and for good when the answer cannot be had (network, server error).
  function watchPanel(form) {
    const panel = document.getElementById("guideline-panel");
    const state = document.getElementById("panel-state");
    const fields = document.getElementById("case-fields");
    if (!panel || !state || !fields) {
      return;
    }
    function mark(kind, text) {
      panel.classList.remove("is-stale", "is-failed");
      if (!kind) {
        state.hidden = true;
        state.textContent = "";
        return;
      }
      panel.classList.add(kind);
      state.textContent = text;
      state.hidden = false;
    }
    function pending() {
      mark("is-stale", "Actualisation… L'évaluation affichée ne tient pas encore compte de votre dernière saisie.");
    }
    form.addEventListener("input", pending);
    form.addEventListener("change", pending);
    document.body.addEventListener("case-rows-changed", pending);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail && event.detail.target && event.detail.target.id === "guideline-panel-body") {
        mark(null);
      }
    });
    function failed() {
      mark("is-failed", "Référentiel non actualisé : l'évaluation affichée correspond à une saisie antérieure. Modifiez un champ ou utilisez « Actualiser le référentiel ».");
    }
    fields.addEventListener("htmx:responseError", failed);
    fields.addEventListener("htmx:sendError", failed);
    fields.addEventListener("htmx:timeout", failed);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
