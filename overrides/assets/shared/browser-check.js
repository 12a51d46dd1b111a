// Can this browser run our Pyodide? Asked before anything of it loads, by the pages that start Python (python.js
// starts nothing without it). A browser without ES modules never gets here: no-modules.js says the same to it.
// Like every page module, written without syntax newer than the browsers it turns away can read (no ?., ??, class
// fields, top-level await): a module graph that does not parse runs nothing, and the page would load for ever.

/**
 * Module workers: a browser that knows them reads the `type` option (the URL is invalid on purpose, so nothing
 * is fetched); one that does not ignores it and would run our module worker as a classic script, which fails.
 * @returns {boolean}
 */
function moduleWorkers() {
  let read = false;
  /** @type {WorkerOptions} */
  const options = {};
  Object.defineProperty(options, "type", {
    get() {
      read = true;
      return "module";
    },
  });
  try {
    new Worker("http://[", options).terminate();
  } catch (error) {
    // expected: the invalid URL
  }
  return read;
}

/**
 * Pyodide is built with WebAssembly exception handling and 64-bit integers (BigInt) across the JS boundary.
 * @returns {boolean}
 */
function webAssembly() {
  const wasm = /** @type {any} */ (window).WebAssembly;
  return Boolean(wasm && typeof wasm.Exception === "function" && typeof wasm.Tag === "function" && typeof window.BigInt64Array === "function");
}

/**
 * Whether this browser can run this Pyodide; marked on the page as data-python-browser ("ok" or "unsupported").
 * @returns {boolean}
 */
export function canRunPyodide() {
  let ok = false;
  try {
    ok = Boolean(window.Worker && window.fetch && window.Promise) && webAssembly() && moduleWorkers();
  } catch (error) {
    ok = false;
  }
  document.documentElement.dataset.pythonBrowser = ok ? "ok" : "unsupported";
  return ok;
}
