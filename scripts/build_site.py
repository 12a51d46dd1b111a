"""Build the whole site into site/: the Chinese and English MkDocs sites side by side and a root page."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.adapters import web  # noqa: E402
from generator.site.csp import with_csp  # noqa: E402 (the script runs from the checkout)
from generator.site.root import not_found_page, root_page  # noqa: E402
from generator.site.versions import version_site  # noqa: E402

SITE = ROOT / "site"
CONFIGS = {"zh": "mkdocs.yml", "en": "mkdocs.en.yml"}
PYODIDE = ROOT / "node_modules" / "pyodide"
WHEELS = ROOT / "build" / "wheels"
# What the browser needs of the npm package: the loader, the runtime and the standard library.
RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# The standard library and the wheels compiled to the browser's bytecode (scripts/bytecode.py): what the site ships.
COMPILED = ROOT / "build" / "python"
EXAMPLES = ROOT / "generator" / "data" / "editions"


def sri(data: bytes) -> str:
    """The Subresource Integrity value of a file: sha256, base64."""
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def bytecode_key() -> str:
    """What the compiled Python is made from: the runtime, what the wheels hold (not their zips' dates, which
    change with every build of the same code), the examples it runs and the compiling scripts."""
    digest = hashlib.sha256()
    paths = [PYODIDE / name for name in RUNTIME] + sorted(EXAMPLES.rglob("*.json"))
    paths += [ROOT / "scripts" / "bytecode.py", ROOT / "scripts" / "bytecode.mjs"]
    for path in paths:
        digest.update(path.name.encode() + path.read_bytes())
    for wheel in sorted(WHEELS.glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            for name in sorted(archive.namelist()):
                digest.update(name.encode() + archive.read(name))
    return digest.hexdigest()


def start_bytecode() -> tuple[subprocess.Popen | None, str]:
    """Compile the standard library and the wheels in Pyodide (Node), unless build/python is already of these
    inputs (the key returned); it runs beside the MkDocs builds."""
    missing = [name for name in RUNTIME if not (PYODIDE / name).exists()]
    if missing or not list(WHEELS.glob("*.whl")):
        sys.exit(f"Pyodide or the wheels are missing ({missing or 'no wheels'}): run `make build`, which installs them first.")
    # A site whose browser would run older code than generator/ holds tests the wrong code: say so, do not build it.
    packaged = [p for p in (ROOT / "generator").rglob("*") if p.is_file() and "__pycache__" not in p.parts and "site" not in p.parts]
    ours = max(WHEELS.glob("knowledge_update_forms-*.whl"), key=lambda p: p.stat().st_mtime, default=None)
    if ours is None or ours.stat().st_mtime < max(p.stat().st_mtime for p in packaged):
        sys.exit("build/wheels is older than generator/: run `make wheels` (make build and make test do) so that the site runs this code.")
    key = bytecode_key()
    stamp = COMPILED / ".inputs"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == key:
        return None, key
    stamp.unlink(missing_ok=True)  # a compile that fails half-way leaves nothing to trust
    command = ["node", str(ROOT / "scripts" / "bytecode.mjs"), str(WHEELS), str(EXAMPLES), str(COMPILED)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True), key


def finish_bytecode(running: subprocess.Popen | None, key: str) -> None:
    """Wait for the compile, if one runs, and record its inputs once it has succeeded."""
    if running is None:
        return
    output, _ = running.communicate()
    if running.returncode:
        sys.exit(f"Compiling Python for the browser failed (scripts/bytecode.py):\n{output}")
    (COMPILED / ".inputs").write_text(key, encoding="utf-8")


def copy_python() -> None:
    """Pyodide from node_modules, the compiled standard library and wheels from build/python into site/pyodide/,
    shared by both languages."""
    target = SITE / "pyodide"
    (target / "wheels").mkdir(parents=True)
    wheels = sorted(p.name for p in (COMPILED / "wheels").glob("*.whl"))
    for name in RUNTIME:  # the standard library compiled, the rest as npm has it
        compiled = COMPILED / name
        shutil.copyfile(compiled if compiled.exists() else PYODIDE / name, target / name)
    for name in wheels:
        shutil.copyfile(COMPILED / "wheels" / name, target / "wheels" / name)
    # Our package is all the first check needs; the rest (openpyxl, jinja2 …) loads when the page is idle.
    core = [name for name in wheels if name.startswith("knowledge_update_forms-")]
    later = [name for name in wheels if name not in core]
    # One version for the runtime and the wheels together: it names the Python snapshot a browser keeps,
    # so a new build never restores an old one.
    digest = hashlib.sha256()
    for path in [target / name for name in RUNTIME] + [target / "wheels" / name for name in wheels]:
        digest.update(path.read_bytes())
    # Subresource Integrity for every file Python is made of: the worker fetches each with its hash and the
    # browser refuses one that changed after the build (a damaged copy, a tampered mirror).
    files = {name: target / name for name in RUNTIME} | {f"wheels/{name}": target / "wheels" / name for name in wheels}
    integrity = {name: sri(path.read_bytes()) for name, path in files.items()}
    # Each file's size, so the page's progress bar can follow the bytes of a start as they arrive.
    sizes = {name: path.stat().st_size for name, path in files.items()}
    manifest = {
        "version": digest.hexdigest()[:16],
        "core": core,
        "later": later,
        "integrity": integrity,
        "sizes": sizes,
        "functions": list(web.FUNCTIONS),
        "light": list(web.LIGHT),
    }
    (target / "wheels.json").write_text(json.dumps(manifest), encoding="utf-8")


COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".xml", ".svg", ".ics", ".txt"}


def _compress(path: Path) -> None:
    try:
        import brotli
    except ImportError:  # .gz alone still serves every browser
        brotli = None
    data = path.read_bytes()
    small = len(data) < 300_000  # the best levels for pages; quicker ones for the runtime, compressed once per build
    packed = gzip.compress(data, compresslevel=9 if small else 6, mtime=0)
    if len(packed) < len(data):
        Path(f"{path}.gz").write_bytes(packed)
    if brotli:
        Path(f"{path}.br").write_bytes(brotli.compress(data, quality=11 if small else 5))


def compress() -> None:
    """Write .gz (and .br, with the brotli package) beside each text or wasm file over 1 KB, for servers
    that send pre-compressed files (nginx gzip_static / brotli_static, Caddy precompressed)."""
    files = [p for p in SITE.rglob("*") if p.suffix in COMPRESSIBLE and p.is_file() and p.stat().st_size >= 1024]
    with ProcessPoolExecutor() as pool:
        list(pool.map(_compress, files, chunksize=8))


def main(compressed: bool = True) -> None:
    """Build both languages in parallel (strict), then write the root page; `compressed`: with .gz/.br copies."""
    started = time.perf_counter()
    shutil.rmtree(SITE, ignore_errors=True)
    compiling, key = start_bytecode()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    builds = {
        lang: subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
        )
        for lang, config in CONFIGS.items()
    }
    failed = False
    for lang, build in builds.items():
        _, err = build.communicate()
        noise = ("jieba", "Building prefix dict", "Loading model", "Prefix dict", "Dumping model")
        shown = "\n".join(line for line in err.splitlines() if not line.startswith(noise))
        if build.returncode:
            failed = True
            print(f"[{lang}] build failed:\n{shown}", file=sys.stderr)
    if failed:
        sys.exit(1)
    (SITE / "index.html").write_text(with_csp(root_page()), encoding="utf-8")
    # MkDocs' 404 pages link from "/", which breaks under a subpath; one self-contained page at the root
    # serves both languages (GitHub Pages uses only the root 404.html).
    for lang in CONFIGS:
        (SITE / lang / "404.html").unlink(missing_ok=True)
    (SITE / "404.html").write_text(with_csp(not_found_page()), encoding="utf-8")
    finish_bytecode(compiling, key)
    copy_python()
    version_site(SITE, tuple(CONFIGS))  # every file a page loads by a URL of its version, before compressing
    if compressed:
        compress()
    print(f"Built site/ (zh, en) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main(compressed="--no-compress" not in sys.argv[1:])  # --no-compress: a site to test, not to host
