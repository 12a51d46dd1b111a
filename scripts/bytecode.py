"""Compile the browser's Python to bytecode ahead of time. Runs inside Pyodide (in Node, scripts/bytecode.mjs), so
that the bytecode is that of the browser's own Python; the standard library alone, no third-party import.

Pyodide ships the standard library as source, and a cold start in the browser spends most of its time compiling
the modules it imports. With the site's wheels on sys.path (put there by the Node driver, as the worker puts them), this
script runs every function the pages call and writes:
- out/python_stdlib.zip: the modules that work imported, as bytecode in place of their source (unchecked-hash
  .pyc, which zipimport prefers); as source, every module any code of ours, of the wheels or of those modules
  could import (every import statement, in functions too) and the codecs a file could name; nothing else;
- out/wheels/*.whl: each wheel with the modules that work imported as bytecode in place of their source;
- out/modules.txt: the runtime it was made from, and what the zip holds as bytecode and as source, for review.

Usage (inside Pyodide): python bytecode.py STDLIB_ZIP WHEELS_DIR EXAMPLES_DIR OUT_DIR [SCRIPT_DIGEST]
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import marshal
import re
import sys
import zipfile
from pathlib import Path

# Nothing here depends on the time of the build: the same inputs give byte-identical files.
FIXED_TIME = (2025, 1, 1, 0, 0, 0)

# Codecs are looked up by name when a text is decoded, which no import statement shows: the Unicode ones, Latin,
# and those a Chinese office's file could name (GB 2312, GBK, GB 18030, Big5, HZ).
CODECS = re.compile(
    r"encodings/(__init__|aliases|utf_.*|latin_1|ascii|charmap|cp1252|cp936|gb.*|big5.*|hz|unicode_escape|raw_unicode_escape)\.py"
)


def pyc(source: bytes, filename: str) -> bytes:
    """An unchecked-hash .pyc of a source: the loader uses it without reading or hashing the source."""
    code = compile(source, filename, "exec", dont_inherit=True)
    flags = (0b01).to_bytes(4, "little")  # hash-based, not checked against the source
    return importlib.util.MAGIC_NUMBER + flags + importlib.util.source_hash(source) + marshal.dumps(code)


def exercise(examples: Path) -> None:
    """Call every function of the browser's protocol once, as the form page and the desk do."""
    from generator.adapters import web

    paths = sorted(examples.rglob("*.json"))
    drafts = [p.read_text(encoding="utf-8") for p in paths]
    for draft in drafts:
        web.answer("check", [draft])
    web.answer("preload", [])
    valid = [p.read_text(encoding="utf-8") for p in paths if p.name.endswith("-valid.json")]  # every cell filled
    for draft in valid + drafts[:1] + ["{}"]:
        web.answer("blanks", [draft])
        web.answer("draft_filename", [draft])
        for lang in ("zh", "en"):
            web.answer("print_view", [draft, lang])
        for what in ("application", "summary"):
            for fmt in ("xlsx", "docx"):
                made = web.answer("export", [draft, what, fmt])
                if made["ok"] and what == "application" and fmt == "xlsx":
                    web.answer("open_file", ["back.xlsx", made["value"]["bytes"]])
        web.answer("open_file", ["draft.json", draft.encode("utf-8")])
    files = [{"name": f"{n}.json", "bytes": d.encode("utf-8")} for n, d in enumerate(drafts)]
    items = [{**item, "id": n} for n, item in enumerate(web.read_files(files))]
    desk = json.dumps({"items": items, "date": "2025-02-01", "order": "form", "unit": "unit", "review": True})
    web.answer("check_batch", [desk])
    for fmt in ("xlsx", "docx"):
        web.answer("export_batch", [desk, fmt])
    web.answer("open_file", ["bad.xlsx", b"not a workbook"])
    # the office page: the drafts and the desk's 附件3 received together, reconciled, in figures, written, carried over
    summary = web.answer("export_batch", [desk, "xlsx"])["value"]["bytes"]
    received = web.read_files([*files, {"name": "summary.xlsx", "bytes": summary}])
    office = json.dumps({"items": received, "choices": {}, "lang": "zh"}, ensure_ascii=False)
    shown = web.answer("office_round", [office])["value"]
    web.answer("export_round", [office])
    national = next((a["key"] for a in shown["applications"] if a["form"] == "national"), "")
    for fmt in ("xlsx", "docx", "json"):
        web.answer("transfer", [office, national, fmt])
    web.answer("transfer_all", [office])


def imported(folder: str) -> set[str]:
    """The paths, inside a folder or zip of modules, of the sources of every module imported so far."""
    prefix = folder.rstrip("/") + "/"
    names = set()
    for module in list(sys.modules.values()):
        origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
        if origin.startswith(prefix) and origin.endswith(".py"):
            names.add(origin[len(prefix) :])
    return names


def module_name(path: str) -> str:
    """json/decoder.py → json.decoder; json/__init__.py → json."""
    name = path.removesuffix(".py").replace("/", ".")
    return name.removesuffix(".__init__")


# An import statement, in a function too: `import a.b, c as d` or `from .a import (b, c)`. A match in a string or a
# comment only keeps one module more; the standard library's zip is scanned with this, not parsed (ten times faster).
IMPORT = re.compile(rb"^[ \t]*(?:import[ \t]+([\w., \t]+)|from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+))", re.M)


def imports(source: bytes, name: str, package: bool) -> set[str]:
    """Every module an import statement of a source names (and their parent packages), relative ones resolved."""
    found = set()
    for plain, origin, names in IMPORT.findall(source):
        if plain:
            found |= {part.split()[0] for part in plain.decode().split(",") if part.strip()}
            continue
        base = origin.decode().lstrip(".")
        level = len(origin) - len(origin.lstrip(b"."))
        if level:
            parts = name.split(".") if package else name.split(".")[:-1]
            base = ".".join(parts[: len(parts) - level + 1] + ([base] if base else []))
        members = [part.split()[0] for part in names.decode().strip("()").replace("\\", " ").split(",") if part.split()]
        found |= {base} | {f"{base}.{member}" for member in members}
    return {".".join(n.split(".")[:k]) for n in found if n for k in range(1, n.count(".") + 2)}


def reachable(stdlib: zipfile.ZipFile, start: set[str], wheels: list[Path]) -> set[str]:
    """The standard library's sources that the imported modules, or any module of the wheels, could import."""
    files = set(stdlib.namelist())

    def source_of(name: str) -> str | None:
        path = name.replace(".", "/")
        return next((p for p in (f"{path}.py", f"{path}/__init__.py") if p in files), None)

    todo = [module_name(path) for path in start]
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            for path in (p for p in archive.namelist() if p.endswith(".py")):
                todo += imports(archive.read(path), module_name(path), path.endswith("__init__.py"))
    found: set[str] = set()
    while todo:
        path = source_of(todo.pop())
        if path and path not in found:
            found.add(path)
            todo += imports(stdlib.read(path), module_name(path), path.endswith("__init__.py"))
    return found


def entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_stdlib(old: zipfile.ZipFile, used: set[str], kept: set[str], out: Path) -> None:
    """The standard library with the used modules as bytecode and the kept ones as source, in the zip's own
    order; the files that are not Python (a few small data files) as they are."""
    with zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            if info.is_dir():
                continue
            data = old.read(info)
            if info.filename in used:
                new.writestr(entry(info.filename + "c"), pyc(data, info.filename))
            elif info.filename in kept or not info.filename.endswith(".py"):
                new.writestr(entry(info.filename), data)


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{name},sha256={digest},{len(data)}"


# Our modules the browser never imports: the command line, the maintainer's edition tools and what only they read.
COMMAND_LINE = {f"generator/{name}.py" for name in ("__main__", "adapters/cli", "adapters/edition", "io/notice", "io/tomltext")}


def write_wheel(source: Path, used: set[str], out: Path) -> None:
    """A wheel with each module that was used as bytecode in place of its source (a sourceless module: smaller
    than source and bytecode side by side), without the command line's modules, its METADATA without the long
    description, and a RECORD that lists what it now holds."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        record = next(name for name in old.namelist() if name.endswith(".dist-info/RECORD"))
        lines = []
        for info in old.infolist():
            if info.filename == record:
                continue
            name, data = info.filename, old.read(info)
            if name in COMMAND_LINE and name not in used:
                continue
            if name in used:
                name, data = name + "c", pyc(data, name)
            elif name.endswith(".dist-info/METADATA"):
                # the headers only: the long description after them (our whole README) is read by nothing in the
                # browser, and it was a tenth of the bytes our wheel sends
                data = data.partition(b"\n\n")[0] + b"\n"
            new.writestr(entry(name), data)
            lines.append(record_line(name, data))
        new.writestr(entry(record), "\n".join([*lines, f"{record},,"]) + "\n")


def main(stdlib: str, wheels: str, examples: str, out: str, script: str = "") -> None:
    """Install, exercise, then write the compiled standard library and wheels into out/."""
    target = Path(out)
    (target / "wheels").mkdir(parents=True, exist_ok=True)
    exercise(Path(examples))
    used = imported(next(p for p in sys.path if p.endswith(".zip")))
    built = sorted(Path(wheels).glob("*.whl"))
    with zipfile.ZipFile(stdlib) as old:
        codecs = {p for p in old.namelist() if CODECS.fullmatch(p)}
        kept = (reachable(old, used, built) | codecs) - used
        # The same runtime, script and modules as the last build give the same zip: it is kept (most changes of
        # our code import nothing new).
        runtime = hashlib.sha256(Path(stdlib).read_bytes()).hexdigest()
        listing = (
            [f"runtime {runtime}", f"script {script}"] + [f"bytecode {p}" for p in sorted(used)] + [f"source {p}" for p in sorted(kept)]
        )
        text, listed = "\n".join(listing) + "\n", target / "modules.txt"
        if not (target / "python_stdlib.zip").exists() or not listed.exists() or listed.read_text(encoding="utf-8") != text:
            write_stdlib(old, used, kept, target / "python_stdlib.zip")
            listed.write_text(text, encoding="utf-8")
    for old_wheel in (target / "wheels").glob("*.whl"):
        old_wheel.unlink()
    for wheel in built:  # on sys.path as /lib/wheels/<name>, as the worker puts it
        write_wheel(wheel, imported(f"/lib/wheels/{wheel.name}"), target / "wheels" / wheel.name)
    print(f"standard library: {len(used)} modules as bytecode, {len(kept)} as source; {len(built)} wheels compiled")


if __name__ == "__main__":
    main(*sys.argv[1:6])
