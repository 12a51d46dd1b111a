// Run scripts/bytecode.py inside Pyodide (Node), so that the bytecode it writes is that of the browser's Python.
// Usage: node scripts/bytecode.mjs WHEELS_DIR EXAMPLES_DIR OUT_DIR
import { loadPyodide } from "pyodide";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [wheels, examples, out] = process.argv.slice(2).map((p) => path.resolve(p));
const stdlib = path.join(here, "..", "node_modules", "pyodide", "python_stdlib.zip");
fs.mkdirSync(out, { recursive: true });

const py = await loadPyodide();
// The wheels on sys.path as zips, as the worker installs them (overrides/assets/shared/worker.js).
py.FS.mkdirTree("/lib/wheels");
for (const name of fs.readdirSync(wheels).filter((n) => n.endsWith(".whl")).sort()) {
  py.FS.writeFile(`/lib/wheels/${name}`, new Uint8Array(fs.readFileSync(path.join(wheels, name))));
  py.runPython(`import sys; sys.path.insert(0, "/lib/wheels/${name}")`);
}
// The host's folders, mounted where the script reads and writes them.
const mounts = { "/host/stdlib": path.dirname(stdlib), "/host/wheels": wheels, "/host/examples": examples, "/host/out": out };
for (const [at, root] of Object.entries(mounts)) {
  py.FS.mkdirTree(at);
  py.FS.mount(py.FS.filesystems.NODEFS, { root }, at);
}
const script = fs.readFileSync(path.join(here, "bytecode.py"), "utf8");
const digest = createHash("sha256").update(script).digest("hex"); // a changed script writes the zip again
py.globals.set("argv", ["bytecode.py", `/host/stdlib/${path.basename(stdlib)}`, "/host/wheels", "/host/examples", "/host/out", digest]);
py.runPython(`import sys; sys.argv = list(argv)`);
py.runPython(script, { filename: "bytecode.py" });
