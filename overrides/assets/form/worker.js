// The Python worker (a module worker): Pyodide and our wheels, all served by this site, and generator.web's functions.
//
// Messages, page → worker:
//   {type: "init", indexURL}   (the worker reads indexURL/wheels.json: {version, core: [wheel], later: [wheel]};
//                               later: openpyxl, jinja2 … for files and printing)
//   {type: "call", id, fn: "check" | "preload" | "export" | "print_view" | "open_file" | "read_files" | "check_batch" | "export_batch", args: […]}
// Messages, worker → page:
//   {type: "progress", stage: "runtime" | "packages" | "import", done, total}
//   {type: "ready", ms, snapshot, stages}   {type: "failed", message}
//   {type: "reply", id, ok: true, value} | {type: "reply", id, ok: false, message}
let web = null;
let pyodide = null;
let sitePackages = "";
let laterWheels = [];
let heavy = null;

function post(message, transfer) {
  self.postMessage(message, transfer || []);
}

let wheelHashes = {};

// A wheel is unpacked only if it is the one the build recorded (sha256 in wheels.json).
async function fetchWheel(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  const name = decodeURIComponent(new URL(url).pathname.split("/").pop());
  const digest = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
  if (digest !== wheelHashes[name]) throw new Error(`${name}: not the file this site was built with`);
  return bytes;
}

// The second visit starts from a memory snapshot of the first one's Python, taken once the rules were
// imported. Pyodide's snapshots are an experimental interface: any failure falls back to a normal start.
const SNAPSHOTS = "ku-python-snapshot";
let indexBase = "";
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
  const response = await fetch(indexURL + "wheels.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`wheels.json: HTTP ${response.status}`);
  const manifest = await response.json();
  wheelHashes = manifest.sha256;
  const urls = (names) => names.map((name) => `${indexURL}wheels/${name}?v=${manifest.version}`);
  return { version: manifest.version, core: urls(manifest.core), later: urls(manifest.later) };
}

async function init({ indexURL }) {
  const started = performance.now();
  const runtime = import(indexURL + "pyodide.mjs");
  const wheels = await wheelList(indexURL);
  const version = wheels.version;
  laterWheels = wheels.later;
  indexBase = indexURL;
  const downloads = wheels.core.map(fetchWheel); // in parallel with the runtime's own start
  const { loadPyodide } = await runtime;
  post({ type: "progress", stage: "runtime", done: 0, total: 1 });
  const snapshot = await snapshotFor(version);
  if (snapshot) {
    try {
      pyodide = await loadPyodide({ indexURL, _loadSnapshot: snapshot });
    } catch (error) {
      console.warn("Python snapshot not usable, starting afresh:", error);
      pyodide = null;
      await caches.delete(SNAPSHOTS).catch(() => {});
    }
  }
  const fresh = !pyodide;
  if (fresh) pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
  const stages = { runtime: Math.round(performance.now() - started) };
  post({ type: "progress", stage: "runtime", done: 1, total: 1 });
  sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  let done = 0;
  for (const download of downloads) {
    pyodide.unpackArchive(await download, "wheel", { extractDir: sitePackages });
    post({ type: "progress", stage: "packages", done: ++done, total: downloads.length });
  }
  stages.unpacked = Math.round(performance.now() - started);
  web = pyodide.pyimport("generator.web");
  stages.imported = Math.round(performance.now() - started);
  web.check('{"form": "national"}'); // run every rule once: forms, editions and reference lists load now, not on the first keystroke
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

// Each function returns JSON-ready values; bytes come back as a Uint8Array, transferred, not copied.
const light = new Set(["check"]);
const calls = {
  check: (draftJson) => JSON.parse(web.check(draftJson)),
  preload: () => true,
  export: (draftJson, what, format) => convert(web.export(draftJson, what, format)),
  print_view: (draftJson, lang) => convert(web.print_view(draftJson, lang)),
  open_file: (name, bytes) => convert(web.open_file(name, bytes)),
  read_files: (files) => convert(web.read_files(files)),
  check_batch: (itemsJson) => JSON.parse(web.check_batch(itemsJson)),
  export_batch: (itemsJson, headerJson, review, format) => convert(web.export_batch(itemsJson, headerJson, review, format)),
};

function convert(proxy) {
  const value = proxy.toJs({ dict_converter: Object.fromEntries });
  proxy.destroy();
  return value;
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    try {
      await init(data);
    } catch (error) {
      post({ type: "failed", message: String(error && error.message || error) });
    }
    return;
  }
  if (data.type === "call") {
    try {
      if (!light.has(data.fn)) await ensureHeavy();
      const value = calls[data.fn](...data.args);
      const transfer = value && value.bytes instanceof Uint8Array ? [value.bytes.buffer] : [];
      post({ type: "reply", id: data.id, ok: true, value }, transfer);
    } catch (error) {
      post({ type: "reply", id: data.id, ok: false, message: String(error && error.message || error) });
    }
  }
};
