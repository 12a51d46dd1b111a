// The receiving office's entry module: everything a round brings in (files, folders, dropped or chosen), read in the
// Python worker as the desk reads it, reconciled, checked and drawn (generator.adapters.web.office_round; view.js),
// the office's working lists chosen per application, and the master workbook and the transferred 附件2 out. The
// files received and the choices are kept in this browser (store.js): the files are read again after a reload.
import { config } from "../shared/config.js";
import { whenParsed } from "../shared/dom.js";
import { download, TYPES } from "../shared/download.js";
import { call, reason, start, whenFailed, whenReady } from "../shared/python.js";
import { count, message, say, text } from "../shared/text.js";
import { forgetChoices, forgetFiles, keepFiles, keptChoices, keptFiles, saveChoices } from "./store.js";
import { render, showChoice, showChosen, showTransfer } from "./view.js";

start(); // Python first, from the head: it is the longest wait

const ui = config.ui;
const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
const failed = () => document.body.dataset.python === "failed";
const ready = () => document.body.dataset.python === "ready";
const READABLE = /\.(json|xlsx|docx|doc|xls|wps|et)$/i;

/** @typedef {{name: string, bytes: Uint8Array, items?: any[], kept?: boolean}} Received */

/** @type {Received[]} the files received, with what Python read in each */
let files = [];
/** @type {Record<string, string>} the office's choice per application key */
let choices = {};
/** @type {import("./view.js").Round | null} */
let lastRound = null;
/** @type {import("./view.js").Handlers} */
const on = { choose, transfer };

// Without Python nothing can be read or written: the downloads say so, and the files kept are counted.
function unavailable() {
  document.querySelectorAll(".ku-download").forEach((button) => { /** @type {HTMLButtonElement} */ (button).disabled = true; });
  $("ku-blocked").replaceChildren(text(ui.blocked_failed));
  $("ku-blocked").hidden = false;
  if (files.length) $("ku-counts").replaceChildren(text(count(ui, "kept", files.length)));
}

// Where the files cannot be kept (no IndexedDB: a private window of some browsers), the page says that files must be
// added again after a reload; the choices stay.
let keepsFiles = true;
function notKept(/** @type {unknown} */ error) {
  if (!keepsFiles) return;
  keepsFiles = false;
  console.warn("The files received cannot be kept in this browser:", error);
  $("ku-kept").textContent = $("ku-kept").dataset.choicesOnly;
}

// One thing at a time (reading the kept files, adding, refreshing), in the order asked.
/** @type {Promise<any>} */
let work = Promise.resolve();
function queue(/** @type {() => Promise<any>} */ task) {
  work = work.then(task).catch((error) => {
    if (!failed()) console.error(error);
  });
  return work;
}

// ---- files in ---------------------------------------------------------------------------

/**
 * Every file of one dropped entry, however deep (a dropped folder is no File the page can read).
 * @param {any} entry a FileSystemEntry
 * @param {File[]} found
 */
async function walk(entry, found) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    found.push(Object.assign(file, { ku_path: entry.fullPath.replace(/^\//, "") }));
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    let batch;
    do {
      batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      for (const child of batch) await walk(child, found);
    } while (batch.length);
  }
}

/** @param {DataTransfer} transfer */
async function dropped(transfer) {
  const entries = Array.from(transfer.items || []).map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
  if (!entries.length) return Array.from(transfer.files);
  /** @type {File[]} */
  const found = [];
  for (const entry of entries) await walk(entry, found);
  return found;
}

// The files Python has not read yet, read in one call; their items kept beside each file.
async function readUnread() {
  const unread = files.filter((file) => !file.items);
  if (!unread.length || !ready()) return 0;
  const items = await call("read_files", unread.map(({ name, bytes }) => ({ name, bytes })));
  // Python answers file by file, in order, each item named by its file (name, or name#n for its n-th): the same
  // file added twice is two files here.
  let at = 0;
  unread.forEach((file) => { file.items = []; });
  const owns = (/** @type {Received} */ file, /** @type {any} */ item) => item.source === file.name || item.source.startsWith(`${file.name}#`);
  const first = (/** @type {Received} */ file, /** @type {any} */ item) => item.source === file.name || item.source === `${file.name}#1`;
  items.forEach((/** @type {any} */ item) => {
    while (at < unread.length - 1 && (!owns(unread[at], item) || (unread[at].items.length && first(unread[at], item)))) at++;
    unread[at].items.push(item);
  });
  return unread.length;
}

// How many of these files Python found unreadable: when read, or when checked (a draft of a notice it does not know).
function unreadable(/** @type {Received[]} */ received) {
  const names = new Set(received.map((file) => file.name));
  return lastRound ? lastRound.unreadable.filter((entry) => names.has(entry.source.replace(/#\d+$/, ""))).length : 0;
}

// Once Python is ready: the files this browser kept, and those added while it loaded, read.
async function readAll() {
  const unread = files.filter((file) => !file.items);
  await readUnread();
  await refresh();
  const added = unread.filter((file) => !file.kept);
  if (added.length) message(count(ui, "added", added.length, { bad: unreadable(added) }));
  else if (unread.length) message(count(ui, "restored", unread.length));
}

// A name no file received has yet: each department's e-mail brings its own 附件3.xlsx, and two files of one name
// would be read as one department's (附件3.xlsx, then 附件3 (2).xlsx, as a browser names a second download).
function unused(/** @type {string} */ name) {
  const taken = (/** @type {string} */ candidate) => files.some((file) => file.name === candidate);
  if (!taken(name)) return name;
  const dot = name.lastIndexOf(".");
  const [stem, suffix] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  let n = 2;
  while (taken(`${stem} (${n})${suffix}`)) n++;
  return `${stem} (${n})${suffix}`;
}

/** @param {FileList | File[]} fileList */
async function add(fileList) {
  // From a folder only what could be an application or a 附件3 (a folder holds other files too).
  const chosen = Array.from(fileList).filter((/** @type {any} */ file) => !(file.webkitRelativePath || file.ku_path) || READABLE.test(file.name));
  if (!chosen.length) return;
  const started = performance.now(); // what the office waits for: from the files chosen to the round shown
  const received = await Promise.all(
    chosen.map(async (/** @type {any} */ file) => ({ name: file.ku_path || file.webkitRelativePath || file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
  for (const file of received) {
    file.name = unused(file.name); // one at a time: two of one name in the same choice are two names too
    files.push(file);
  }
  document.body.dataset.officeFiles = String(files.length);
  await keepFiles(received.map(({ name, bytes }) => ({ name, bytes }))).catch(notKept);
  if (failed()) {
    unavailable();
    return message(ui.unavailable_add, true);
  }
  message(ui.working);
  if (!ready()) return; // read with the kept files once Python is ready (readAll)
  await queue(async () => {
    try {
      await readUnread();
    } catch (error) {
      if (!failed()) throw error;
      return message(ui.unavailable_add, true);
    }
    await refresh();
    document.body.dataset.officeAddMs = String(Math.round(performance.now() - started)); // read by the benchmark
    message(count(ui, "added", received.length, { bad: unreadable(received) }));
  });
}

// ---- the round, as Python reconciles it ------------------------------------------------------

const office = () => JSON.stringify({ items: files.flatMap((file) => file.items || []), choices, lang: config.lang });

let run = 0;
async function refresh() {
  const mine = ++run;
  if (!ready()) return;
  const started = performance.now();
  const round = files.length ? await call("office_round", office()) : null;
  if (mine !== run) return;
  lastRound = round;
  render(round, choices, on);
  document.body.dataset.officeMs = String(Math.round(performance.now() - started)); // read by the tests and the benchmark
  document.body.dataset.officeApps = String(round ? round.applications.length : 0);
}

// A choice is kept at once; every row of the same course (sent twice) shows it, and the transfer list follows.
function choose(/** @type {string} */ key, /** @type {string} */ value) {
  if (value) choices[key] = value;
  else delete choices[key];
  saveChoices(choices);
  showChoice(key, value);
  if (lastRound) {
    showChosen(lastRound, choices);
    showTransfer(lastRound, choices, on);
  }
}

// ---- downloads and clearing --------------------------------------------------------------

/** @param {{zh: string, en: string}[]} items */
const listed = (items) => items.map((item) => item[config.lang]).join(ui.items_separator);

async function transfer(/** @type {string} */ key, /** @type {string} */ fmt) {
  let result;
  try {
    result = await call("transfer", office(), key, fmt);
  } catch (error) {
    return message(reason(error), true);
  }
  download(result.name, result.bytes, fmt === "json" ? "application/json" : TYPES[/** @type {"xlsx" | "docx"} */ (fmt)]);
  const parts = [say(ui.downloaded, { name: result.name })];
  if (result.to_complete.length) parts.push(say(ui.transfer_complete, { items: listed(result.to_complete) }));
  if (result.dropped.length) parts.push(say(ui.transfer_dropped, { items: listed(result.dropped) }));
  message(parts.join(""));
}

async function downloadMaster() {
  const result = await call("export_round", office(), "xlsx");
  download(result.name, result.bytes, TYPES.xlsx);
  message(say(ui.downloaded, { name: result.name }));
}

// Every national application not recommended, in one zip (each one's 附件2 in Excel and Word, and its draft).
async function transferAll() {
  const result = await call("transfer_all", office());
  download(result.name, result.bytes, "application/zip");
  message(count(ui, "transfer_all_done", result.count, { name: result.name }));
}

async function clearRound() {
  if (!window.confirm(ui.confirm_clear)) return;
  files = [];
  choices = {};
  forgetChoices();
  await forgetFiles().catch(notKept);
  document.body.dataset.officeFiles = "0";
  $("ku-message").hidden = true;
  if (!ready()) $("ku-counts").replaceChildren(text(ui.empty)); // Python draws the counts; without it, no "files kept" left standing
  queue(refresh);
}

// ---- the page's parts, once parsed: the choices, then the files this browser kept ------------------------

function listenForFiles() {
  const chosen = (/** @type {Event} */ event) => {
    const input = /** @type {HTMLInputElement} */ (event.target);
    add(input.files);
    input.value = "";
  };
  $("ku-files").addEventListener("change", chosen);
  // A whole folder (Chromium, Firefox, Safari): set here, since `webkitdirectory` is not an attribute of HTML.
  $("ku-folder").webkitdirectory = true;
  $("ku-folder").addEventListener("change", chosen);
  const drop = $("ku-drop");
  ["dragenter", "dragover"].forEach((type) => drop.addEventListener(type, (/** @type {Event} */ event) => { event.preventDefault(); drop.classList.add("is-over"); }));
  ["dragleave", "drop"].forEach((type) => drop.addEventListener(type, () => drop.classList.remove("is-over")));
  drop.addEventListener("drop", async (/** @type {DragEvent} */ event) => {
    event.preventDefault();
    add(await dropped(event.dataTransfer));
  });
}

function setUp() {
  listenForFiles();
  $("ku-download-master").addEventListener("click", downloadMaster);
  $("ku-transfer-all").addEventListener("click", transferAll);
  $("ku-clear").addEventListener("click", clearRound);
  choices = keptChoices();
  const kept = keptFiles().then(
    (records) => {
      /** @type {Received[]} */
      const restored = (records || []).map(({ name, bytes }) => ({ name, bytes: new Uint8Array(bytes), kept: true }));
      files = restored.concat(files);
      if (failed()) unavailable();
    },
    notKept,
  ).then(() => { document.body.dataset.officeFiles = String(files.length); });
  // Reading waits for the kept files: the files added meanwhile come after them, as they came.
  work = work.then(() => kept);
  whenReady(() => queue(readAll));
  whenFailed(unavailable);
}

whenParsed(setUp);
