// Tells the respondent when an answer could not be sent, and sends those
// answers again as soon as the phone is back online.
(function () {
  "use strict";
  var unsent = new Set();
  document.addEventListener("htmx:sendError", function (event) {
    var status = document.getElementById("save-status");
    if (status && status.dataset.offline) {
      status.textContent = status.dataset.offline;
    }
    unsent.add(event.detail.elt);
  });
  window.addEventListener("online", function () {
    unsent.forEach(function (element) {
      window.htmx.trigger(element, "change");
    });
    unsent.clear();
  });
})();
