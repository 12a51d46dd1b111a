// The contract of overrides/assets/shared/pyodide-internals.js with the installed Pyodide, in Node: each use of what
// Pyodide does not promise is tried, and what no longer holds is printed (a JSON list of sentences, empty when all
// hold). The standard library is served over http here, so that Pyodide fetches it as the browser does.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import createPyodideModule from "pyodide/pyodide.asm.mjs";
import { loadForSnapshot, loadFromSnapshot, routeFetches, takeSnapshot, whenCompiled } from "../overrides/assets/shared/pyodide-internals.js";

const root = path.dirname(fileURLToPath(import.meta.resolve("pyodide")));
const server = http.createServer((request, response) => {
  response.setHeader("Content-Type", "application/zip");
  fs.createReadStream(path.join(root, path.basename(request.url))).pipe(response);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const stdLibURL = `http://127.0.0.1:${server.address().port}/python_stdlib.zip`;

const broken = [];
const fetched = [];
const original = globalThis.fetch;
routeFetches((input, init) => {
  fetched.push(String(input instanceof Request ? input.url : input));
  return original(input, init);
});
let compiled = 0;
const options = { stdLibURL, createPyodideModule: whenCompiled(createPyodideModule, () => compiled++) };

try {
  const first = await loadForSnapshot(loadPyodide, options);
  if (!fetched.includes(stdLibURL))
    broken.push("Pyodide no longer fetches its standard library with the global fetch: routeFetches no longer sees its files, and their integrity is not checked");
  if (compiled !== 1)
    broken.push(`createPyodideModule's settings no longer carry an instantiateWasm that reports success (compiled ${compiled} times): the page no longer hears when the wasm is compiled`);
  first.runPython("kept = 'before the snapshot'");
  let snapshot = null;
  try {
    snapshot = takeSnapshot(first);
  } catch (error) {
    broken.push(`makeMemorySnapshot no longer works after loadPyodide({_makeSnapshot: true}): ${error.message}`);
  }
  if (snapshot) {
    if (!(snapshot instanceof Uint8Array) || !snapshot.length) broken.push("makeMemorySnapshot no longer returns the memory as bytes");
    try {
      const restored = await loadFromSnapshot(loadPyodide, options, snapshot);
      if (restored.runPython("kept") !== "before the snapshot") broken.push("a Python restored with _loadSnapshot no longer has what the snapshot held");
    } catch (error) {
      broken.push(error.message);
    }
  }
} catch (error) {
  broken.push(`loadPyodide failed with the adapter's options: ${error.message}`);
}
server.close();
process.stdout.write(JSON.stringify(broken));
