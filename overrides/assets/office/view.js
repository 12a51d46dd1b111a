// The office page's view of a round as Python reconciled it (generator.adapters.web.office_round): the files
// received, the reconciliation lists, one row per application with its findings and the office's choice, the
// transfer list and the figures.
import { config } from "../shared/config.js";
import { columnsOf } from "../shared/dom.js";
import { list } from "../shared/findings.js";
import { count, say, text } from "../shared/text.js";

const ui = config.ui;
const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
const failed = () => document.body.dataset.python === "failed";

/**
 * @typedef {{zh: string, en: string}} Both
 * @typedef {{key: string, source: string, form: "national" | "provincial", title: string, host: string,
 *   departments: string[], errors: number, warnings: number, findings: any[]}} Application
 * @typedef {{summary: Both, unreadable: {source: string, error: Both}[], lists: {id: string, title: Both,
 *   items: {text: Both}[]}[], batch: any[], applications: Application[], figures_html: string}} Round
 * @typedef {{choose: (key: string, value: string) => void, transfer: (key: string, fmt: string) => void}} Handlers
 */

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {Node | string} [content]
 */
export function element(tag, className, content) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.append(content instanceof Node ? content : text(content));
  return node;
}

/**
 * @param {HTMLTableRowElement} row
 * @param {Node | string} content
 * @param {string} [className]
 */
function cell(row, content, className) {
  row.append(element("td", className, content));
}

/**
 * The working-list choice of one application: national applications can be recommended to the ministry, any can be
 * put in the provincial plan (a national one by 附件4 item 1), or neither yet.
 * @param {Application} app
 * @param {number} n
 * @param {Record<string, string>} choices
 * @param {Handlers} on
 */
function choiceGroup(app, n, choices, on) {
  const group = element("fieldset", "ku-choice");
  group.append(element("legend", "ku-visually-hidden", say(ui.choice_legend, { title: app.title || app.source })));
  const options = app.form === "national" ? ["national", "provincial", ""] : ["provincial", ""];
  options.forEach((value) => {
    const input = Object.assign(document.createElement("input"), { type: "radio", name: `ku-choice-${n}`, value });
    input.checked = (choices[app.key] || "") === value;
    input.dataset.key = app.key;
    input.addEventListener("change", () => on.choose(app.key, value));
    const label = element("label", "", input);
    label.append(" ", text(value ? ui[`choice_${value}`] : ui.choice_none));
    group.append(label);
  });
  return group;
}

/**
 * Every row of the same course (sent twice) shows its choice.
 * @param {string} key
 * @param {string} value
 */
export function showChoice(key, value) {
  document.querySelectorAll("#ku-rows input[type=radio]").forEach((input) => {
    const radio = /** @type {HTMLInputElement} */ (input);
    if (radio.dataset.key === key) radio.checked = radio.value === value;
  });
}

/**
 * @param {Round} round
 * @param {Record<string, string>} choices
 */
export function showChosen(round, choices) {
  const keys = new Set(round.applications.map((app) => app.key));
  const chosen = (/** @type {string} */ what) => Object.keys(choices).filter((key) => keys.has(key) && choices[key] === what).length;
  $("ku-chosen").textContent = say(ui.chosen, { national: chosen("national"), provincial: chosen("provincial") });
  $("ku-chosen").hidden = round.applications.length === 0;
}

/**
 * One application's downloads as a provincial application: 附件2 in Excel or Word, or its provincial draft.
 * @param {Application} app
 * @param {Handlers} on
 */
function transferItem(app, on) {
  const li = element("li", "", `${app.title} · ${app.host}`);
  li.dataset.key = app.key;
  const bar = element("span", "ku-transfer__formats");
  ["xlsx", "docx", "json"].forEach((fmt) => {
    const button = /** @type {HTMLButtonElement} */ (element("button", "md-button ku-download ku-transfer__button", ui[`transfer_${fmt}`]));
    button.type = "button";
    button.dataset.format = fmt;
    button.setAttribute("aria-label", say(ui.transfer_button, { title: app.title, what: ui[`transfer_${fmt}`] }));
    button.disabled = failed();
    button.addEventListener("click", () => on.transfer(app.key, fmt));
    bar.append(button);
  });
  li.append(bar);
  return li;
}

/**
 * National applications not recommended to the ministry, each once: what can be carried to the provincial round.
 * @param {Round} round
 * @param {Record<string, string>} choices
 * @param {Handlers} on
 */
export function showTransfer(round, choices, on) {
  const seen = new Set();
  const movable = round.applications.filter((app) => app.form === "national" && choices[app.key] !== "national" && !seen.has(app.key) && seen.add(app.key));
  $("ku-transfer-count").textContent = movable.length ? count(ui, "transfer_count", movable.length) : ui.transfer_none;
  $("ku-transfer-all").disabled = movable.length === 0 || failed();
  $("ku-transfer").replaceChildren(...movable.map((app) => transferItem(app, on)));
}

/**
 * The figures as Python drew them (escaped there); on the English page their Chinese is marked as such, as text() does.
 * @param {string} html
 */
function showFigures(html) {
  const box = $("ku-figures");
  box.innerHTML = html;
  if (config.lang !== "en") return;
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  nodes.forEach((node) => {
    if (!/[\u3400-\u9fff]/.test(node.textContent)) return;
    if (node.parentElement.closest("svg")) node.parentElement.setAttribute("lang", "zh-CN"); // no <span> inside SVG text
    else /** @type {ChildNode} */ (node).replaceWith(text(node.textContent));
  });
}

/**
 * What was received, and the reconciliation lists, each with its count (an empty one says so).
 * @param {Round | null} round
 */
function showLists(round) {
  $("ku-counts").replaceChildren(text(round ? round.summary[config.lang] : ui.empty));
  const unreadable = round ? round.unreadable : [];
  $("ku-unreadable").replaceChildren(...unreadable.map((entry) => element("li", "is-error", say(ui.unreadable_file, { file: entry.source, why: entry.error[config.lang] }))));
  $("ku-unreadable").hidden = unreadable.length === 0;
  $("ku-reconcile").hidden = !round;
  const lists = round ? round.lists : [];
  $("ku-lists").replaceChildren(
    ...lists.map((kept) => {
      const block = element("div", `ku-office-list${kept.items.length ? " has-items" : ""}`);
      block.id = `ku-list-${kept.id}`;
      block.dataset.list = kept.id;
      block.append(element("h3", "", `${kept.title[config.lang]} (${kept.items.length})`));
      const ul = element("ul");
      kept.items.forEach((item) => ul.append(element("li", "", item.text[config.lang])));
      block.append(kept.items.length ? ul : element("p", "", ui.list_empty));
      return block;
    }),
  );
  $("ku-reconcile-clean").hidden = !round || lists.some((kept) => kept.items.length);
  const batch = round ? round.batch : [];
  $("ku-batch-findings").hidden = batch.length === 0;
  list(batch, config, { list: $("ku-batch-list") });
}

/**
 * One row of the table: the application, its findings and the office's choice.
 * @param {Application} app
 * @param {number} i
 * @param {Record<string, string>} choices
 * @param {Handlers} on
 */
function row(app, i, choices, on) {
  const tr = document.createElement("tr");
  tr.dataset.key = app.key;
  tr.dataset.form = app.form;
  cell(tr, String(i + 1));
  const title = element("div", "", app.title || "—");
  title.append(element("div", "ku-hint ku-hint--small", app.source));
  if (app.findings.length) {
    const details = element("details");
    details.append(element("summary", "", ui.details), list(app.findings, config));
    title.append(details);
  }
  cell(tr, title);
  cell(tr, app.host || "—");
  cell(tr, ui[`kind_${app.form}`]);
  cell(tr, app.departments.length ? app.departments.join(ui.items_separator) : ui.no_department);
  cell(tr, String(app.errors), app.errors ? "ku-count is-error" : "ku-count");
  cell(tr, String(app.warnings), app.warnings ? "ku-count is-warning" : "ku-count");
  cell(tr, choiceGroup(app, i, choices, on));
  // Each value's column name, which a phone shows beside it (the table becomes one card per row there).
  const columns = columnsOf($("ku-table"));
  Array.from(tr.cells).forEach((td, n) => { td.dataset.label = ui[`col_${columns[n]}`]; });
  return tr;
}

/**
 * The whole round on the page (or the empty page: no files).
 * @param {Round | null} round
 * @param {Record<string, string>} choices
 * @param {Handlers} on
 */
export function render(round, choices, on) {
  showLists(round);
  const apps = round ? round.applications : [];
  $("ku-rows").replaceChildren(...apps.map((app, i) => row(app, i, choices, on)));
  if (round) {
    showChosen(round, choices);
    showTransfer(round, choices, on);
    showFigures(round.figures_html);
  } else {
    $("ku-chosen").hidden = true;
    $("ku-transfer-count").textContent = ui.transfer_none;
    $("ku-transfer").replaceChildren();
    $("ku-transfer-all").disabled = true;
    $("ku-figures").replaceChildren(element("p", "", ui.figures_empty));
  }
  $("ku-download-master").disabled = apps.length === 0 || failed();
}
