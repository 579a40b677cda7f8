// Warns before leaving a page whose typed text is not saved yet. A form that
// saves drafts as the leader types (data-autosave) counts as saved once a
// draft save has answered with nothing typed since.
(function () {
  "use strict";
  var unsaved = new Map();  // form -> number of edits not yet saved

  function typed(element) {
    return element.tagName === "TEXTAREA" ||
      (element.tagName === "INPUT" && /^(text|date|number|email|search)$/.test(element.type));
  }
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && typed(event.target)) {
      unsaved.set(form, (unsaved.get(form) || 0) + 1);
    }
  });
  document.addEventListener("submit", function (event) {
    unsaved.delete(event.target);
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.tagName === "FORM") {
      form.dataset.edits = String(unsaved.get(form) || 0);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form.tagName !== "FORM" || !form.hasAttribute("data-autosave")) {
      return;
    }
    if (event.detail.successful && String(unsaved.get(form) || 0) === form.dataset.edits) {
      unsaved.delete(form);
    }
  });
  window.addEventListener("beforeunload", function (event) {
    var waiting = false;
    unsaved.forEach(function (edits, form) {
      if (edits && form.isConnected) {
        waiting = true;
      }
    });
    if (waiting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();

// The presenter view answers a presentation clicker and the keyboard:
// Page Down or the forward arrow for the next slide, Page Up or back for the previous.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var controls = document.querySelector("[data-presenter-keys]");
    if (!controls || event.altKey || event.ctrlKey || event.metaKey ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) {
      return;
    }
    var rtl = document.documentElement.dir === "rtl";
    var forward = rtl ? "ArrowLeft" : "ArrowRight";
    var backward = rtl ? "ArrowRight" : "ArrowLeft";
    var action = event.key === "PageDown" || event.key === forward ? "next"
      : event.key === "PageUp" || event.key === backward ? "back" : null;
    var button = action && controls.querySelector('button[data-key="' + action + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();
