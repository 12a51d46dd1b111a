// When the page's parts exist: the modules start from the head, before the body is parsed (Python's start is the
// longest wait), and touch the page only once it is there.

/**
 * Run `then` once the page is parsed (at once if it is).
 * @param {() => void} then
 */
export function whenParsed(then) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => then(), { once: true });
  else then();
}

/**
 * The keys of a table's columns, as its head names them (data-column: overrides/partials/ku-table.html).
 * @param {HTMLTableElement} table
 * @returns {string[]}
 */
export const columnsOf = (table) => Array.from(table.querySelectorAll("thead th"), (th) => /** @type {HTMLElement} */ (th).dataset.column);

/**
 * Set data- attributes of the body (tests and the benchmark read them), at once or as soon as the body exists.
 * @param {Record<string, string | number>} values
 */
export function mark(values) {
  const apply = () => Object.entries(values).forEach(([key, value]) => { document.body.dataset[key] = String(value); });
  if (document.body) apply();
  else document.addEventListener("DOMContentLoaded", apply, { once: true });
}
