// Warn before the session ends and let the user stay logged in with one button (WCAG 2.2.1).
// The page says how many seconds the session has left; the warning is a form that also works as
// a plain POST. When the time is up, the page reloads and the server asks to log in again.
(function () {
  var box = document.querySelector("[data-session-seconds-left]");
  if (!box) return;
  var warning = Number(box.getAttribute("data-session-warning-seconds"));
  var endsAt = Date.now() + Number(box.getAttribute("data-session-seconds-left")) * 1000;
  var form = box.querySelector("form");
  var clock = box.querySelector("[data-session-clock]");
  var warnTimer = null;
  var endTimer = null;

  function remaining() { return Math.max(0, Math.round((endsAt - Date.now()) / 1000)); }

  function minutesText(seconds) {
    var minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? "1 minuut" : minutes + " minuten";
  }

  function tick() {
    var left = remaining();
    if (clock) clock.textContent = minutesText(left);
    if (left > 0 && !box.hidden) window.setTimeout(tick, 15000);
  }

  function showWarning() {
    box.hidden = false;
    tick();
    var button = box.querySelector("button");
    if (button) button.focus();
  }

  function schedule(secondsLeft) {
    endsAt = Date.now() + secondsLeft * 1000;
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    warnTimer = window.setTimeout(showWarning, Math.max(0, secondsLeft - warning) * 1000);
    endTimer = window.setTimeout(function () { window.location.reload(); }, (secondsLeft + 1) * 1000);
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          box.hidden = true;
          schedule(data.seconds_left);
        })
        .catch(function () { window.location.reload(); });
    });
  }
  schedule(remaining());
})();
