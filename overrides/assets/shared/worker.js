// The Python worker (a module worker): Pyodide and our wheels, all served by this site, and generator.adapters.web's
// functions, asked for and answered in the one protocol of protocol.js.
//
// {type: "init", indexURL, lock}: the worker reads indexURL/wheels.json (protocol.js's Manifest: the wheels, their
// hashes and sizes, the functions a page may call and which of them are light, as web.FUNCTIONS and web.LIGHT say)
// and holds the Web Lock `lock` for its whole life. Every message it posts is protocol.js's FromWorker.
import { failure, reply } from "./protocol.js";
import { loadForSnapshot, loadFromSnapshot, routeFetches, takeSnapshot, whenCompiled } from "./pyodide-internals.js";
import { snapshotStore } from "./snapshots.js";

let web = null;
let pyodide = null;
let laterWheels = [];
let heavy = null;

/**
 * @param {import("./protocol.js").FromWorker} message
 * @param {Transferable[]} [transfer]
 */
function post(message, transfer) {
  self.postMessage(message, transfer || []);
}

// Every file Python is made of (the runtime and the wheels) must have the hash the build recorded in wheels.json
// (Subresource Integrity): a file that changed since the build is refused. Each is streamed and counted for the
// page's progress bar, then checked. Pyodide's own fetches (the wasm, the standard library, its lock file) go
// through this fetch too (routeFetches, below).
let integrity = {};
let indexBase = "";
let downloading = 0; // files on their way: the page allows a slow download more time than a silent start
const siteFetch = self.fetch.bind(self);

// A server that sends a file Python cannot use, named by what to change on the server: kind is one of
// status, html, damaged, changed, unreachable (the page words each in its language); wasm_type is only a notice.
class ServerProblem extends Error {
  constructor(kind, file, detail = "") {
    super(`${file}: ${kind} ${detail}`.trim());
    this.problem = { kind, file, detail };
  }
}

// How each kind of runtime file begins: a wasm module with \0asm, a zip (the standard library, a wheel) with PK.
const MAGIC = { ".wasm": [0x00, 0x61, 0x73, 0x6d], ".zip": [0x50, 0x4b, 0x03, 0x04], ".whl": [0x50, 0x4b, 0x03, 0x04] };

// What the server answered, before its bytes are read: an error status or a web page is named at once.
function verify(name, response) {
  if (!response.ok) throw new ServerProblem("status", name, String(response.status));
  const type = typeOf(response);
  if (type === "text/html") throw new ServerProblem("html", name, type);
}

// Whether bytes begin as a file of their kind does: bytes that fail their hash are either damaged on the way (a .gz
// sent as the file itself) or simply another build's file.
function looksRight(name, bytes) {
  const magic = MAGIC[name.slice(name.lastIndexOf("."))];
  return !magic || magic.every((byte, i) => bytes[i] === byte);
}

function typeOf(response) {
  return (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
}

// How far the start's downloads have got, in bytes (the sizes wheels.json records, as served uncompressed): the
// page's bar follows them, so a slow line shows movement instead of one jump at the end.
let sizes = {};
let expected = 0;
let received = 0;
let starting = true;
let toldAt = 0;

function told(force) {
  const now = performance.now();
  if (!starting || (!force && now - toldAt < 150)) return;
  toldAt = now;
  post({ type: "progress", stage: "download", done: received, total: expected });
}

// A response's bytes, read as they arrive (a fetch with an integrity hash hands nothing over before its last byte).
async function readCounted(response) {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    received += value.length;
    told(false);
  }
  told(true);
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

// The bytes the build recorded (their Subresource Integrity hash), or null. Without crypto.subtle (plain http is not
// a secure context) the browser checks them itself: the copy it has just cached, fetched with the hash, and those
// checked bytes are the ones used.
async function checked(name, bytes, input) {
  if (self.crypto && self.crypto.subtle) {
    const digest = new Uint8Array(await self.crypto.subtle.digest("SHA-256", bytes));
    return `sha256-${btoa(String.fromCharCode(...digest))}` === integrity[name] ? bytes : null;
  }
  try {
    return new Uint8Array(await (await siteFetch(input, { integrity: integrity[name], cache: "force-cache" })).arrayBuffer());
  } catch (error) {
    return null;
  }
}

// Without crypto.subtle (plain http) the browser checks a hash only as it fetches, so a file streamed for the bar is
// read a second time to be checked. A copy the browser already holds (a returning visit) is read once instead, checked
// by the browser as it is read; none held, or one that fails its hash, and the file is streamed as on a first visit.
async function keptCopy(name, input) {
  if (self.crypto && self.crypto.subtle) return null;
  try {
    const response = await siteFetch(input, { integrity: integrity[name], cache: "only-if-cached", mode: "same-origin" });
    if (!response.ok) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    received += bytes.length;
    told(true);
    post({ type: "progress", stage: "file", file: name });
    return asResponse(name, response, bytes);
  } catch (error) {
    return null;
  }
}

// One file of Python, streamed, counted and checked against its hash.
async function downloadFile(name, input, init) {
  let response;
  try {
    response = await siteFetch(input, init);
  } catch (error) {
    throw new ServerProblem("unreachable", name);
  }
  verify(name, response);
  let bytes;
  try {
    bytes = await readCounted(response);
  } catch (error) {
    throw new ServerProblem("unreachable", name); // the line broke off mid-file
  }
  return { response, bytes };
}

// The wasm is compiled as it streams, which browsers allow only for application/wasm: stock nginx before 1.21, IIS
// without the type and much object storage send application/octet-stream, and Pyodide then only warns and waits for
// ever. Its bytes (which passed their hash) are handed on as application/wasm: slower, but it works, and the page is
// told what the server should send.
function asResponse(name, response, bytes) {
  let type = typeOf(response);
  if (name.endsWith(".wasm") && type !== "application/wasm") {
    post({ type: "notice", problem: { kind: "wasm_type", file: name, detail: type || "-" } });
    type = "application/wasm";
  }
  return new Response(bytes, { status: 200, headers: { "Content-Type": type || "application/octet-stream" } });
}

routeFetches(async (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
  const name = url.href.startsWith(indexBase) ? decodeURIComponent(url.pathname.slice(new URL(indexBase).pathname.length)) : "";
  if (!integrity[name]) return siteFetch(input, init);
  downloading++;
  try {
    const kept = await keptCopy(name, input);
    if (kept) return kept;
    let { response, bytes } = await downloadFile(name, input, init);
    let good = await checked(name, bytes, input);
    if (!good) {
      // Once more past the browser's cache: a copy kept from an earlier build of the site is not an attack.
      received -= bytes.length;
      ({ response, bytes } = await downloadFile(name, input, { ...init, cache: "reload" }));
      good = await checked(name, bytes, input);
      if (!good) throw new ServerProblem(looksRight(name, bytes) ? "changed" : "damaged", name, typeOf(response));
    }
    post({ type: "progress", stage: "file", file: name });
    return asResponse(name, response, good);
  } catch (error) {
    // Told here, not only thrown: Pyodide only warns when its wasm cannot be had, and then waits for ever.
    const problem = error.problem || { kind: "unreachable", file: name, detail: "" };
    post({ type: "failed", message: String(error.message || error), problem });
    throw error;
  } finally {
    downloading--;
  }
});

async function fetchWheel(url) {
  return (await fetch(url)).arrayBuffer();
}

// A wheel is imported from where it lies (zipimport), not unpacked: writing one file is quicker than extracting
// hundreds, and our package reads its data through importlib.resources and jinja2's PackageLoader, which read a
// zip as well. The same in Node: scripts/bytecode.mjs, tests/pyodide_runner.mjs.
const WHEELS = "/lib/wheels/";

function install(url, bytes, addToPath) {
  const path = WHEELS + new URL(url).pathname.split("/").pop();
  pyodide.FS.mkdirTree(WHEELS);
  pyodide.FS.writeFile(path, new Uint8Array(bytes));
  if (addToPath) pyodide.runPython(`import sys, importlib; sys.path.insert(0, ${JSON.stringify(path)}); importlib.invalidate_caches()`);
}

// Pyodide's two JavaScript modules, imported from their verified bytes (an import() cannot carry a hash).
async function importVerified(name) {
  const bytes = await (await fetch(indexBase + name)).arrayBuffer(); // as bytes: no decoding to a string and back
  const url = URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
  try {
    return await import(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

// The second visit starts from a memory snapshot of the first one's Python, taken once the rules were
// imported (kept by snapshots.js). Pyodide's snapshots are an experimental interface: any failure falls back to a
// normal start.
let snapshots = null;
let fresh = true; // false when this Python was restored from a snapshot

// Taken right after the light start: a snapshot of a memory that has grown since (openpyxl, jinja2)
// cannot be restored ("offset is out of bounds"), so those are imported again after a restore.
//
// A file Python holds open is not in the snapshot (only memory is): whatever reads through it after a restore fails
// with "Bad file descriptor". Such a snapshot is not kept, and the console says which file was open.
async function keepSnapshot(version) {
  const open = pyodide.FS.streams.filter((stream) => stream && !stream.path.startsWith("/dev/")).map((stream) => stream.path);
  if (open.length) return console.warn("No Python snapshot kept: files are open", open);
  try {
    await snapshots.put(version, takeSnapshot(pyodide));
    post({ type: "kept" });
  } catch (error) {
    console.warn("No Python snapshot kept:", error);
  }
}

/**
 * The wheels to install (URLs of this version) and the functions a page may call, from wheels.json.
 * @param {string} indexURL
 * @returns {Promise<{version: string, core: string[], later: string[], functions: string[], light: string[]}>}
 */
async function wheelList(indexURL) {
  const response = await siteFetch(indexURL + "wheels.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`wheels.json: HTTP ${response.status}`);
  /** @type {import("./protocol.js").Manifest} */
  const manifest = await response.json();
  integrity = manifest.integrity;
  sizes = manifest.sizes || {};
  const later = new Set(manifest.later.map((name) => `wheels/${name}`));
  expected = Object.keys(integrity).filter((name) => !later.has(name)).reduce((sum, name) => sum + (sizes[name] || 0), 0);
  const urls = (names) => names.map((name) => `${indexURL}wheels/${name}?v=${manifest.version}`);
  return { version: manifest.version, core: urls(manifest.core), later: urls(manifest.later), functions: manifest.functions, light: manifest.light };
}

async function init({ indexURL }) {
  const started = performance.now();
  indexBase = indexURL;
  const wheels = await wheelList(indexURL);
  const version = wheels.version;
  laterWheels = wheels.later;
  light = new Set(wheels.light);
  callable = new Set(wheels.functions);
  snapshots = snapshotStore(indexURL);
  const kept = snapshots.get(version); // read while the runtime loads
  const runtime = Promise.all([importVerified("pyodide.mjs"), importVerified("pyodide.asm.mjs")]);
  const downloads = wheels.core.map(fetchWheel); // in parallel with the runtime's own start
  const [{ loadPyodide }, { default: createPyodideModule }] = await runtime;
  // Compiling the wasm is a stage of its own (long on a slow computer): told to the page's watchdog.
  const compiled = () => post({ type: "progress", stage: "compiled" });
  const options = { indexURL, createPyodideModule: whenCompiled(createPyodideModule, compiled) };
  post({ type: "progress", stage: "starting" }); // the JavaScript is in; the wasm and the standard library follow
  const snapshot = await kept;
  if (snapshot) {
    try {
      pyodide = await loadFromSnapshot(loadPyodide, options, snapshot);
    } catch (error) {
      console.warn("Python snapshot not usable, starting afresh:", error);
      pyodide = null;
      await Promise.resolve(snapshots.clear()).catch(() => {});
    }
  }
  fresh = !pyodide;
  if (fresh) pyodide = await loadForSnapshot(loadPyodide, options);
  const stages = { runtime: Math.round(performance.now() - started) };
  post({ type: "progress", stage: "runtime", done: 1, total: 1 });
  let done = 0;
  for (const [i, download] of downloads.entries()) {
    // A restored Python has the wheel on its path already, but not the file: the snapshot holds no files.
    install(wheels.core[i], await download, fresh);
    post({ type: "progress", stage: "packages", done: ++done, total: downloads.length });
  }
  stages.unpacked = Math.round(performance.now() - started);
  web = pyodide.pyimport("generator.adapters.web");
  stages.imported = Math.round(performance.now() - started);
  // Run every rule once: forms, editions and reference lists load now, not on the first keystroke (a restored
  // Python did this before its snapshot was taken).
  if (fresh) web.check('{"form": "national"}').destroy();
  stages.checked = Math.round(performance.now() - started);
  post({ type: "progress", stage: "import", done: 1, total: 1 });
  starting = false;
  post({ type: "ready", ms: Math.round(performance.now() - started), snapshot: !fresh, stages });
  // Right away, before any other call can import more (a grown memory cannot be restored).
  if (fresh) await keepSnapshot(version);
}

// What files and printing need (openpyxl, jinja2 …): fetched and imported once, when the page is idle
// or when first asked for, whichever comes first.
function ensureHeavy() {
  heavy = heavy || (async () => {
    const downloads = await Promise.all(laterWheels.map(fetchWheel));
    downloads.forEach((bytes, i) => install(laterWheels[i], bytes, true));
    web.preload();
  })();
  return heavy;
}

// Only the check is needed before the files and printing are: it never waits for them. Which functions those
// are is Python's to say (web.LIGHT), handed over in wheels.json, as are the functions a page may call at all
// (web.FUNCTIONS): any other name is refused here, before Python is asked.
let light = new Set();
let callable = new Set();

/**
 * Ask Python and convert its answer to JavaScript, once, the same way for every function.
 * @param {import("./protocol.js").Request} request
 * @returns {Promise<import("./protocol.js").Reply>}
 */
async function answer({ id, fn, args }) {
  let pyArgs = null;
  let answered = null;
  try {
    if (!callable.has(fn)) return failure(id, `no such function: ${fn}`);
    if (!light.has(fn)) await ensureHeavy();
    pyArgs = pyodide.toPy(args); // Uint8Array → memoryview, arrays → lists
    answered = web.answer(fn, pyArgs);
    // Plain data only: anything else is a bug in web.py, not something to hand to the page as a proxy.
    const value = answered.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
    if (value.faults.length && !fresh) return stale(value.faults);
    return reply(id, value);
  } catch (error) {
    if (!fresh) return stale([String(error)]);
    return failure(id, error);
  } finally {
    if (pyArgs && pyArgs.destroy) pyArgs.destroy();
    if (answered) answered.destroy();
  }
}

// A check that fails in a restored Python may be the restore's fault, never the user's: the snapshot is forgotten
// and the page starts a fresh Python, which answers the call again (a fresh Python that fails says so).
async function stale(why) {
  console.warn("A check failed in the restored Python; starting afresh:", why);
  await Promise.resolve(snapshots.clear()).catch(() => {});
  post({ type: "stale" });
  return null;
}

let holding = false; // this worker holds its Web Lock

/** @param {MessageEvent<import("./protocol.js").ToWorker>} event */
self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    // Held until this worker ends, however it ends: the page learns of a silent death when it gets the lock.
    if (data.lock && self.navigator.locks) {
      navigator.locks.request(data.lock, () => {
        holding = true;
        post({ type: "held", lock: data.lock });
        return new Promise(() => {});
      });
    }
    // Heard while fetching, silent only while Python computes; says how many files are still on their way. Once
    // Python is ready, a worker that holds its lock needs beat no more: the page learns of its death by the lock.
    const beat = setInterval(() => post({ type: "beat", downloading }), 2000);
    try {
      await init(data);
      if (holding) clearInterval(beat);
    } catch (error) {
      post({ type: "failed", message: String((error && error.message) || error), problem: error && error.problem });
    }
    return;
  }
  if (data.type === "call") {
    const answered = await answer(data);
    if (!answered) return; // unanswered: the page sends it again to the fresh Python it starts
    /** @type {import("./protocol.js").ReplyMessage} */
    const message = { type: "reply", ...answered };
    // Files come back as bytes: transferred, not copied.
    const bytes = "value" in message && message.value && message.value.bytes;
    post(message, bytes instanceof Uint8Array ? [bytes.buffer] : []);
  }
};
