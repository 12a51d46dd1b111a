// The Python worker (a module worker): Pyodide and our wheels, all served by this site, and generator.adapters.web's
// functions, asked for and answered in the one protocol of protocol.js.
//
// {type: "init", indexURL, lock}: the worker reads indexURL/wheels.json ({version, core: [wheel], later: [wheel],
// integrity: {file: "sha256-…"}}; later: openpyxl, jinja2 … for files and printing) and holds the Web Lock
// `lock` for its whole life.
import { failure, reply } from "./protocol.js";

let web = null;
let pyodide = null;
let sitePackages = "";
let laterWheels = [];
let heavy = null;

function post(message, transfer) {
  self.postMessage(message, transfer || []);
}

// Every file Python is made of (the runtime and the wheels) is fetched with the hash the build recorded in
// wheels.json, as Subresource Integrity: the browser itself refuses a file that changed since the build.
// Pyodide's own fetches (the wasm, the standard library, its lock file) go through this fetch too.
let integrity = {};
let indexBase = "";
const siteFetch = self.fetch.bind(self);

self.fetch = async (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
  const name = url.href.startsWith(indexBase) ? decodeURIComponent(url.pathname.slice(new URL(indexBase).pathname.length)) : "";
  if (!integrity[name]) return siteFetch(input, init);
  // Told here, not only thrown: Pyodide only warns when its wasm cannot be had, and then waits forever.
  const refuse = (message) => {
    post({ type: "failed", message });
    throw new Error(message);
  };
  let response;
  try {
    response = await siteFetch(input, { ...init, integrity: integrity[name] });
  } catch (error) {
    try {
      // Once more past the browser's cache: a copy kept from an earlier build of the site is not an attack.
      response = await siteFetch(input, { ...init, integrity: integrity[name], cache: "reload" });
    } catch (again) {
      refuse(`${name}: could not be fetched intact (unreachable, or not the file this site was built with)`);
    }
  }
  if (!response.ok) refuse(`${name}: HTTP ${response.status}`);
  return response;
};

async function fetchWheel(url) {
  return (await fetch(url)).arrayBuffer();
}

// Pyodide's two JavaScript modules, imported from their verified text (an import() cannot carry a hash).
async function importVerified(name) {
  const text = await (await fetch(indexBase + name)).text();
  const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
  try {
    return await import(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

// The second visit starts from a memory snapshot of the first one's Python, taken once the rules were
// imported. Pyodide's snapshots are an experimental interface: any failure falls back to a normal start.
const SNAPSHOTS = "ku-python-snapshot";
const snapshotKey = (version) => new Request(`${indexBase}snapshot/${version}`);

async function snapshotFor(version) {
  try {
    const response = await (await caches.open(SNAPSHOTS)).match(snapshotKey(version));
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch (error) {
    return null;
  }
}

// Taken right after the light start: a snapshot of a memory that has grown since (openpyxl, jinja2)
// cannot be restored ("offset is out of bounds"), so those are imported again after a restore.
async function keepSnapshot(version) {
  try {
    const bytes = pyodide.makeMemorySnapshot();
    const cache = await caches.open(SNAPSHOTS);
    for (const old of await cache.keys()) await cache.delete(old);
    await cache.put(snapshotKey(version), new Response(bytes));
  } catch (error) {
    console.warn("No Python snapshot kept:", error);
  }
}

async function wheelList(indexURL) {
  const response = await siteFetch(indexURL + "wheels.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`wheels.json: HTTP ${response.status}`);
  const manifest = await response.json();
  integrity = manifest.integrity;
  const urls = (names) => names.map((name) => `${indexURL}wheels/${name}?v=${manifest.version}`);
  return { version: manifest.version, core: urls(manifest.core), later: urls(manifest.later) };
}

async function init({ indexURL }) {
  const started = performance.now();
  indexBase = indexURL;
  const wheels = await wheelList(indexURL);
  const version = wheels.version;
  laterWheels = wheels.later;
  const runtime = Promise.all([importVerified("pyodide.mjs"), importVerified("pyodide.asm.mjs")]);
  const downloads = wheels.core.map(fetchWheel); // in parallel with the runtime's own start
  const [{ loadPyodide }, { default: createPyodideModule }] = await runtime;
  const options = { indexURL, createPyodideModule };
  post({ type: "progress", stage: "runtime", done: 0, total: 1 });
  const snapshot = await snapshotFor(version);
  if (snapshot) {
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot });
    } catch (error) {
      console.warn("Python snapshot not usable, starting afresh:", error);
      pyodide = null;
      await caches.delete(SNAPSHOTS).catch(() => {});
    }
  }
  const fresh = !pyodide;
  if (fresh) pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
  const stages = { runtime: Math.round(performance.now() - started) };
  post({ type: "progress", stage: "runtime", done: 1, total: 1 });
  sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  let done = 0;
  for (const download of downloads) {
    pyodide.unpackArchive(await download, "wheel", { extractDir: sitePackages });
    post({ type: "progress", stage: "packages", done: ++done, total: downloads.length });
  }
  stages.unpacked = Math.round(performance.now() - started);
  web = pyodide.pyimport("generator.adapters.web");
  stages.imported = Math.round(performance.now() - started);
  web.check('{"form": "national"}').destroy(); // run every rule once: forms, editions and reference lists load now, not on the first keystroke
  stages.checked = Math.round(performance.now() - started);
  post({ type: "progress", stage: "import", done: 1, total: 1 });
  post({ type: "ready", ms: Math.round(performance.now() - started), snapshot: !fresh, stages });
  // Right away, before any other call can import more (a grown memory cannot be restored).
  if (fresh) await keepSnapshot(version);
}

// What files and printing need (openpyxl, jinja2 …): fetched and imported once, when the page is idle
// or when first asked for, whichever comes first.
function ensureHeavy() {
  heavy = heavy || (async () => {
    for (const wheel of await Promise.all(laterWheels.map(fetchWheel))) {
      pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
    }
    web.preload();
  })();
  return heavy;
}

// Only the check is needed before the files and printing are: it never waits for them.
const light = new Set(["check", "blanks", "draft_filename"]);

/**
 * Ask Python and convert its answer to JavaScript, once, the same way for every function.
 * @param {import("./protocol.js").Request} request
 * @returns {Promise<import("./protocol.js").Reply>}
 */
async function answer({ id, fn, args }) {
  let pyArgs = null;
  let answered = null;
  try {
    if (!light.has(fn)) await ensureHeavy();
    pyArgs = pyodide.toPy(args); // Uint8Array → memoryview, arrays → lists
    answered = web.answer(fn, pyArgs);
    // Plain data only: anything else is a bug in web.py, not something to hand to the page as a proxy.
    return reply(id, answered.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false }));
  } catch (error) {
    return failure(id, error);
  } finally {
    if (pyArgs && pyArgs.destroy) pyArgs.destroy();
    if (answered) answered.destroy();
  }
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    // Held until this worker ends, however it ends: the page learns of a silent death when it gets the lock.
    if (data.lock && self.navigator.locks) {
      navigator.locks.request(data.lock, () => {
        post({ type: "held", lock: data.lock });
        return new Promise(() => {});
      });
    }
    setInterval(() => post({ type: "beat" }), 2000); // heard while fetching; silent only while Python computes
    try {
      await init(data);
    } catch (error) {
      post({ type: "failed", message: String(error && error.message || error) });
    }
    return;
  }
  if (data.type === "call") {
    const message = { type: "reply", ...(await answer(data)) };
    // Files come back as bytes: transferred, not copied.
    const bytes = message.ok && message.value && message.value.bytes;
    post(message, bytes instanceof Uint8Array ? [bytes.buffer] : []);
  }
};
