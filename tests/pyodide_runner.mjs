// Run the generator in real Pyodide (Node): the wheels of a folder on sys.path as the browser has them (with the
// standard library of argv[3] if given: the site's own, compiled and trimmed by scripts/bytecode.py),
// validate every draft read from stdin, and print the findings and the xlsx round trip as JSON. Stdin is the list of
// drafts, or {drafts, files}: files ([{name, b64}]) are read as the desk reads them (web.read_files), forms filled by hand too;
// with {…, office: {choices, lang}}, the files read are handed on to the office page's web.office_round too.
//
// argv[4] "restored": as on a returning visit, the cases run in a Python restored from a memory snapshot, taken
// where the browser's worker takes it (overrides/assets/shared/worker.js: our wheel imported, one check run),
// with the wheels written again after the restore (a snapshot holds no files) and openpyxl, jinja2 … added then.
import { loadPyodide } from "pyodide";
import fs from "node:fs";
import path from "node:path";
import { loadForSnapshot, loadFromSnapshot, takeSnapshot } from "../overrides/assets/shared/pyodide-internals.js";

const [wheels, stdLibURL, mode = "fresh"] = process.argv.slice(2);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const drafts = Array.isArray(input) ? input : input.drafts;
const files = Array.isArray(input) ? [] : input.files;
const office = Array.isArray(input) ? null : (input.office ?? null);
const names = fs.readdirSync(wheels).filter((n) => n.endsWith(".whl")).sort();
const core = names.filter((n) => n.startsWith("knowledge_update_forms-"));

// Each wheel on sys.path as a zip, as the browser's worker installs it.
function install(py, list, addToPath) {
  py.FS.mkdirTree("/lib/wheels");
  for (const name of list) {
    py.FS.writeFile(`/lib/wheels/${name}`, new Uint8Array(fs.readFileSync(path.join(wheels, name))));
    if (addToPath) py.runPython(`import sys; sys.path.insert(0, "/lib/wheels/${name}")`);
  }
}

const options = stdLibURL ? { stdLibURL } : {}; // "" for npm's own
let py;
let openAtSnapshot = [];
if (mode === "restored") {
  const first = await loadForSnapshot(loadPyodide, options);
  install(first, core, true);
  first.pyimport("generator.adapters.web").check('{"form": "national"}');
  openAtSnapshot = first.FS.streams.filter((s) => s && !s.path.startsWith("/dev/")).map((s) => s.path);
  const snapshot = takeSnapshot(first);
  py = await loadFromSnapshot(loadPyodide, options, snapshot);
  install(py, core, false);
  install(py, names.filter((n) => !core.includes(n)), true);
} else {
  py = await loadPyodide(options);
  install(py, names, true);
}
py.globals.set("drafts_json", JSON.stringify(drafts));
py.globals.set("files_json", JSON.stringify(files));
py.globals.set("office_json", JSON.stringify(office));
py.globals.set("open_at_snapshot", openAtSnapshot);
const result = py.runPython(`
import base64, hashlib, json, sys
from generator.adapters import web
from generator.io import docx, xlsx
from generator.core import drafts as d, rules
out = []
for draft in json.loads(drafts_json):
    found = [f.to_dict() for f in rules.validate(draft)]
    try:
        app = d.application(draft)
        back = xlsx.read_application(xlsx.write_application(app))
        word = hashlib.sha256(docx.write_application(app)).hexdigest()
    except Exception as err:
        back = word = type(err).__name__
    out.append({"findings": found, "read_back": back, "docx": word})
read = [web.read_files([{"name": f["name"], "bytes": base64.b64decode(f["b64"])}]) for f in json.loads(files_json)]
office = json.loads(office_json)
shown = web.office_round(json.dumps({"items": [i for r in read for i in r], **office}, ensure_ascii=False)) if office is not None else None
stdlib = next(p for p in sys.path if p.endswith(".zip"))
compiled = sorted(m.__spec__.origin.rsplit(".", 1)[1] for m in list(sys.modules.values()) if getattr(getattr(m, "__spec__", None), "origin", "").startswith(stdlib))
json.dumps({"python": sys.version_info[:2], "results": out, "files": read, "stdlib_suffixes": sorted(set(compiled)),
            "open_at_snapshot": list(open_at_snapshot), "office": shown}, ensure_ascii=False)
`);
process.stdout.write(result);
