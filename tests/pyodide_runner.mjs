// Run the generator in real Pyodide (Node): the wheels of a folder on sys.path as the browser has them (with the
// standard library of argv[3] if given: the site's own, compiled and trimmed by scripts/bytecode.py),
// validate every draft read from stdin, and print the findings and the xlsx round trip as JSON.
import { loadPyodide } from "pyodide";
import fs from "node:fs";
import path from "node:path";

const [wheels, stdLibURL] = process.argv.slice(2);
const drafts = JSON.parse(fs.readFileSync(0, "utf8"));
const py = await loadPyodide(stdLibURL ? { stdLibURL } : {});
// Each wheel on sys.path as a zip, as the browser's worker installs it (overrides/assets/shared/worker.js).
py.FS.mkdirTree("/lib/wheels");
for (const name of fs.readdirSync(wheels).filter((n) => n.endsWith(".whl"))) {
  py.FS.writeFile(`/lib/wheels/${name}`, new Uint8Array(fs.readFileSync(path.join(wheels, name))));
  py.runPython(`import sys; sys.path.insert(0, "/lib/wheels/${name}")`);
}
py.globals.set("drafts_json", JSON.stringify(drafts));
const result = py.runPython(`
import hashlib, json, sys
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
stdlib = next(p for p in sys.path if p.endswith(".zip"))
compiled = sorted(m.__spec__.origin.rsplit(".", 1)[1] for m in list(sys.modules.values()) if getattr(getattr(m, "__spec__", None), "origin", "").startswith(stdlib))
json.dumps({"python": sys.version_info[:2], "results": out, "stdlib_suffixes": sorted(set(compiled))}, ensure_ascii=False)
`);
process.stdout.write(result);
