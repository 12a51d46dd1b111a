// The form page's entry module: keeps what the user types (in this browser only), asks the Python worker to check
// and to write files, and shows each finding next to its field and in the summary at the top.
// Its inputs are read and written by inputs.js.
import { isIso, isoDate } from "../shared/dates.js";
import { config } from "../shared/config.js";
import { whenParsed } from "../shared/dom.js";
import { download, TYPES } from "../shared/download.js";
import { clauseLink, list } from "../shared/findings.js";
import { call, reason, start, whenFailed, whenReady } from "../shared/python.js";
import { count, message as say_message, say, text } from "../shared/text.js";
import { draft, envelope, fields, findInputs, form, fromTyped, level, plainDraft, sentences, shown, values, write } from "./inputs.js";
import { enterMovesOn } from "./keyboard.js";

start(); // Python first, from the head: it is the longest wait

const ui = config.ui;
const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
/**
 * The elements under `root` (the form) that match `selector`, as an array.
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {any[]}
 */
const all = (selector, root = form) => Array.from(root.querySelectorAll(selector));
let storageKey = ""; // read before this script too, for the level (form.html)

// The message line says what the latest action did; "check everything" waits for a check, which may be one
// already under way, and by its end a later action (a saved draft) may have spoken: that line stays.
let spoken = 0;
/**
 * @param {string} value
 * @param {boolean} [isError]
 */
function message(value, isError) {
  spoken++;
  say_message(value, isError);
}

const failed = () => document.body.dataset.python === "failed";

// A date stays as typed; where the words typed are another form of a date, the line under it says which date
// the checks read (2025年7月1 read as 2025-07-01: one look shows whether that was meant).
function showReadings() {
  all(".ku-date").forEach((input) => {
    const note = $(`${input.id}-read`);
    const typed = input.value.trim();
    const date = isoDate(typed, config.year);
    const shown = isIso(date) && date !== typed;
    note.hidden = !shown;
    note.textContent = shown ? say(note.dataset.which ? ui.date_read_of : ui.date_read, { date, which: note.dataset.which }) : "";
  });
}

function fill(state) {
  const radio = $(`ku-level-${state.level}`);
  if (radio) radio.checked = true;
  fields.forEach((field) => write(field, (state.values || {})[field.dataset.field]));
  showReadings();
  layout();
}

// ---- what is visible --------------------------------------------------------------

function layout() {
  const current = level();
  form.dataset.level = current; // the head's CSS hides the other level's parts from the first paint
  form.classList.add("is-laid-out"); // fields shown only on an answer were hidden until now
  all("main [data-forms]", document).forEach((element) => {
    if (!element.classList.contains("ku-field")) element.hidden = !element.dataset.forms.split(" ").includes(current);
  });
  fields.forEach((field) => { field.hidden = !shown(field); });
  all("input[data-list-" + current + "]").forEach((input) => input.setAttribute("list", input.dataset["list" + current[0].toUpperCase() + current.slice(1)]));
  sentences.forEach((note) => { note.hidden = note.hidden || !note.querySelector("span").textContent; });
}

// ---- keeping it in the browser ---------------------------------------------------------

function save() {
  const state = { level: level(), values: values(true), saved: new Date().toISOString() };
  try {
    localStorage.setItem(storageKey, JSON.stringify(state));
    $("ku-saved").textContent = say(ui.saved_at, { time: new Date().toLocaleTimeString(ui.time_locale) });
  } catch (error) {
    $("ku-saved").textContent = "";
  }
}

// What was saved comes back, except where the user typed before this script ran (the fields are on the
// page first): that is newer, and it is kept and saved.
function restore() {
  const early = values(true);
  try {
    const state = JSON.parse(localStorage.getItem(storageKey) || "null");
    if (state && state.values) {
      fill(state);
      Object.keys(state.values).forEach((id) => touched.add(id));
    }
  } catch (error) {
    /* a damaged entry is ignored; the form starts empty */
  }
  fields.filter((field) => field.dataset.field in early).forEach((field) => {
    write(field, early[field.dataset.field]);
    touched.add(field.dataset.field);
  });
  if (Object.keys(early).length) save();
}

// Another tab of this page saved its answers (or started anew): this one shows them, so that what it saves next
// keeps them; each tab saved only its own answers, over the other's, and what was typed in the other was lost.
function followOtherTabs() {
  window.addEventListener("storage", (event) => {
    if (event.key !== storageKey) return;
    let state = { level: "national", values: {} };
    try {
      state = JSON.parse(event.newValue || "null") || state;
    } catch (error) {
      return; // not an entry of this page: this tab's answers stay, and are saved with its next change
    }
    if (!state.values) return;
    fill(state);
    touched.clear();
    Object.keys(state.values).forEach((id) => touched.add(id));
    updateDownloads();
    if (document.body.dataset.python === "ready") check();
  });
}

// ---- findings -------------------------------------------------------------------

let lastFindings = null;
// "Fill in X" for a field the user has not reached yet is only shown after "check everything":
// a new application should not open on a wall of errors (a download still counts them all, and asks first).
const touched = new Set();
let showAll = false;
const quietWhenNew = config.quiet; // rules declared quiet_until_touched (data/rules.toml)
const visible = (finding) => showAll || !quietWhenNew.includes(finding.rule) || touched.has((finding.field || "").split(".")[0]);

function target(fieldPath) {
  const [id, option] = (fieldPath || "").split(".");
  const field = fields.find((f) => f.dataset.field === id);
  if (!field || field.hidden) return null;
  if (option) return { field, error: $(`f-${id}-${option}-error`), focus: $(`f-${id}-${option}-text`) };
  const focus = field.querySelector("input:not([type=hidden]), textarea, select");
  return { field, error: $(`f-${id}-error`), focus };
}

function show(findings) {
  lastFindings = findings;
  all(".ku-field__error").forEach((p) => { p.hidden = true; p.textContent = ""; });
  fields.forEach((field) => field.classList.remove("has-error", "has-warning"));
  all("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
  const shownFindings = findings.filter(visible);
  // In the summary, a finding's message leads to its field.
  list(shownFindings, config, { list: $("ku-summary-list"), wrap: (finding, message) => {
    const where = target(finding.field);
    if (!where || !where.focus) return message;
    const link = Object.assign(document.createElement("a"), { href: `#${where.focus.id}` });
    link.append(message);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      where.field.scrollIntoView({ block: "start" }); // its label below the sticky header (scroll-margin-top)
      where.focus.focus({ preventScroll: true });
    });
    return link;
  } });
  // By the field: each finding on a line of its own, with its clause; the field is marked by its worst finding.
  shownFindings.forEach((finding) => {
    const where = target(finding.field);
    if (!where || !where.error) return;
    where.error.hidden = false;
    const item = Object.assign(document.createElement("span"), { className: "ku-field__finding" });
    const line = document.createElement("span");
    line.className = `ku-field__message ku-field__message--${finding.severity}`;
    line.append(text(finding.message[config.lang]));
    item.append(line);
    const clause = clauseLink(finding, config);
    if (clause) item.append(" ", clause);
    where.error.append(item);
    where.field.classList.add(finding.severity === "error" ? "has-error" : "has-warning");
    if (finding.severity === "error" && where.focus) where.focus.setAttribute("aria-invalid", "true");
  });
  fields.forEach((field) => field.classList.contains("has-error") && field.classList.remove("has-warning"));
  const tally = (severity) => shownFindings.filter((f) => f.severity === severity).length;
  const [errors, warnings, faults] = [tally("error"), tally("warning"), tally("fault")];
  $("ku-summary").hidden = shownFindings.length === 0;
  $("ku-summary").classList.toggle("has-errors", errors > 0);
  $("ku-summary-counts").textContent = [errors && count(ui, "errors", errors), warnings && count(ui, "warnings", warnings)].filter(Boolean).join(ui.counts_separator);
  // A check that could not run is this tool's failure: said apart, never counted with the user's errors.
  $("ku-summary-faults").textContent = faults ? count(ui, "faults", faults) : "";
  $("ku-summary-faults").hidden = !faults;
  updateDownloads();
}

// Downloads wait only for Python: the answers are the user's own work, errors or not (the page asks once to
// confirm a download with errors, and the errors stay listed).
const errorCount = () => (lastFindings ? lastFindings.filter((f) => f.severity === "error" && visible(f)).length : 0);

function updateDownloads() {
  const isReady = document.body.dataset.python === "ready";
  all(".ku-downloads button", document).forEach((button) => {
    button.disabled = button.id === "ku-print-button" ? !isReady && !failed() : !isReady || !lastFindings;
  });
  // Without Python the draft is the one file to be had, and the page prints itself.
  $("ku-save-draft").hidden = !failed();
  $("ku-save-draft").disabled = false;
  const why = $("ku-blocked");
  const errors = errorCount();
  if (failed()) why.textContent = ui.blocked_failed;
  else if (!isReady) why.textContent = ui.blocked_loading;
  else if (errors) why.textContent = count(ui, "with_errors", errors);
  else why.textContent = "";
  why.hidden = !why.textContent;
}

// One confirmation per set of errors: a second download of the same answers is not asked again.
let confirmedErrors = null;
function confirmDownload() {
  const errors = lastFindings.filter((f) => f.severity === "error");
  if (!errors.length) return true;
  const key = JSON.stringify(errors.map((f) => [f.rule, f.field]));
  if (confirmedErrors === key) return true;
  if (!window.confirm(count(ui, "confirm_download", errors.length))) return false;
  confirmedErrors = key;
  return true;
}

// What the printed cells will add to what was typed, as Python words it (web.blanks): the cells that print their
// own words around a blank (是第3批国家级继续教育基地), and the trainee sentence added to 培训对象 (under the count).
const answered = (note) => !note.closest(".ku-field").hidden && note.parentNode.querySelector("input").value.trim();
async function showPrinted() {
  const notes = all(".ku-printed");
  const filled = notes.filter(answered);
  notes.filter((note) => !filled.includes(note)).forEach((note) => { note.hidden = true; });
  const counted = sentences.filter(answered);
  sentences.filter((note) => !counted.includes(note)).forEach((note) => { note.querySelector("span").textContent = ""; note.hidden = true; });
  if (!filled.length && !counted.length) return; // nothing to ask Python on most keystrokes
  const wording = await call("blanks", JSON.stringify(draft()));
  notes.forEach((note) => {
    const id = note.id.slice(2, -"-printed".length);
    note.hidden = !wording[id];
    note.querySelector("span").textContent = wording[id] || "";
  });
  const current = level();
  sentences.forEach((note) => {
    const text = (note.dataset.forms.split(" ").includes(current) && wording[note.dataset.into]) || "";
    note.querySelector("span").textContent = text;
    note.hidden = !text;
  });
}

// A check takes a few milliseconds in the worker, so every change is checked at once; while one
// check runs, later changes wait for it and are checked together (the newest state wins).
let checking = null;
let beforeReplace = null; // the answers before "new application" or opening a file, for "undo"
let again = false;
let inputAt = 0;

async function check() {
  if (checking) {
    again = true;
    return checking;
  }
  checking = (async () => {
    document.body.dataset.checking = "true"; // read by tests: the latest change is being checked
    let findings;
    do {
      again = false;
      const started = performance.now();
      findings = await call("check", JSON.stringify(draft()));
      document.body.dataset.checkMs = String(Math.round(performance.now() - started));
    } while (again);
    show(findings);
    showPrinted();
    const now = performance.now();
    if (inputAt) document.body.dataset.inputToShownMs = (now - inputAt).toFixed(1); // read by the benchmark
    document.body.dataset.checkedAt = now.toFixed(1);
    return findings;
  })();
  try {
    return await checking;
  } finally {
    checking = null;
    delete document.body.dataset.checking;
  }
}

function changed(event) {
  // Only what the user enters ends "undo": a text field also sends "change" when it loses focus, as it
  // does when the undo button is pressed.
  if (beforeReplace && event && event.type === "input") forgetUndo();
  const field = event && event.target.closest && event.target.closest(".ku-field");
  if (field) touched.add(field.dataset.field);
  inputAt = performance.now();
  showReadings();
  layout();
  save();
  if (document.body.dataset.python === "ready") check();
}

/** @param {Event} [event] */
async function checkAll(event) {
  if (event) event.preventDefault();
  showAll = true;
  const before = spoken;
  let findings;
  try {
    findings = await check();
  } catch (error) {
    if (!failed()) throw error;
    message(ui.unavailable_check, true); // Python could not start: said here, and why by the fields
    $("ku-message").focus();
    return;
  }
  // The summary says what is wrong; an earlier download's line goes, a line said since this click stays.
  if (spoken === before) message(findings.length ? "" : ui.no_problems);
  // Its top below the sticky header and back-to-top button (scroll-margin-top), its first line in view even
  // when the list is longer than the screen (focus alone would centre it). The page scrolled up, so Material
  // shows its back-to-top button: the toolbar just above (保存草稿, 新建申报) is brought below it too, where
  // the summary's top stays in view.
  const landing = $("ku-summary").hidden ? $("ku-message") : $("ku-summary");
  const toolbar = document.querySelector(".ku-toolbar");
  const room = window.innerHeight - parseFloat(getComputedStyle(landing).scrollMarginTop) - 48;
  const above = landing.getBoundingClientRect().top - toolbar.getBoundingClientRect().top;
  (above > 0 && above < room ? toolbar : landing).scrollIntoView({ block: "start" });
  landing.focus({ preventScroll: true });
}

function listenToFields() {
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", checkAll);
  form.addEventListener("keydown", enterMovesOn);
}

// ---- files ----------------------------------------------------------------------

/**
 * 附件1/附件2 or the one-row 附件3, as the button says (data-what, data-format), once confirmed when it has errors.
 * @param {HTMLButtonElement} button
 */
async function exportFile(button) {
  showAll = true; // the errors the confirmation counts are the ones listed
  await check();
  if (!confirmDownload()) return;
  const started = performance.now();
  let result;
  try {
    result = await call("export", JSON.stringify(draft()), button.dataset.what, button.dataset.format);
  } catch (error) {
    message(reason(error), true);
    return;
  }
  document.body.dataset.downloadMs = String(Math.round(performance.now() - started));
  download(result.name, result.bytes, TYPES[/** @type {"xlsx" | "docx"} */ (button.dataset.format)]);
  message(result.errors ? count(ui, "downloaded_with_errors", result.errors, { name: result.name }) : say(ui.downloaded, { name: result.name }), Boolean(result.errors));
}

// The print view, as Python draws it; without Python the page's own print stylesheet prints the answers as typed,
// unchecked.
async function printView() {
  if (failed()) return window.print();
  let html;
  try {
    html = await call("print_view", JSON.stringify(draft()), config.lang);
  } catch (error) {
    return message(reason(error), true);
  }
  const area = $("ku-print");
  area.innerHTML = html; // rendered by jinja2 with every value escaped
  area.hidden = false;
  document.body.classList.add("ku-printing");
  window.print();
}

// The draft is the page's own (it is saved without Python); only its file name is Python's, cleaned as every
// file name is. Without a Python, it is saved under a plain name rather than not at all.
async function saveDraft() {
  const json = JSON.stringify(draft(), null, 2);
  let name;
  try {
    name = await call("draft_filename", json);
  } catch (error) {
    name = ui.draft_file;
  }
  download(name, json, "application/json");
  message(say(ui.draft_saved, { name }));
}

function listenToDownloads() {
  all(".ku-downloads button[data-what]", document).forEach((button) => {
    button.addEventListener("click", () => exportFile(/** @type {HTMLButtonElement} */ (button)));
  });
  $("ku-print-button").addEventListener("click", printView);
  window.addEventListener("afterprint", () => {
    document.body.classList.remove("ku-printing");
    $("ku-print").hidden = true;
  });
  $("ku-save").addEventListener("click", saveDraft);
  $("ku-save-draft").addEventListener("click", () => $("ku-save").click());
  // Printed as it is (Ctrl+P, or the print button without Python), each text box shows all it holds.
  window.addEventListener("beforeprint", () => {
    all("textarea").forEach((box) => { box.style.height = `${box.scrollHeight + 4}px`; });
  });
  window.addEventListener("afterprint", () => all("textarea").forEach((box) => { box.style.height = ""; }));
}

/**
 * An answer of open_file replaces the form's answers (undoable), each kept field touched.
 * @param {{draft: {form: string, data: Record<string, any>}}} result
 */
function replaceWith(result) {
  keepForUndo();
  touched.clear();
  fill({ level: result.draft.form, values: result.draft.data });
  Object.keys(result.draft.data).forEach((id) => touched.add(id));
  save();
}

/** @param {Event} event */
async function openFile(event) {
  const input = /** @type {HTMLInputElement} */ (event.target);
  const file = input.files[0];
  input.value = "";
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let result;
  try {
    result = await call("open_file", file.name, bytes, config.year);
  } catch (error) {
    if (!failed()) return message(say(ui.open_failed, { name: file.name, message: reason(error) }), true);
    // Without Python, a JSON draft of this tool is the page's own answers: opened as they are (inputs.js says which).
    const plain = plainDraft(bytes);
    if (!plain) return message(say(ui.unavailable_open, { name: file.name, year: config.year }), true);
    replaceWith({ draft: plain });
    return message(say(ui.unavailable_opened, { name: file.name }));
  }
  replaceWith(result);
  const migrated = result.migrated_from !== null && result.migrated_from !== undefined;
  if (result.carried) {
    message(result.carried[config.lang], true);
  } else if (result.read) {
    message(result.read[config.lang], true); // a form filled by hand: what was read, what was not found
  } else if (result.left_out.length) {
    message(say(ui.opened_left_out, { name: file.name, items: result.left_out.map((/** @type {any} */ entry) => entry[config.lang]).join(ui.items_separator) }), true);
  } else {
    message(migrated ? say(ui.opened_migrated, { name: file.name, version: result.migrated_from }) : say(ui.opened, { name: file.name }));
  }
  check();
}

// "New application" and opening a file replace the answers: both can be undone until the user enters
// something new (undoing then would overwrite it).
function keepForUndo() {
  beforeReplace = { level: level(), values: values(true), touched: [...touched] };
  $("ku-undo").hidden = false;
}

function forgetUndo() {
  beforeReplace = null;
  $("ku-undo").hidden = true;
}

function startAnew() {
  if (!window.confirm(ui.confirm_new)) return;
  keepForUndo();
  localStorage.removeItem(storageKey);
  fill({ level: "national", values: {} });
  touched.clear();
  showAll = false;
  $("ku-saved").textContent = "";
  message(ui.cleared);
  if (document.body.dataset.python === "ready") check();
}

function undo() {
  if (!beforeReplace) return;
  touched.clear();
  fill(beforeReplace);
  beforeReplace.touched.forEach((/** @type {string} */ id) => touched.add(id));
  forgetUndo();
  save();
  message(ui.restored);
  $("ku-new").focus();
  if (document.body.dataset.python === "ready") check();
}

function listenToFiles() {
  $("ku-open").addEventListener("change", openFile);
  $("ku-new").addEventListener("click", startAnew);
  $("ku-undo").addEventListener("click", undo);
}

// ---- last year's answers, offered on the first visit after a new notice ----------------------
// The answers are kept per edition (ku-form:v1:YEAR). While this year's are empty, the latest earlier edition's
// answers are offered and, if taken, carried over by the same path as an opened file of that year (open_file:
// every field kept, renamed or dropped is named). Declined, they stay in the browser and are offered next time.
/**
 * The latest earlier edition's answers kept in this browser and not yet carried over: [year, key, state], or null.
 * @returns {[number, string, {level: string, values: Record<string, any>, carriedTo?: number}] | null}
 */
function earlierAnswers() {
  /** @type {Array<[number, string, any]>} */
  const earlier = [];
  for (let i = 0; i < localStorage.length; i++) {
    const match = /^ku-form:v1:(\d+)$/.exec(localStorage.key(i) || "");
    if (!match || Number(match[1]) >= config.year) continue;
    try {
      const state = JSON.parse(localStorage.getItem(match[0]) || "null");
      if (state && state.values && Object.keys(state.values).length && state.carriedTo !== config.year) earlier.push([Number(match[1]), match[0], state]);
    } catch (error) {
      /* a damaged entry is not offered */
    }
  }
  return earlier.length ? earlier.sort((a, b) => b[0] - a[0])[0] : null;
}

function offerEarlierAnswers() {
  if (Object.keys(values()).length) return;
  const earlier = earlierAnswers();
  if (!earlier) return;
  const words = { old: earlier[0], new: config.year };
  const offer = Object.assign(document.createElement("div"), { id: "ku-carry", className: "ku-carry admonition note" });
  offer.setAttribute("role", "region");
  offer.setAttribute("aria-label", say(ui.carry_name, words));
  const accept = Object.assign(document.createElement("button"), { type: "button", id: "ku-carry-accept", className: "md-button md-button--primary", textContent: ui.carry_accept });
  const decline = Object.assign(document.createElement("button"), { type: "button", id: "ku-carry-decline", className: "md-button", textContent: ui.carry_decline });
  offer.append(Object.assign(document.createElement("p"), { textContent: say(ui.carry_offer, words) }), accept, " ", decline);
  $("ku-message").before(offer);
  decline.addEventListener("click", () => {
    offer.remove();
    message(say(ui.carry_declined, words));
  });
  accept.addEventListener("click", () => carryOver(earlier, offer));
}

/**
 * Last year's answers, carried over by the same path as an opened file of that year.
 * @param {[number, string, {level: string, values: Record<string, any>}]} earlier  [year, key, state]
 * @param {HTMLElement} offer
 */
async function carryOver([old, key, state], offer) {
  const name = say(ui.carry_name, { old, new: config.year });
  // kept as typed: read as the checks read the inputs (a date typed 2025年7月14日 carried as 2025-07-14)
  const data = Object.fromEntries(Object.entries(state.values).map(([id, typed]) => {
    const field = fields.find((f) => f.dataset.field === id);
    return [id, field ? fromTyped(field.dataset.input, typed) : typed];
  }));
  const kept = envelope(old, state.level, data);
  let result;
  try {
    result = await call("open_file", `${old}.json`, new TextEncoder().encode(JSON.stringify(kept)), config.year, true);
  } catch (error) {
    message(say(ui.open_failed, { name, message: reason(error) }), true);
    return;
  }
  offer.remove();
  replaceWith(result);
  try {
    localStorage.setItem(key, JSON.stringify({ ...state, carriedTo: config.year })); // kept, not offered again
  } catch (error) {
    /* offered again next time: nothing is lost */
  }
  const left = result.left_out.map((/** @type {any} */ entry) => entry[config.lang]).join(ui.items_separator);
  message([result.carried ? result.carried[config.lang] : "", left && say(ui.opened_left_out, { name, items: left })].filter(Boolean).join(" "), true);
  check();
}

// The page's parts, once parsed: the answers kept in this browser come back, and the page listens.
function setUp() {
  findInputs();
  storageKey = form.dataset.storage;
  listenToFields();
  listenToDownloads();
  listenToFiles();
  restore();
  followOtherTabs();
  showReadings();
  offerEarlierAnswers();
  layout();
  updateDownloads();
  whenReady(() => check());
  whenFailed(() => updateDownloads());
}

whenParsed(setUp);

