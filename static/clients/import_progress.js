// The import page of a large file asks every second how far the worker is, and shows the
// report once it is done (clients.import_views.import_status).
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status]");
  if (!box) return;
  var url = box.getAttribute("data-import-status");
  var bar = document.getElementById("import-progress");
  var text = document.getElementById("import-text");

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        if (status.finished) {
          window.location.reload();
          return;
        }
        if (status.total) bar.max = status.total;
        bar.value = status.done;
        if (text.textContent !== status.text) text.textContent = status.text;
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.location.reload();
      });
  }
  window.setTimeout(poll, 1000);
})();
