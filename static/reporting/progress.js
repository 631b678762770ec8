// While a monthly report is being built: ask for its status every two seconds, say it in the
// live region, and reload the page when it is done or has failed. Without JavaScript the page
// has a link to look again.
(function () {
  var region = document.querySelector("[data-report-status]");
  if (!region) return;
  var url = region.getAttribute("data-report-status");
  var text = region.querySelector("[data-status-label]");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.status === "klaar" || data.status === "mislukt") {
          window.location.reload();
          return;
        }
        if (text && text.textContent !== data.label) text.textContent = data.label;
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
