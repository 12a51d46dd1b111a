// Can this browser run our Pyodide? Asked before anything of it loads, by the pages that start Python.
// Written in the oldest JavaScript on purpose (no arrows, no let, no classes): it must run in the browsers
// it turns away too, such as an old 360 or QQ kernel, or a 360 browser in 兼容模式 (Internet Explorer's engine),
// where python.js cannot even be read. The answer is window.KuBrowser.ok; python.js starts nothing without it.
// A browser that cannot is told in one sentence what to use (the status line's data-unsupported), in place of
// a loading line that would never end; the rest of the site is plain pages and needs no script.
(function () {
  "use strict";

  // Module workers: a browser that knows them reads the `type` option (the URL is invalid on purpose, so nothing
  // is fetched); one that does not ignores it and would run our module worker as a classic script, which fails.
  function moduleWorkers() {
    var read = false;
    try {
      var options = {};
      Object.defineProperty(options, "type", {
        get: function () {
          read = true;
          return "module";
        }
      });
      new window.Worker("http://[", options).terminate();
    } catch (error) {
      // expected: the invalid URL
    }
    return read;
  }

  // Pyodide is built with WebAssembly exception handling and 64-bit integers (BigInt) across the JS boundary.
  function webAssembly() {
    var wasm = window.WebAssembly;
    return Boolean(wasm && typeof wasm.Exception === "function" && typeof wasm.Tag === "function" && typeof window.BigInt64Array === "function");
  }

  var ok = false;
  try {
    ok = Boolean(window.Worker && window.fetch && window.Promise) && webAssembly() && moduleWorkers();
  } catch (error) {
    ok = false;
  }
  window.KuBrowser = { ok: ok };
  if (ok) return;

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

  if (document.addEventListener) document.addEventListener("DOMContentLoaded", say, false);
  else if (window.attachEvent) window.attachEvent("onload", say);
})();
