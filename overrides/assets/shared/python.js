// The page's side of the Python worker, shared by the form page and the collecting desk: start it,
// show its progress, and call generator.adapters.web's functions once it is ready (the protocol and its
// types: protocol.js). Sets document.body.dataset.python to "loading", "ready" or "failed" (tests and
// benchmarks wait on it).
window.KuPython = (function () {
  "use strict";

  // When the user first typed, from the head on (read by the benchmark): the fields come before the page's script.
  document.addEventListener("input", () => {
    if (!document.body.dataset.firstInputAt) document.body.dataset.firstInputAt = Math.round(performance.now());
  }, { once: true, capture: true });

  /** A call the worker answered with an error (or could not answer): `info` says why. */
  class Failure extends Error {
    /** @param {import("./protocol.js").ErrorInfo} info */
    constructor(info) {
      super(info.message);
      this.info = info;
    }
  }

  let instance = null;
  let state = "loading";
  let lang = "zh";
  const readyCallbacks = [];
  const failedCallbacks = [];
  let failedShown = false; // the page shows the failure (once its body is parsed): told to callbacks from then on
  let chinese = null; // the Chinese characters' pattern, from the config (text() marks them on English pages)

  // Called from the page's head to start Python as soon as possible, then at the top of the body (which
  // marks the body "loading"), then by the page's script to be told when it is ready: one worker throughout.
  function start(config, { onReady, onFailed } = {}) {
    if (onReady) readyCallbacks.push(onReady);
    if (onFailed && !failedShown) failedCallbacks.push(onFailed);
    chinese = chinese || new RegExp(config.chinese, "gu");
    lang = config.lang;
    instance = instance || boot(config);
    if (document.body && !document.body.dataset.python) document.body.dataset.python = state;
    if (onReady && state === "ready") onReady();
    if (onFailed && failedShown) onFailed("failed before this page's script ran");
    return instance;
  }

  function boot(config) {
    // Started from the page's head: the elements it updates exist by the time the worker reports.
    const $ = (id) => document.getElementById(id) || {};
    const ui = config.ui;
    const status = (element) => (element.classList ? element.classList : { add() {}, remove() {} });
    // Where each stage takes the bar: the runtime's bytes as they arrive (download: done and total in bytes), Python
    // started, our wheel unpacked, the rules imported. The bar never goes back. (Compiling is no mark of its own:
    // Pyodide compiles small modules of its own long before the wasm is in.)
    const stages = { download: [0, 80], runtime: [90, 90], packages: [90, 97], import: [100, 100] };
    /** @type {Map<number, {fn: string, args: any[], resolve: (value: any) => void, reject: (error: Failure) => void}>} */
    const pending = new Map(); // sent again if the worker dies
    let worker = null;
    let ready = null;
    let markReady = null;
    let restarts = 0;
    let heardAt = performance.now();
    let progressAt = performance.now();
    let downloading = 0;
    let beatsSinceProgress = 0;
    let nextId = 1;

    // Why Python could not start, in the words of the problem the worker named (what to change on the server).
    function explain(problem) {
      const text = problem && ui[`problem_${problem.kind}`];
      return text ? say(text, problem) : ui.failed;
    }

    // Problems the clerk can act on herself (another browser, the network): said in the message; the server's
    // are the webmaster's, and stay in the disclosure beside the console's words.
    const HERS = new Set(["unsupported", "stalled", "unreachable"]);

    function failed(message, problem) {
      if (state === "failed") return;
      // The status line exists once the body is parsed: a failure found from the head is shown then. The status
      // line says it in a sentence; the message by the fields says what is kept, what works and what to try.
      const show = () => {
        $("ku-progress").hidden = true;
        status($("ku-status")).add("is-failed");
        $("ku-status-text").replaceChildren(text(ui.unavailable_status));
        const box = document.getElementById("ku-unavailable");
        if (box) {
          const why = $("ku-unavailable-why");
          why.replaceChildren(text(explain(problem)));
          why.hidden = !problem || !HERS.has(problem.kind);
          $("ku-unavailable-detail").replaceChildren(text(why.hidden ? explain(problem) : ""));
          $("ku-unavailable-code").textContent = message;
          box.hidden = false;
        }
        document.body.dataset.python = "failed";
        if (problem) document.body.dataset.pythonProblem = problem.kind;
        failedShown = true;
        failedCallbacks.forEach((callback) => callback(message));
      };
      document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", show) : show();
      state = "failed";
      if (worker) worker.terminate();
      console.error("Python worker:", message);
      pending.forEach(({ reject }) => reject(new Failure({ message: ui.failed })));
      pending.clear();
      markReady(); // calls still waiting for a start that will not come fail now instead of waiting for ever
    }

    function receive({ data }) {
      heardAt = performance.now();
      if (data.type === "progress") {
        progressAt = heardAt; // a new stage or a file arrived: a heartbeat alone is no progress
        beatsSinceProgress = 0;
        const [from, to] = stages[data.stage] || [];
        const share = data.total ? Math.min(1, data.done / data.total) : 0;
        const bar = $("ku-progress");
        if (to && state === "loading") bar.value = Math.max(bar.value || 0, from + (to - from) * share);
      } else if (data.type === "beat") {
        downloading = data.downloading || 0;
        beatsSinceProgress++;
      } else if (data.type === "kept") {
        document.body.dataset.pythonSnapshotKept = "yes";
      } else if (data.type === "held") {
        watch(data.lock);
      } else if (data.type === "ready") {
        clearTimeout(slow);
        $("ku-progress").hidden = true;
        $("ku-status-text").textContent = ui.ready;
        state = "ready";
        document.body.dataset.python = "ready";
        document.body.dataset.pythonMs = data.ms;
        document.body.dataset.pythonSnapshot = data.snapshot ? "yes" : "no";
        document.body.dataset.pythonStages = JSON.stringify(data.stages); // where the start went, for the benchmark
        document.body.dataset.readyAt = Math.round(performance.now()); // since navigation: read by the benchmark
        markReady();
        readyCallbacks.forEach((callback) => callback());
        // Once the page is idle, import what files and printing need (openpyxl, jinja2).
        (window.requestIdleCallback || ((f) => setTimeout(f, 500)))(() => call("preload"));
      } else if (data.type === "notice") {
        // Something the server should change that Python works around (a wasm sent with another type): for the
        // webmaster, in the console and on the page's data, never in the clerk's way.
        console.warn("Python worker:", explain(data.problem));
        document.body.dataset.pythonNotice = data.problem.kind;
        const show = () => {
          $("ku-status-detail").textContent = explain(data.problem);
          $("ku-status-details").hidden = false;
        };
        document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", show) : show();
      } else if (data.type === "stale") {
        died(ui.starting_fresh); // a check failed in a restored Python: the worker forgot its snapshot
      } else if (data.type === "failed") {
        failed(data.message, data.problem);
      } else if (data.type === "reply" && pending.has(data.id)) {
        /** @type {import("./protocol.js").Reply} */
        const reply = data;
        const { resolve, reject } = pending.get(reply.id);
        pending.delete(reply.id);
        reply.ok ? resolve(reply.value) : reject(new Failure(reply.error));
      }
    }

    function spawn() {
      ready = new Promise((resolve) => { markReady = resolve; });
      worker = new Worker(new URL(config.worker, location.href), { type: "module" });
      worker.onmessage = receive;
      worker.onerror = (event) => failed(event.message || "the worker could not start");
      const lock = `ku-python-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      worker.postMessage({ type: "init", indexURL: new URL(config.pyodide, location.href).href, lock });
    }

    // A worker can die without a word (out of memory, a crash, closed): the page then gets the lock
    // the worker held for its whole life. Without Web Locks (plain http is not a secure context),
    // a call unanswered while the worker has been silent for 20 s (config.timers.silence) counts as the same (it
    // beats every 2 s while it waits; its longest computation, 200 applications at the desk, takes under 2 s here).
    let locked = false;
    function watch(lock) {
      const watched = worker;
      locked = true;
      navigator.locks.request(lock, () => { if (worker === watched) died(); });
    }
    const silence = setInterval(() => {
      if (state === "failed") return clearInterval(silence); // nothing left to watch
      if (!locked && pending.size && performance.now() - heardAt > config.timers.silence * 1000) died();
    }, 2500);

    // A start that makes no progress fails with a message instead of loading for ever. Progress is a new stage
    // or a file arrived, never a heartbeat: 15 s without it while the worker beats (it is idle, so it waits for
    // something that will not come) fails, unless a file is still downloading; 2 minutes without it fails in any
    // case. A worker busy starting Python cannot beat, so a slow computer is not taken for a stalled start.
    // (15 s is config.timers.stall: tests shorten it rather than wait it out.)
    // A slow line: once the start has taken config.timers.slow seconds (8), the status line says so, and that the
    // page need not be waited for; the bar goes on following the bytes.
    const slow = setTimeout(() => {
      if (state !== "loading" || restarts) return;
      $("ku-status-text").textContent = ui.loading_slow;
      document.body.dataset.pythonSlow = "yes";
    }, config.timers.slow * 1000);

    const idle = config.timers.stall;
    const STALL = { idle, beats: Math.max(1, Math.floor(idle * 0.4)), any: 120 };
    const watchdog = setInterval(() => {
      if (state !== "loading") return state === "failed" && clearInterval(watchdog);
      const waited = (performance.now() - progressAt) / 1000;
      if (waited > STALL.any) failed("no progress", { kind: "stalled", seconds: STALL.any });
      else if (waited > STALL.idle && beatsSinceProgress >= STALL.beats && !downloading) failed("no progress", { kind: "stalled", seconds: STALL.idle });
    }, 1000);

    // Start a new worker and send it every unanswered call; what the user typed is in the page and in
    // localStorage, never only in the worker. Three deaths in one visit are a failure, not bad luck.
    function died(why = ui.restarting) {
      if (state === "failed") return;
      worker.terminate();
      if (++restarts > 2) return failed("the worker stopped three times");
      console.warn("Python worker stopped; starting it again");
      state = "loading";
      document.body.dataset.python = "loading";
      $("ku-progress").hidden = false;
      $("ku-progress").value = 0;
      $("ku-status-text").textContent = why;
      document.body.dataset.pythonRestarts = restarts;
      heardAt = progressAt = performance.now();
      beatsSinceProgress = 0;
      locked = false;
      const old = markReady;
      spawn();
      old(); // calls still waiting for the dead worker's start wait for the new one instead
      ready.then(() => pending.forEach(({ fn, args }, id) => worker.postMessage({ type: "call", id, fn, args })));
    }

    /**
     * Call one of generator.adapters.web's functions: its value, or a Failure.
     * @param {import("./protocol.js").FunctionName} fn
     * @param {...any} args
     * @returns {Promise<any>}
     */
    async function call(fn, ...args) {
      let waitedFor;
      do {
        waitedFor = worker;
        await ready;
      } while (waitedFor !== worker);
      if (state === "failed") throw new Failure({ message: ui.failed });
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { fn, args, resolve, reject });
        worker.postMessage({ type: "call", id, fn, args });
      });
    }

    // A browser that cannot run this Pyodide (browser-check.js, run before this script) loads nothing of it.
    if (window.KuBrowser && !window.KuBrowser.ok) {
      ready = Promise.resolve();
      markReady = () => {};
      failed("this browser cannot run Pyodide", { kind: "unsupported" });
    } else {
      spawn();
    }
    return { call, get ready() { return ready; } };
  }

  // What to tell the user when a call failed because of what they gave (a file or draft Python cannot use, in
  // the page's language); anything else is a bug or a dead Python, thrown on, for the console.
  function reason(error) {
    if (error instanceof Failure && error.info[lang]) return error.info[lang];
    throw error;
  }

  // Save bytes as a file the user downloads.
  function download(name, bytes, type) {
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const link = Object.assign(document.createElement("a"), { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  const TYPES = {
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  };

  // "{n} 个错误" with its values filled in.
  const say = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);
  // The words of `key` for a count of `n`: "1 error" (key_one, where the words have it) or "{n} errors", as
  // generator/core/words.py's say chooses.
  const count = (ui, key, n, values = {}) => say(n === 1 && ui[`${key}_one`] !== undefined ? ui[`${key}_one`] : ui[key], { ...values, n });

  // Text for the page, as nodes: on the English pages the Chinese inside it (附件1, an official label) is
  // marked lang="zh-CN", with the pattern generator/site/language_parts.py marks the pages themselves with
  // (the pattern itself is read from the config by start()).

  function text(value) {
    const fragment = document.createDocumentFragment();
    value = String(value);
    if (!chinese || document.documentElement.lang.startsWith("zh")) {
      fragment.append(value);
      return fragment;
    }
    let last = 0;
    for (const match of value.matchAll(chinese)) {
      const span = Object.assign(document.createElement("span"), { lang: "zh-CN", textContent: match[0] });
      fragment.append(value.slice(last, match.index), span);
      last = match.index + match[0].length;
    }
    fragment.append(value.slice(last));
    return fragment;
  }

  // The page's message line (#ku-message): what was opened, downloaded, or why it could not be.
  // The page's one status line: each action says what it did in place of what the previous one said; an empty
  // value clears it (an action whose outcome is shown elsewhere, as the summary of findings).
  function message(value, isError) {
    const box = document.getElementById("ku-message");
    box.replaceChildren(text(value || ""));
    box.classList.toggle("is-error", Boolean(isError));
    box.hidden = !value;
  }

  return { start, download, say, count, message, text, reason, Failure, TYPES };
})();
