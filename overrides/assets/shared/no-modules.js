// A browser without ES modules (an old 360 or QQ kernel, a 360 browser in 兼容模式, Internet Explorer's engine) runs
// none of the page's modules: this classic script (<script nomodule>, which the others skip) tells it in one
// sentence what to use (the status line's data-unsupported), in place of a loading line that would never end; the
// rest of the site is plain pages and needs no script. Written in the oldest JavaScript on purpose.
(function () {
  "use strict";

  function say() {
    var status = document.getElementById("ku-status");
    var text = document.getElementById("ku-status-text");
    var progress = document.getElementById("ku-progress");
    if (!status || !text) return;
    while (text.firstChild) text.removeChild(text.firstChild);
    text.appendChild(document.createTextNode(status.getAttribute("data-unsupported")));
    if (progress) progress.style.display = "none";
    if (!/\bis-failed\b/.test(status.className)) status.className += " is-failed";
    document.body.setAttribute("data-python", "failed");
    document.body.setAttribute("data-python-problem", "unsupported");
  }

  var old = /** @type {any} */ (window); // Internet Explorer's engine has attachEvent only
  if (document.addEventListener) document.addEventListener("DOMContentLoaded", say, false);
  else if (old.attachEvent) old.attachEvent("onload", say);
})();
