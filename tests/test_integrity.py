"""The browser installs only the wheels the build recorded; a changed wheel stops Python with a clear state."""

from __future__ import annotations

import json
import shutil

from conftest import serve


def test_a_tampered_wheel_is_refused(page, site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    manifest = json.loads((copy / "pyodide" / "wheels.json").read_text(encoding="utf-8"))
    (wheel,) = manifest["core"]
    (copy / "pyodide" / "wheels" / wheel).write_bytes((copy / "pyodide" / "wheels" / wheel).read_bytes() + b"tampered")
    server, base = serve(copy)
    try:
        messages = []
        page.on("console", lambda m: messages.append(m.text))
        page.goto(f"{base}zh/form/")
        page.wait_for_function("document.body.dataset.python === 'failed'", timeout=90_000)
        assert page.locator("#ku-status").get_attribute("class").count("is-failed") == 1
        assert any("not the file this site was built with" in m for m in messages)
    finally:
        server.shutdown()


def test_every_wheel_has_its_recorded_hash(site):
    import hashlib

    manifest = json.loads((site / "pyodide" / "wheels.json").read_text(encoding="utf-8"))
    for name in manifest["core"] + manifest["later"]:
        assert hashlib.sha256((site / "pyodide" / "wheels" / name).read_bytes()).hexdigest() == manifest["sha256"][name]
