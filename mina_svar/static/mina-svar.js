// Tells the respondent when an answer could not be sent, and sends the
// page's answers again as soon as the phone is back online.
(function () {
  "use strict";
  var pending = false;
  document.addEventListener("htmx:sendError", function (event) {
    var status = document.getElementById("save-status");
    if (status && status.dataset.offline) {
      status.textContent = status.dataset.offline;
    }
    pending = true;
  });
  window.addEventListener("online", function () {
    var form = document.getElementById("answers");
    if (pending && form && window.htmx) {
      pending = false;
      window.htmx.trigger(form, "change");
    }
  });
})();
