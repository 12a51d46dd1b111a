// The receiving office: everything a round brings in (files, folders, dropped or chosen), read in the Python worker
// as the desk reads it, reconciled, checked and drawn (generator.adapters.web.office_round), the office's working
// lists chosen per application, and the master workbook and the transferred 附件2 out. The files received are kept
// in this browser (IndexedDB) and read again after a reload; the choices are kept in localStorage.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("ku-config").textContent);
  const ui = config.ui;
  const $ = (id) => document.getElementById(id);
  const { say, count, message, text } = KuPython;
  const choicesKey = `ku-office:v1:${config.year}:choices`;
  const failed = () => document.body.dataset.python === "failed";
  const READABLE = /\.(json|xlsx|docx|doc|xls|wps|et)$/i;

  /** @type {{name: string, bytes: Uint8Array, items?: any[]}[]} the files received, with what Python read in each */
  let files = [];
  /** @type {Record<string, "national" | "provincial">} the office's choice per application key */
  let choices = {};
  let lastRound = null;

  // Without Python nothing can be read or written: the downloads say so, and the files kept are counted.
  function unavailable() {
    document.querySelectorAll(".ku-download").forEach((button) => { button.disabled = true; });
    $("ku-blocked").replaceChildren(text(ui.blocked_failed));
    $("ku-blocked").hidden = false;
    if (files.length) $("ku-counts").replaceChildren(text(count(ui, "kept", files.length)));
  }
  const python = KuPython.start(config, { onReady: () => queue(readAll), onFailed: unavailable });

  // ---- keeping it in the browser --------------------------------------------------------

  function saveChoices() {
    try {
      localStorage.setItem(choicesKey, JSON.stringify(choices));
    } catch (error) {
      message(String(error), true); // the storage is full: the choices still work until reload
    }
  }

  function restoreChoices() {
    try {
      const saved = JSON.parse(localStorage.getItem(choicesKey) || "null");
      if (saved && typeof saved === "object") choices = saved;
    } catch (error) {
      /* a damaged entry is ignored */
    }
  }

  // The files received, in IndexedDB (a round is tens of megabytes: more than localStorage holds). Where it cannot
  // be opened (a private window of some browsers), the page says that files must be added again after a reload.
  const files_db = (function () {
    let opened = null;
    function open() {
      opened = opened || new Promise((resolve, reject) => {
        const request = indexedDB.open("ku-office", 1);
        request.onupgradeneeded = () => request.result.createObjectStore("files", { autoIncrement: true });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return opened;
    }
    async function run(mode, act) {
      const db = await open();
      return new Promise((resolve, reject) => {
        const tx = db.transaction("files", mode);
        const result = act(tx.objectStore("files"));
        tx.oncomplete = () => resolve(result && result.result);
        tx.onerror = () => reject(tx.error);
      });
    }
    return {
      all: () => run("readonly", (store) => store.getAll()),
      add: (records) => run("readwrite", (store) => records.forEach((record) => store.add(record))),
      clear: () => run("readwrite", (store) => store.clear()),
    };
  })();

  let keepsFiles = true;
  function notKept(error) {
    if (!keepsFiles) return;
    keepsFiles = false;
    console.warn("The files received cannot be kept in this browser:", error);
    $("ku-kept").textContent = $("ku-kept").dataset.choicesOnly;
  }

  // One thing at a time (reading the kept files, adding, refreshing), in the order asked.
  let work = Promise.resolve();
  function queue(task) {
    work = work.then(task).catch((error) => {
      if (!failed()) console.error(error);
    });
    return work;
  }

  // ---- files in ---------------------------------------------------------------------------

  // Every file of a dropped folder, however deep (a dropped folder is no File the page can read).
  async function dropped(transfer) {
    const entries = Array.from(transfer.items || []).map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
    if (!entries.length) return Array.from(transfer.files);
    const found = [];
    async function walk(entry) {
      if (entry.isFile) {
        const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
        found.push({ file, path: entry.fullPath.replace(/^\//, "") });
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        let batch;
        do {
          batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
          for (const child of batch) await walk(child);
        } while (batch.length);
      }
    }
    for (const entry of entries) await walk(entry);
    return found.map(({ file, path }) => Object.assign(file, { ku_path: path }));
  }

  // The files Python has not read yet, read in one call; their items kept beside each file.
  async function readUnread() {
    const unread = files.filter((file) => !file.items);
    if (!unread.length || document.body.dataset.python !== "ready") return 0;
    const items = await python.call("read_files", unread.map(({ name, bytes }) => ({ name, bytes })));
    // Python answers file by file, in order, each item named by its file (name, or name#n for its n-th): the same
    // file added twice is two files here.
    let at = 0;
    unread.forEach((file) => { file.items = []; });
    const owns = (file, item) => item.source === file.name || item.source.startsWith(`${file.name}#`);
    const first = (file, item) => item.source === file.name || item.source === `${file.name}#1`;
    items.forEach((item) => {
      while (at < unread.length - 1 && (!owns(unread[at], item) || (unread[at].items.length && first(unread[at], item)))) at++;
      unread[at].items.push(item);
    });
    return unread.length;
  }

  // How many of these files Python found unreadable: when read, or when checked (a draft of a notice it does not know).
  function unreadable(received) {
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

  async function add(fileList) {
    // From a folder only what could be an application or a 附件3 (a folder holds other files too).
    const chosen = Array.from(fileList).filter((file) => !(file.webkitRelativePath || file.ku_path) || READABLE.test(file.name));
    if (!chosen.length) return;
    const started = performance.now(); // what the office waits for: from the files chosen to the round shown
    const received = await Promise.all(
      chosen.map(async (file) => ({ name: file.ku_path || file.webkitRelativePath || file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
    );
    files.push(...received);
    document.body.dataset.officeFiles = files.length;
    try {
      await files_db.add(received.map(({ name, bytes }) => ({ name, bytes })));
    } catch (error) {
      notKept(error);
    }
    if (failed()) {
      unavailable();
      return message(ui.unavailable_add, true);
    }
    message(ui.working);
    if (document.body.dataset.python !== "ready") return; // read with the kept files once Python is ready (readAll)
    await queue(async () => {
      try {
        await readUnread();
      } catch (error) {
        if (!failed()) throw error;
        return message(ui.unavailable_add, true);
      }
      await refresh();
      document.body.dataset.officeAddMs = Math.round(performance.now() - started); // read by the benchmark
      message(count(ui, "added", received.length, { bad: unreadable(received) }));
    });
  }

  $("ku-files").addEventListener("change", (event) => { add(event.target.files); event.target.value = ""; });
  // A whole folder (Chromium, Firefox, Safari): set here, since `webkitdirectory` is not an attribute of HTML.
  $("ku-folder").webkitdirectory = true;
  $("ku-folder").addEventListener("change", (event) => { add(event.target.files); event.target.value = ""; });
  const drop = $("ku-drop");
  ["dragenter", "dragover"].forEach((type) => drop.addEventListener(type, (event) => { event.preventDefault(); drop.classList.add("is-over"); }));
  ["dragleave", "drop"].forEach((type) => drop.addEventListener(type, () => drop.classList.remove("is-over")));
  drop.addEventListener("drop", async (event) => {
    event.preventDefault();
    add(await dropped(event.dataTransfer));
  });

  // ---- the round, as Python reconciles it ------------------------------------------------------

  const office = () => JSON.stringify({ items: files.flatMap((file) => file.items || []), choices, lang: config.lang });

  let run = 0;
  async function refresh() {
    const mine = ++run;
    if (document.body.dataset.python !== "ready") return;
    const started = performance.now();
    const round = files.length ? await python.call("office_round", office()) : null;
    if (mine !== run) return;
    render(round);
    document.body.dataset.officeMs = Math.round(performance.now() - started); // read by the tests and the benchmark
    document.body.dataset.officeApps = round ? round.applications.length : 0;
  }

  function cell(row, content, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    td.append(content instanceof Node ? content : text(content));
    row.append(td);
    return td;
  }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.append(content instanceof Node ? content : text(content));
    return node;
  }

  // The table's columns, as overrides/office.html heads them.
  const COLUMNS = ["n", "title", "host", "form", "department", "errors", "warnings", "choice"];

  // The working-list choice of one application: national applications can be recommended to the ministry, any can be
  // put in the provincial plan (a national one by 附件4 item 1), or neither yet.
  function choiceGroup(app, n) {
    const group = element("fieldset", "ku-choice");
    group.append(element("legend", "ku-visually-hidden", say(ui.choice_legend, { title: app.title || app.source })));
    const options = app.form === "national" ? ["national", "provincial", ""] : ["provincial", ""];
    options.forEach((value) => {
      const input = Object.assign(document.createElement("input"), { type: "radio", name: `ku-choice-${n}`, value });
      input.checked = (choices[app.key] || "") === value;
      input.dataset.key = app.key;
      input.addEventListener("change", () => choose(app.key, value));
      const label = element("label", "", input);
      label.append(" ", text(value ? ui[`choice_${value}`] : ui.choice_none));
      group.append(label);
    });
    return group;
  }

  // A choice is kept at once; every row of the same course (sent twice) shows it, and the transfer list follows.
  function choose(key, value) {
    if (value) choices[key] = value;
    else delete choices[key];
    saveChoices();
    document.querySelectorAll("#ku-rows input[type=radio]").forEach((input) => {
      if (input.dataset.key === key) input.checked = input.value === value;
    });
    if (lastRound) {
      showChosen(lastRound);
      showTransfer(lastRound);
    }
  }

  function showChosen(round) {
    const keys = new Set(round.applications.map((app) => app.key));
    const chosen = (what) => Object.keys(choices).filter((key) => keys.has(key) && choices[key] === what).length;
    $("ku-chosen").textContent = say(ui.chosen, { national: chosen("national"), provincial: chosen("provincial") });
    $("ku-chosen").hidden = round.applications.length === 0;
  }

  // National applications not recommended to the ministry: each can be written as 附件2 (Excel, Word) or a provincial draft.
  function showTransfer(round) {
    const seen = new Set();
    const movable = round.applications.filter((app) => app.form === "national" && choices[app.key] !== "national" && !seen.has(app.key) && seen.add(app.key));
    $("ku-transfer-count").textContent = movable.length ? count(ui, "transfer_count", movable.length) : ui.transfer_none;
    $("ku-transfer-all").disabled = movable.length === 0 || failed();
    $("ku-transfer").replaceChildren(
      ...movable.map((app) => {
        const li = element("li", "", `${app.title} · ${app.host}`);
        li.dataset.key = app.key;
        const bar = element("span", "ku-transfer__formats");
        ["xlsx", "docx", "json"].forEach((fmt) => {
          const button = element("button", "md-button ku-download ku-transfer__button", ui[`transfer_${fmt}`]);
          button.type = "button";
          button.dataset.format = fmt;
          button.setAttribute("aria-label", say(ui.transfer_button, { title: app.title, what: ui[`transfer_${fmt}`] }));
          button.disabled = failed();
          button.addEventListener("click", () => transfer(app.key, fmt));
          bar.append(button);
        });
        li.append(bar);
        return li;
      }),
    );
  }

  async function transfer(key, fmt) {
    let result;
    try {
      result = await python.call("transfer", office(), key, fmt);
    } catch (error) {
      return message(KuPython.reason(error), true);
    }
    KuPython.download(result.name, result.bytes, fmt === "json" ? "application/json" : KuPython.TYPES[fmt]);
    const listed = (items) => items.map((item) => item[config.lang]).join(ui.items_separator);
    const parts = [say(ui.downloaded, { name: result.name })];
    if (result.to_complete.length) parts.push(say(ui.transfer_complete, { items: listed(result.to_complete) }));
    if (result.dropped.length) parts.push(say(ui.transfer_dropped, { items: listed(result.dropped) }));
    message(parts.join(""));
  }

  // The figures as Python drew them (escaped there); on the English page their Chinese is marked as such, as text() does.
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
      else node.replaceWith(text(node.textContent));
    });
  }

  function render(round) {
    lastRound = round;
    const apps = round ? round.applications : [];
    $("ku-counts").replaceChildren(text(round ? round.summary[config.lang] : ui.empty));
    const unreadable = round ? round.unreadable : [];
    $("ku-unreadable").replaceChildren(...unreadable.map((entry) => element("li", "is-error", say(ui.unreadable_file, { file: entry.source, why: entry.error[config.lang] }))));
    $("ku-unreadable").hidden = unreadable.length === 0;

    // The reconciliation lists, each with its count; an empty one says so.
    $("ku-reconcile").hidden = !round;
    const lists = round ? round.lists : [];
    $("ku-lists").replaceChildren(
      ...lists.map((list) => {
        const block = element("div", `ku-office-list${list.items.length ? " has-items" : ""}`);
        block.id = `ku-list-${list.id}`;
        block.dataset.list = list.id;
        block.append(element("h3", "", `${list.title[config.lang]} (${list.items.length})`));
        const ul = element("ul");
        list.items.forEach((item) => ul.append(element("li", "", item.text[config.lang])));
        block.append(list.items.length ? ul : element("p", "", ui.list_empty));
        return block;
      }),
    );
    $("ku-reconcile-clean").hidden = !round || lists.some((list) => list.items.length);
    const batch = round ? round.batch : [];
    $("ku-batch-findings").hidden = batch.length === 0;
    KuFindings.list(batch, config, { list: $("ku-batch-list") });

    // One row per application, with its findings and the office's choice.
    const body = $("ku-rows");
    body.replaceChildren();
    apps.forEach((app, i) => {
      const row = document.createElement("tr");
      row.dataset.key = app.key;
      row.dataset.form = app.form;
      cell(row, String(i + 1));
      const title = element("div", "", app.title || "—");
      title.append(element("div", "ku-hint ku-hint--small", app.source));
      if (app.findings.length) {
        const details = element("details");
        details.append(element("summary", "", ui.details), KuFindings.list(app.findings, config));
        title.append(details);
      }
      cell(row, title);
      cell(row, app.host || "—");
      cell(row, ui[`kind_${app.form}`]);
      cell(row, app.departments.length ? app.departments.join(ui.items_separator) : ui.no_department);
      cell(row, String(app.errors), app.errors ? "ku-count is-error" : "ku-count");
      cell(row, String(app.warnings), app.warnings ? "ku-count is-warning" : "ku-count");
      cell(row, choiceGroup(app, i));
      // Each value's column name, which a phone shows beside it (the table becomes one card per row there).
      Array.from(row.cells).forEach((td, n) => { td.dataset.label = ui[`col_${COLUMNS[n]}`]; });
      body.append(row);
    });

    if (round) {
      showChosen(round);
      showTransfer(round);
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

  // ---- downloads and clearing --------------------------------------------------------------

  $("ku-download-master").addEventListener("click", async () => {
    const result = await python.call("export_round", office(), "xlsx");
    KuPython.download(result.name, result.bytes, KuPython.TYPES.xlsx);
    message(say(ui.downloaded, { name: result.name }));
  });

  // Every national application not recommended, in one zip (each one's 附件2 in Excel and Word, and its draft).
  $("ku-transfer-all").addEventListener("click", async () => {
    const result = await python.call("transfer_all", office());
    KuPython.download(result.name, result.bytes, "application/zip");
    message(count(ui, "transfer_all_done", result.count, { name: result.name }));
  });

  $("ku-clear").addEventListener("click", async () => {
    if (!window.confirm(ui.confirm_clear)) return;
    files = [];
    choices = {};
    localStorage.removeItem(choicesKey);
    try {
      await files_db.clear();
    } catch (error) {
      notKept(error);
    }
    document.body.dataset.officeFiles = 0;
    $("ku-message").hidden = true;
    queue(refresh);
  });

  // ---- start: the choices, then the files this browser kept ---------------------------------------

  restoreChoices();
  const kept = files_db.all().then(
    (records) => {
      files = (records || []).map(({ name, bytes }) => ({ name, bytes: new Uint8Array(bytes), kept: true })).concat(files);
      if (failed()) unavailable();
    },
    notKept,
  ).then(() => { document.body.dataset.officeFiles = files.length; });
  // Reading waits for the kept files: the files added meanwhile come after them, as they came.
  work = work.then(() => kept);
})();
