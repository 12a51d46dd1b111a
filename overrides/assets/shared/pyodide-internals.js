// Everything the Python worker relies on that Pyodide does not promise, in one place: the pinned version (package.json)
// does these things this way, and tests/test_pyodide_internals.py runs each against the installed Pyodide in Node, so
// that an upgrade that moves one fails there with a sentence naming it instead of breaking the page's start silently.

const MARK = "_ku_snapshot"; // set in __main__ before a snapshot is taken: a restored Python must still have it

/**
 * Route the worker's fetches through `handler` (the integrity check of worker.js).
 *
 * Pyodide fetches its wasm, its standard library and its lock file with the global fetch, and loadPyodide takes no
 * fetch of its own (none in pyodide.d.ts of 314.0.x), so the global is replaced. A worker is its own global scope:
 * nothing of the page is touched.
 * @param {(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>} handler
 */
export function routeFetches(handler) {
  globalThis.fetch = handler;
}

/**
 * Pyodide's module factory (the createPyodideModule option) that calls `compiled` once the wasm is compiled and
 * instantiated: Pyodide passes Emscripten an instantiateWasm of its own, whose success callback is wrapped here, so
 * WebAssembly's globals stay as they are.
 * @template {(settings: any) => Promise<any>} F
 * @param {F} createPyodideModule
 * @param {() => void} compiled
 * @returns {F}
 */
export function whenCompiled(createPyodideModule, compiled) {
  const create = (settings) => {
    const instantiate = settings.instantiateWasm;
    if (typeof instantiate === "function") {
      // In place: Pyodide reads the settings object back after Emscripten has filled it in.
      settings.instantiateWasm = (imports, success) =>
        instantiate(imports, (instance, module) => {
          compiled();
          success(instance, module);
        });
    }
    return createPyodideModule(settings);
  };
  return /** @type {F} */ (create);
}

/**
 * A Python whose memory can be kept as a snapshot (loadPyodide's undocumented _makeSnapshot).
 * @param {(options: object) => Promise<any>} loadPyodide
 * @param {object} options
 */
export function loadForSnapshot(loadPyodide, options) {
  return loadPyodide({ ...options, _makeSnapshot: true });
}

/**
 * The memory of a Python loaded with loadForSnapshot, as bytes (Pyodide's experimental makeMemorySnapshot).
 * @param {any} pyodide
 * @returns {Uint8Array}
 */
export function takeSnapshot(pyodide) {
  if (typeof pyodide.makeMemorySnapshot !== "function") throw new Error("Pyodide no longer has makeMemorySnapshot (pyodide-internals.js)");
  pyodide.globals.set(MARK, true);
  return pyodide.makeMemorySnapshot();
}

/**
 * A Python restored from a snapshot (loadPyodide's undocumented _loadSnapshot). A version that ignores the option
 * starts a fresh Python instead, which would then be taken for a restored one: that is an error here.
 * @param {(options: object) => Promise<any>} loadPyodide
 * @param {object} options
 * @param {Uint8Array | ArrayBuffer} snapshot
 */
export async function loadFromSnapshot(loadPyodide, options, snapshot) {
  const pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot });
  if (pyodide.globals.get(MARK) !== true) {
    throw new Error("loadPyodide no longer accepts _loadSnapshot: the Python it started holds nothing of the snapshot (pyodide-internals.js)");
  }
  return pyodide;
}
