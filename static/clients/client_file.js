// The client file's skip link "Contactmoment vastleggen" (issue 20): following it opens the
// folded form and puts the cursor in its first field. Without this script the link still
// leads to the form, which then opens with one more Enter.
(function () {
  "use strict";

  function unfold(id) {
    var target = id && document.getElementById(id);
    if (!target || target.tagName !== "DETAILS") return;
    target.open = true;
    var field = target.querySelector("input:not([type=hidden]), select, textarea");
    // After the link's own jump to the fragment, which would leave the focus on the link.
    if (field) window.setTimeout(function () { field.focus(); }, 0);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (link) unfold(decodeURIComponent(link.getAttribute("href").slice(1)));
  });
  unfold(decodeURIComponent(window.location.hash.slice(1)));
})();
