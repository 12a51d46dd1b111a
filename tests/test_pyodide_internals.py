"""The contract of overrides/assets/shared/pyodide-internals.js with the installed Pyodide (node_modules), run in Node:
an upgrade that moves what the worker relies on fails here with a sentence naming what changed."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import ROOT


def test_what_the_worker_relies_on_still_holds_in_the_installed_pyodide():
    assert shutil.which("node"), "Node.js runs Pyodide in this test"
    run = subprocess.run(["node", str(ROOT / "tests" / "pyodide_internals.mjs")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    broken = json.loads(run.stdout)
    assert not broken, "\n".join(broken)


def test_the_worker_uses_pyodide_internals_only_through_the_adapter():
    """No other page script names what pyodide-internals.js holds."""
    private = ("_loadSnapshot", "_makeSnapshot", "makeMemorySnapshot", "self.fetch =", "WebAssembly.instantiate")
    scripts = [p for p in (ROOT / "overrides" / "assets").rglob("*.js") if p.name != "pyodide-internals.js"]
    named = {p.name: [n for n in private if n in p.read_text(encoding="utf-8")] for p in scripts}
    assert not {name: found for name, found in named.items() if found}
