// The page's side of the Python worker, shared by the form page and the collecting desk: start it,
// show its progress, and call generator.web's functions once it is ready. Sets
// document.body.dataset.python to "loading", "ready" or "failed" (tests and benchmarks wait on it).
window.KuPython = (function () {
  "use strict";

  let instance = null;
  let state = "loading";
  const readyCallbacks = [];
  const failedCallbacks = [];

  // Called from the page's head to start Python as soon as possible, then at the top of the body (which
  // marks the body "loading"), then by the page's script to be told when it is ready: one worker throughout.
  function start(config, { onReady, onFailed } = {}) {
    if (onReady) readyCallbacks.push(onReady);
    if (onFailed) failedCallbacks.push(onFailed);
    instance = instance || boot(config);
    if (document.body && !document.body.dataset.python) document.body.dataset.python = "loading";
    if (onReady && state === "ready") onReady();
    return instance;
  }

  function boot(config) {
    // Started from the page's head: the elements it updates exist by the time the worker reports.
    const $ = (id) => document.getElementById(id) || {};
    const ui = config.ui;
    const status = (element) => (element.classList ? element.classList : { add() {} });
    const worker = new Worker(new URL(config.worker, location.href), { type: "module" });
    const pending = new Map();
    const stages = { runtime: [5, 70], packages: [70, 90], import: [90, 100] };
    let nextId = 1;
    let markReady;
    const ready = new Promise((resolve) => { markReady = resolve; });

    function failed(message) {
      if (state === "failed") return;
      $("ku-progress").hidden = true;
      status($("ku-status")).add("is-failed");
      $("ku-status-text").textContent = ui.failed;
      state = "failed";
      document.body.dataset.python = "failed";
      console.error("Python worker:", message);
      failedCallbacks.forEach((callback) => callback(message));
    }

    worker.onmessage = ({ data }) => {
      if (data.type === "progress") {
        const [from, to] = stages[data.stage];
        $("ku-progress").value = from + (to - from) * (data.done / data.total);
      } else if (data.type === "ready") {
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
      } else if (data.type === "failed") {
        failed(data.message);
      } else if (data.type === "reply") {
        const { resolve, reject } = pending.get(data.id);
        pending.delete(data.id);
        data.ok ? resolve(data.value) : reject(new Error(data.message));
      }
    };

    worker.onerror = (event) => failed(event.message || "the worker could not start");
    worker.postMessage({ type: "init", indexURL: new URL(config.pyodide, location.href).href });

    async function call(fn, ...args) {
      await ready;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: "call", id, fn, args });
      });
    }

    // Once Python is ready and the page is idle, import what files and printing need (openpyxl, jinja2).
    ready.then(() => (window.requestIdleCallback || ((f) => setTimeout(f, 500)))(() => call("preload")));

    return { call, ready };
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

  // The page's message line (#ku-message): what was opened, downloaded, or why it could not be.
  function message(text, isError) {
    const box = document.getElementById("ku-message");
    box.textContent = text;
    box.classList.toggle("is-error", Boolean(isError));
    box.hidden = false;
  }

  return { start, download, say, message, TYPES };
})();
