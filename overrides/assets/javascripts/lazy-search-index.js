// On the form page and the collecting desk, Material's search index (search/search_index.json, with lunr and
// the Chinese index behind it) is asked for only once the reader turns to search: the search box gets the
// focus (a click, a tap on the search icon, a keyboard shortcut) or the address carries a query or words to
// highlight. Until then Material's request waits here, unsent, and Python has the network and the CPU to itself.
// Loaded before Material's bundle, on these two pages only (scripts/site_hooks.py).
(function () {
  "use strict";
  const INDEX = /\/search\/search_index\.json$/;
  const waiting = [];
  let searching = /[?&][qh]=/.test(location.search);
  const { open, send } = XMLHttpRequest.prototype;

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.kuIndex = INDEX.test(new URL(String(url), location.href).pathname);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!this.kuIndex || searching) return send.apply(this, args);
    waiting.push(() => {
      try {
        send.apply(this, args);
      } catch (error) {
        // Material gave the request up (it was aborted) before anyone searched
      }
    });
  };

  function release() {
    searching = true;
    waiting.splice(0).forEach((go) => go());
  }
  document.addEventListener("focusin", ({ target }) => target.matches && target.matches("input.md-search__input") && release(), true);
  document.addEventListener("change", ({ target }) => target.id === "__search" && release(), true);
})();
