// Small page helpers, re-run on every page (Material's document$ also fires after instant navigation). A module
// that imports nothing: the pages that run Python have their own entry module (python-page.html).
const DAY = 86400000;

/**
 * The elements under `root` that match `selector`, as an array.
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {any[]}
 */
const all = (selector, root = document) => Array.from(root.querySelectorAll(selector));

function today() {
  var now = new Date();
  return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
}

// "还有 12 天" / "已过 683 天" next to each date, from the reader's own calendar, in the words the page
// carries (data-left, data-passed … from data/words/<lang>.toml).
function countdowns() {
  all(".ku-countdown[data-date]").forEach(function (el) {
    var p = el.dataset.date.split("-").map(Number);
    var days = Math.round((Date.UTC(p[0], p[1] - 1, p[2]) - today()) / DAY);
    var n = Math.abs(days);
    var words = el.dataset;
    var text = days === 0 ? words.today : days > 0 ? (n === 1 ? words.leftOne : words.left) : (n === 1 ? words.passedOne : words.passed);
    el.textContent = text.replace("{n}", n);
    el.classList.toggle("is-passed", days < 0);
  });
}

// The filter box of the catalogue page: hide rows (and empty tables) that do not match.
function filters() {
  var input = /** @type {HTMLInputElement} */ (document.getElementById("ku-filter"));
  if (!input || input.dataset.ready) return;
  input.dataset.ready = "1";
  var empty = document.createElement("p");
  empty.className = "ku-filter__empty";
  empty.hidden = true;
  empty.textContent = input.dataset.empty;
  input.parentNode.appendChild(empty);
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    all(".ku-filterable table").forEach(function (table) {
      var any = false;
      all("tbody tr", table).forEach(function (row) {
        var hit = !q || row.textContent.toLowerCase().indexOf(q) >= 0;
        row.hidden = !hit;
        any = any || hit;
        if (hit) shown++;
      });
      table.hidden = !any;
    });
    empty.hidden = shown > 0;
  });
}

// The state of the round (open, one level closed, closed), chosen by the reader's own today: the page was
// built on another day. Phases are [{starts, key, text}] in order (generator.site.pages.round_phases).
function round() {
  all(".ku-round[data-phases]").forEach(function (el) {
    var phases = JSON.parse(el.dataset.phases);
    var now = new Date(today()).toISOString().slice(0, 10);
    var current = phases[0];
    phases.forEach(function (phase) { if (phase.starts <= now) current = phase; });
    el.querySelector(".ku-round__text").textContent = current.text;
    el.className = "ku-round ku-round--" + current.key;
    el.dataset.phase = current.key;
  });
}

// The skip link of the form page and the desk (python-page.html) lands on the first control itself, the
// chosen one of a group of radio buttons, so that the next key types or chooses.
function skips() {
  all("a.ku-skip").forEach(function (link) {
    if (link.dataset.ready) return;
    link.dataset.ready = "1";
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.hash.slice(1));
      if (!target) return;
      var first = Array.prototype.find.call(target.querySelectorAll("input, textarea, select, button"), function (control) {
        if (control.disabled || control.type === "hidden" || !control.getClientRects().length) return false;
        return control.type !== "radio" || control.checked || !target.querySelector('input[name="' + control.name + '"]:checked');
      });
      if (!first) return;
      event.preventDefault();
      target.scrollIntoView({ block: "start" });
      first.focus({ preventScroll: true });
    });
  });
}

// A table or form wider than the screen (a phone) scrolls sideways in its box: a box with nothing to focus in it
// becomes a stop of the Tab key, named by its table, so that the keyboard can scroll it too (WCAG 2.1.1; axe's
// scrollable-region-focusable). A box that fits is left alone, no extra stop.
function scrollers() {
  all(".md-typeset__scrollwrap, figure.ku-form").forEach(function (box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    var own = box.dataset.kuScroll === "1";
    if (scrolls && !own && box.querySelector("a[href], button, input, select, textarea, [tabindex]")) return;
    if (scrolls && !own) {
      box.dataset.kuScroll = "1";
      box.tabIndex = 0;
      if (!box.hasAttribute("aria-label")) {
        var heading = box.querySelector("caption") || box.closest(".ku-filterable, .md-typeset") && previousHeading(box);
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", heading ? heading.textContent.replace(/[¶#]\s*$/, "").trim() : document.title);
        box.dataset.kuLabelled = "1";
      }
    } else if (!scrolls && own) {
      delete box.dataset.kuScroll;
      box.removeAttribute("tabindex");
      if (box.dataset.kuLabelled) {
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.kuLabelled;
      }
    }
  });
}

// The heading a box stands under: the nearest h2–h4 before it in the page.
function previousHeading(box) {
  var found = null;
  all(".md-content h2, .md-content h3, .md-content h4").forEach(function (h) {
    if (h.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) found = h;
  });
  return found;
}

let resized = null;
window.addEventListener("resize", function () {
  clearTimeout(resized);
  resized = setTimeout(scrollers, 200);
});

function run() { round(); countdowns(); filters(); skips(); setTimeout(scrollers, 0); } // after Material has wrapped the tables
const material = /** @type {any} */ (window).document$;
if (material) material.subscribe(run);
else document.addEventListener("DOMContentLoaded", run);
