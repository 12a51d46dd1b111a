// The collecting desk's entry module: files in (dropped or chosen), each read and checked by the Python worker, the
// batch listed, 附件3 out. The batch (drafts, rows, heading, the chosen order) is kept in this browser only; Python
// puts it in that order (generator.adapters.web.check_batch), for the list here and the file alike.
import { config } from "../shared/config.js";
import { isIso, isoDate } from "../shared/dates.js";
import { columnsOf, whenParsed } from "../shared/dom.js";
import { download, TYPES } from "../shared/download.js";
import { list } from "../shared/findings.js";
import { call, start, whenFailed, whenReady } from "../shared/python.js";
import { count, message, say, text } from "../shared/text.js";

start(); // Python first, from the head: it is the longest wait

const ui = config.ui;
const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
const storageKey = `ku-collect:v1:${config.year}`;
const failed = () => document.body.dataset.python === "failed";
// Without Python nothing can be read or written: the download area says so (the batch itself is kept).
function unavailable() {
  document.querySelectorAll(".ku-download").forEach((button) => { /** @type {HTMLButtonElement} */ (button).disabled = true; });
  $("ku-blocked").replaceChildren(text(ui.blocked_failed));
  $("ku-blocked").hidden = false;
  if (state.items.length) $("ku-counts").replaceChildren(text(count(ui, "kept", state.items.length))); // not "no applications yet"
}

// 填表日期 starts as today while the round is open; once it has closed it starts empty (a date past the
// deadline would be wrong on paper), and the department fills it in.
function defaultDate() {
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  const phases = config.round || [];
  const current = phases.filter((phase) => phase.starts <= today).pop() || phases[0];
  return current && current.key === "closed" ? "" : today;
}

let state = { unit: "", date: defaultDate(), order: "form", items: [], hand: [], review: false };
let nextId = 1;
let lastResult = null;

// ---- keeping it in the browser ---------------------------------------------------------

function save() {
  try {
    localStorage.setItem(storageKey, JSON.stringify(state));
  } catch (error) {
    message(String(error), true); // e.g. the browser's storage is full: the batch still works until reload
  }
}

function restore() {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) || "null");
    if (saved && Array.isArray(saved.items)) state = { ...state, ...saved };
  } catch (error) {
    /* a damaged entry is ignored */
  }
  nextId = 1 + Math.max(0, ...state.items.map((item) => item.id));
  $("ku-unit").value = state.unit;
  $("ku-date").value = state.date;
  showDate();
  $("ku-review").checked = state.review;
  $(`ku-order-${state.order}`).checked = true;
}


// ---- order ---------------------------------------------------------------------------

// The batch as Python is asked about it: the items, the heading and the chosen order.
// 填表日期 is kept as typed (state.date) and read as an ISO date only here, for Python.
const desk = () => JSON.stringify({ items: state.items, date: isoDate(state.date, config.year), unit: state.unit, order: state.order, hand: state.hand, review: state.review });

// Moving a row orders the batch by hand, from the order on screen.
function move(id, step) {
  const order = lastResult.entries.map((entry) => entry.id);
  const at = order.indexOf(id);
  const to = at + step;
  if (to < 0 || to >= order.length) return;
  [order[at], order[to]] = [order[to], order[at]];
  state.order = "hand";
  state.hand = order;
  $("ku-order-hand").checked = true;
  save();
  refresh();
}

// ---- the table ---------------------------------------------------------------------

function cell(row, content, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (content instanceof Node) td.append(content);
  else td.append(text(content));
  row.append(td);
  return td;
}

function button(label, text, onClick) {
  const b = Object.assign(document.createElement("button"), { type: "button", className: "ku-icon-button", title: label, textContent: text });
  b.setAttribute("aria-label", label);
  b.addEventListener("click", onClick);
  return b;
}

/**
 * One entry's row: an application or 附件3 row with its counts and findings, or a file that could not be read.
 * @param {any} entry
 * @param {number} n  its number among the readable entries
 * @returns {HTMLTableRowElement}
 */
function entryRow(entry, n) {
  const row = document.createElement("tr");
  row.dataset.id = entry.id;
  row.dataset.kind = entry.kind;
  if (entry.kind === "unreadable") {
    row.className = "is-unreadable";
    cell(row, "—");
    const td = cell(row, say(ui.unreadable_file, { file: entry.source, why: entry.error[config.lang] }));
    td.colSpan = 6;
  } else {
    cell(row, String(n));
    cell(row, entry.title || "—");
    cell(row, entry.host || "—");
    cell(row, entry.kind === "row" ? ui.kind_row : ui[`kind_${entry.form}`]);
    cell(row, String(entry.errors), entry.errors ? "ku-count is-error" : "ku-count");
    cell(row, String(entry.warnings), entry.warnings ? "ku-count is-warning" : "ku-count");
    cell(row, fileWithFindings(entry));
  }
  cell(row, actions(entry.id));
  // Each value's column name, which a phone shows beside it (the table becomes one card per row there).
  const keys = entry.kind === "unreadable" ? ["n", "file", "actions"] : columnsOf($("ku-table"));
  Array.from(row.cells).forEach((td, i) => { td.dataset.label = ui[`col_${keys[i]}`]; });
  return row;
}

/**
 * The file's name, and its findings folded beneath.
 * @param {any} entry
 * @returns {HTMLElement}
 */
function fileWithFindings(entry) {
  const file = document.createElement("span");
  file.append(text(entry.source));
  if (!entry.findings.length) return file;
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = ui.details;
  details.append(summary, list(entry.findings, config));
  const wrap = document.createElement("div");
  wrap.append(file, details);
  return wrap;
}

/**
 * A row's buttons: up, down, remove.
 * @param {number} id
 * @returns {HTMLElement}
 */
function actions(id) {
  const span = document.createElement("span");
  span.className = "ku-actions";
  span.append(
    button(ui.up, "↑", () => move(id, -1)),
    button(ui.down, "↓", () => move(id, 1)),
    button(ui.remove, "✕", () => {
      state.items = state.items.filter((item) => item.id !== id);
      save();
      refresh();
    }),
  );
  return span;
}

/**
 * The entries in the order Python gave them, which is the order of 附件3's rows, and the batch's counts.
 * @param {any} result  check_batch's answer
 */
function render(result) {
  lastResult = result;
  let n = 0;
  $("ku-rows").replaceChildren(...result.entries.map((/** @type {any} */ entry) => entryRow(entry, entry.kind === "unreadable" ? n : ++n)));
  /** @param {string} severity */
  const inBatch = (severity) => result.batch.filter((/** @type {any} */ f) => f.severity === severity).length;
  /** @param {string} key */
  const total = (key) => result.entries.reduce((/** @type {number} */ sum, /** @type {any} */ e) => sum + (e[key] || 0), 0);
  const apps = result.entries.filter((/** @type {any} */ e) => e.kind !== "unreadable").length;
  const errors = total("errors") + inBatch("error");
  const warnings = total("warnings") + inBatch("warning");
  // A check that could not run is this tool's failure: said apart, never counted with the files' errors.
  const faults = total("faults") + inBatch("fault");
  const counts = result.entries.length ? say(ui.counts, { apps: count(ui, "n_apps", apps), errors: count(ui, "n_errors", errors), warnings: count(ui, "n_warnings", warnings) }) : ui.empty;
  $("ku-counts").textContent = faults ? `${counts} ${count(ui, "faults", faults)}` : counts;
  $("ku-batch-findings").hidden = result.batch.length === 0;
  list(result.batch, config, { list: $("ku-batch-list") });
  document.querySelectorAll(".ku-download").forEach((button) => { /** @type {HTMLButtonElement} */ (button).disabled = apps === 0; });
  document.body.dataset.batchErrors = String(errors);
}

let run = 0;

async function refresh() {
  const mine = ++run;
  if (document.body.dataset.python !== "ready") return;
  const started = performance.now();
  const result = await call("check_batch", desk());
  if (mine !== run) return;
  render(result);
  document.body.dataset.batchMs = String(Math.round(performance.now() - started)); // read by the tests and the benchmark
  document.body.dataset.batchRows = String(result.entries.length);
}

// ---- files in -----------------------------------------------------------------------

async function add(fileList) {
  const files = Array.from(fileList).filter((file) => !file.webkitRelativePath || /\.(json|xlsx|docx|doc|xls|wps|et)$/i.test(file.name));
  if (!files.length) return;
  if (failed()) return message(ui.unavailable_add, true);
  message(ui.working);
  const started = performance.now();
  const payload = await Promise.all(files.map(async (file) => ({ name: file.webkitRelativePath || file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  let items;
  try {
    items = await call("read_files", payload);
  } catch (error) {
    if (!failed()) throw error;
    return message(ui.unavailable_add, true);
  }
  items.forEach((item) => state.items.push({ id: nextId++, ...item }));
  save();
  await refresh();
  document.body.dataset.addMs = String(Math.round(performance.now() - started));
  message(count(ui, "added", items.length, { bad: items.filter((item) => item.error).length }));
}

/**
 * A file input's chosen files are added, and the input emptied for the next choice.
 * @param {Event} event
 */
function chosen(event) {
  const input = /** @type {HTMLInputElement} */ (event.target);
  add(input.files);
  input.value = "";
}

function listenForFiles() {
  $("ku-files").addEventListener("change", chosen);
  // A whole folder (Chromium, Firefox, Safari): set here, since `webkitdirectory` is not an attribute of HTML.
  $("ku-folder").webkitdirectory = true;
  $("ku-folder").addEventListener("change", chosen);
  const drop = $("ku-drop");
  ["dragenter", "dragover"].forEach((type) => drop.addEventListener(type, (/** @type {DragEvent} */ event) => { event.preventDefault(); drop.classList.add("is-over"); }));
  ["dragleave", "drop"].forEach((type) => drop.addEventListener(type, () => drop.classList.remove("is-over")));
  drop.addEventListener("drop", (/** @type {DragEvent} */ event) => { event.preventDefault(); add(event.dataTransfer.files); });
}

// ---- heading, order, download ---------------------------------------------------------

// 填表日期 as typed, read as an ISO date where it is one (20250215, 2025年2月15日 …); what cannot be read is kept
// as typed and said under the field, since 附件3 will then carry no date.
function showDate() {
  const typed = $("ku-date").value.trim();
  const date = isoDate(typed, config.year);
  const unreadable = typed !== "" && !isIso(date);
  const read = isIso(date) && date !== typed; // kept as typed: the date it was read as said beneath
  $("ku-date-read").hidden = !read;
  $("ku-date-read").textContent = read ? say(ui.date_read, { date }) : "";
  const line = $("ku-date-error");
  line.hidden = !unreadable;
  line.textContent = unreadable ? say(line.dataset.unreadable, { typed }) : "";
}

/** The heading and the order as typed and chosen, kept. */
function headingChanged() {
  state.unit = $("ku-unit").value;
  state.date = $("ku-date").value; // as typed: a half-typed date must come back as it was, not as another date
  state.order = /** @type {HTMLInputElement} */ (document.querySelector("input[name=order]:checked")).value;
  save();
}

function listenToHeading() {
  $("ku-date").addEventListener("input", showDate); // as typed: a line shown when the field is left moves what is clicked
  $("ku-collect").addEventListener("input", headingChanged);
  $("ku-collect").addEventListener("change", () => refresh());
  $("ku-review").addEventListener("change", (/** @type {Event} */ event) => { state.review = /** @type {HTMLInputElement} */ (event.target).checked; save(); });
}

// A batch with errors is downloaded once confirmed: once per state of the batch (its files, heading and order), so
// the second format of the same batch is not asked about again; any change asks anew.
const batchState = () => JSON.stringify({ items: state.items, date: state.date, unit: state.unit, order: state.order, hand: state.hand });
/** @type {string | null} */
let confirmed = null;

/**
 * 附件3 of the batch in the button's format (data-format).
 * @param {HTMLButtonElement} button
 */
async function exportBatch(button) {
  const errors = Number(document.body.dataset.batchErrors || 0);
  if (errors && confirmed !== batchState()) {
    if (!window.confirm(count(ui, "confirm_errors", errors))) return;
    confirmed = batchState();
  }
  const format = button.dataset.format;
  const result = await call("export_batch", desk(), format);
  download(result.name, result.bytes, TYPES[/** @type {"xlsx" | "docx"} */ (format)]);
  message(count(ui, "downloaded", result.rows, { name: result.name }));
}

function clearBatch() {
  if (!window.confirm(ui.confirm_clear)) return;
  state = { ...state, unit: "", items: [], hand: [], order: "form" };
  localStorage.removeItem(storageKey);
  restore();
  refresh();
  if (document.body.dataset.python !== "ready") $("ku-counts").replaceChildren(text(ui.empty)); // Python draws the counts; without it, no "kept" left standing
  $("ku-message").hidden = true;
}

// The page's parts, once parsed: the batch kept in this browser comes back, and the page listens.
function setUp() {
  listenForFiles();
  listenToHeading();
  document.querySelectorAll(".ku-download").forEach((button) => button.addEventListener("click", () => exportBatch(/** @type {HTMLButtonElement} */ (button))));
  $("ku-clear").addEventListener("click", clearBatch);
  restore();
  whenReady(() => refresh());
  whenFailed(unavailable);
}

whenParsed(setUp);
