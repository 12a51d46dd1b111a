"""Shared helpers: the examples, and drafts changed in one place."""

from __future__ import annotations

import copy
import functools
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from generator.core import drafts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "generator" / "data" / "editions" / "2025" / "examples"  # the tests are of the 2025 notice


def load(name: str) -> dict[str, Any]:
    """An example draft by file name."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def changed(draft: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy of the draft with fields set (None removes a field)."""
    result = copy.deepcopy(draft)
    for key, value in changes.items():
        if value is None:
            result["data"].pop(key, None)
        else:
            result["data"][key] = value
    return result


def application(draft: dict[str, Any]) -> drafts.Application:
    """The cleaned application of a draft."""
    return drafts.application(draft)


@pytest.fixture
def national() -> dict[str, Any]:
    return load("national-valid.json")


@pytest.fixture
def provincial() -> dict[str, Any]:
    return load("provincial-valid.json")


# ---- the built site, served on 127.0.0.1, and a real Chromium -------------------------

SITE = ROOT / "site"
# Every page of the site, relative to a language's root.
PAGES = [
    "",
    "form/",
    "collect/",
    "notice/",
    "guide/national/",
    "guide/provincial/",
    "guide/summary/",
    "guide/instructions/",
    "rules/",
    "catalogue/",
    "timeline/",
    "faq/",
    "privacy/",
    "hosting/",
]
CHROMIUM = "/usr/bin/chromium"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that, like GitHub Pages, answers a missing file with the site's 404.html."""

    not_found: Path | None = None

    def log_message(self, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or not self.not_found or not self.not_found.exists():
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def in_pyodide(wheels: Path, cases: list[Any], stdlib: Path | None = None, restored: bool = False) -> dict[str, Any]:
    """Each case validated (and written, read back) by the wheels of a folder in real Pyodide (tests/pyodide_runner.mjs),
    with npm's standard library or the one given; `restored`: in a Python restored from a memory snapshot, as on a
    returning visit."""
    mode = ["restored"] if restored else []
    run = subprocess.run(
        ["node", str(ROOT / "tests" / "pyodide_runner.mjs"), str(wheels), str(stdlib or ""), *mode],
        input=json.dumps(cases, ensure_ascii=False),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    return json.loads(run.stdout)


def python_folder(site: Path) -> Path:
    """The folder of the runtime and the wheels in the built site: pyodide/<version>/ (its URL is the build's version)."""
    (folder,) = (path.parent for path in (site / "pyodide").glob("*/wheels.json"))
    return folder


def serve(directory: Path, not_found: Path | None = None) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on a free port of 127.0.0.1; return the server and its base URL."""
    handler = functools.partial(type("Handler", (_SiteHandler,), {"not_found": not_found}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site() -> Path:
    """The whole site, built (strict) once per test session."""
    result = subprocess.run([sys.executable, "scripts/build_site.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return SITE


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The URL of the built site on a local web server."""
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, quiet: no background requests to outside hosts."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-default-apps",
            # An intranet server's name, for the pages served over plain http (not a secure context).
            "--host-resolver-rules=MAP intranet.test 127.0.0.1",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Tests drive pages with Playwright's evaluated predicates, which a strict CSP would block; the CSP
    itself is tested in a context of its own (test_site_browser)."""
    return {**browser_context_args, "bypass_csp": True}
