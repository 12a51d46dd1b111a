"""Python in the browser is made only of the files the build recorded: a changed runtime file or wheel
stops Python with a clear state instead of running it."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import shutil

import pytest

from conftest import ROOT, python_folder, serve

pytestmark = pytest.mark.cold  # a first visit, or a start that fails, is the subject


def _manifest(site):
    return json.loads((python_folder(site) / "wheels.json").read_text(encoding="utf-8"))


def _core_wheel(site) -> str:
    (wheel,) = _manifest(site)["core"]
    return f"wheels/{wheel}"


@pytest.mark.parametrize(
    "target",
    ["pyodide.asm.wasm", "pyodide.asm.mjs", "pyodide.mjs", "python_stdlib.zip", "core-wheel", "missing-wasm", "gzipped-wasm"],
)
def test_a_changed_or_missing_file_of_python_is_refused(page, site, tmp_path, target):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    name = {"core-wheel": _core_wheel(site), "missing-wasm": "pyodide.asm.wasm", "gzipped-wasm": "pyodide.asm.wasm"}.get(target, target)
    path = python_folder(copy) / name
    if target == "missing-wasm":  # a half-finished copy: without this, Pyodide would wait forever
        path.unlink()
    elif target == "gzipped-wasm":  # a .gz sent as the file itself, without its Content-Encoding
        path.write_bytes(gzip.compress(path.read_bytes()))
    else:
        path.write_bytes(path.read_bytes() + b"\n// tampered\n")
    server, base = serve(copy)
    try:
        messages = []
        page.on("console", lambda m: messages.append(m.text))
        page.goto(f"{base}zh/form/")
        page.wait_for_function("document.body.dataset.python === 'failed'", timeout=90_000)
        assert page.locator("#ku-status").get_attribute("class").count("is-failed") == 1
        # the message names the file and what the server should do: send it again whole, or at all
        expected = {"missing-wasm": "status", "gzipped-wasm": "damaged"}.get(target, "changed")
        assert page.evaluate("document.body.dataset.pythonProblem") == expected, messages
        assert name in page.locator("#ku-unavailable-details").text_content()  # folded, for the webmaster
        page.locator("#f-project_name").fill("仍可填写")  # the form itself still keeps what is typed
        page.reload()
        assert page.locator("#f-project_name").input_value() == "仍可填写"
    finally:
        server.shutdown()


def test_every_file_of_python_has_its_recorded_hash(site):
    manifest = _manifest(site)
    names = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"}
    names |= {f"wheels/{name}" for name in manifest["core"] + manifest["later"]}
    assert set(manifest["integrity"]) == names
    for name, value in manifest["integrity"].items():
        digest = base64.b64encode(hashlib.sha256((python_folder(site) / name).read_bytes()).digest()).decode()
        assert value == f"sha256-{digest}", name


def test_python_and_npm_dependencies_are_pinned_with_hashes():
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", lock, re.M)
    pinned = {name.lower(): version for name, version, _ in blocks}
    assert len(blocks) == len(re.findall(r"^[A-Za-z0-9_.-]+==", lock, re.M)), "a package without a hash"
    for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
        name, version = requirement.split("==")
        assert pinned.get(name.lower()) == version, requirement
    npm = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    packages = {path: entry for path, entry in npm["packages"].items() if path}
    assert packages and all(entry.get("integrity", "").startswith("sha512-") for entry in packages.values())
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    assert packages["node_modules/pyodide"]["version"] == wanted


def test_the_browsers_wheel_holds_no_site_only_code():
    """generator/site (Markdown for the pages, the calendar, the CSP) is for the build: the browser never loads it."""
    import zipfile

    (wheel,) = (ROOT / "build" / "wheels").glob("knowledge_update_forms-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/core/rules.py" in names and "generator/data/rules.toml" in names
    assert not [name for name in names if name.startswith("generator/site/")]


# Each layer may import the ones before it, never the ones after: core ← io ← adapters ← site.
LAYERS = ("core", "io", "adapters", "site")


@pytest.mark.parametrize("layer", LAYERS)
def test_no_layer_imports_a_later_one(layer):
    """A newcomer can read generator/ bottom up: the rules never reach for files, the files never for the CLI or the site."""
    import ast

    later = LAYERS[LAYERS.index(layer) + 1 :]
    found = []
    for path in (ROOT / "generator" / layer).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = f"{'.' * node.level}{node.module or ''}"
                if any(target.startswith((f"..{name}", f"generator.{name}")) for name in later):
                    found.append(f"{path.name}: {target}")
    assert not found
