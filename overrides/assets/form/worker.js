// The Python worker (a module worker): Pyodide and our wheels, all served by this site, and generator.web's functions.
//
// Messages, page → worker:
//   {type: "init", indexURL, wheels: [url, …]}
//   {type: "call", id, fn: "check" | "export" | "print_view" | "open_file" | "read_files" | "check_batch" | "export_batch", args: […]}
// Messages, worker → page:
//   {type: "progress", stage: "runtime" | "packages" | "import", done, total}
//   {type: "ready", ms}            {type: "failed", message}
//   {type: "reply", id, ok: true, value} | {type: "reply", id, ok: false, message}
let web = null;

function post(message, transfer) {
  self.postMessage(message, transfer || []);
}

async function init({ indexURL, wheels }) {
  const started = performance.now();
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  post({ type: "progress", stage: "runtime", done: 0, total: 1 });
  const pyodide = await loadPyodide({ indexURL, fullStdLib: false });
  post({ type: "progress", stage: "runtime", done: 1, total: 1 });
  const site = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  let done = 0;
  await Promise.all(wheels.map(async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    pyodide.unpackArchive(await response.arrayBuffer(), "wheel", { extractDir: site });
    post({ type: "progress", stage: "packages", done: ++done, total: wheels.length });
  }));
  web = pyodide.pyimport("generator.web");
  web.check("{}"); // import the rules and their data now, not on the user's first keystroke
  post({ type: "progress", stage: "import", done: 1, total: 1 });
  post({ type: "ready", ms: Math.round(performance.now() - started) });
}

// Each function returns JSON-ready values; bytes come back as a Uint8Array, transferred, not copied.
const calls = {
  check: (draftJson) => JSON.parse(web.check(draftJson)),
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
      const value = calls[data.fn](...data.args);
      const transfer = value && value.bytes instanceof Uint8Array ? [value.bytes.buffer] : [];
      post({ type: "reply", id: data.id, ok: true, value }, transfer);
    } catch (error) {
      post({ type: "reply", id: data.id, ok: false, message: String(error && error.message || error) });
    }
  }
};
