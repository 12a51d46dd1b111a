"""Shared helpers: the examples, and drafts changed in one place."""

from __future__ import annotations

import base64
import contextlib
import copy
import functools
import http.server
import io
import json
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from generator.adapters.cli import main
from generator.core import drafts

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from chromium import ARGS as CHROMIUM_ARGS  # noqa: E402  (the same browser as scripts/bench.py)
from chromium import CHROMIUM  # noqa: E402

EXAMPLES = ROOT / "generator" / "data" / "editions" / "2025" / "examples"  # the tests are of the 2025 notice


# The drafts every parity test runs: each example, an older draft version, and what people type (tests/data/corpus).
PARITY_DRAFTS = [
    *sorted(EXAMPLES.rglob("*.json")),
    ROOT / "tests" / "data" / "draft-v0-national.json",
    *sorted((ROOT / "tests" / "data" / "corpus").rglob("*.json")),
]


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
# Every page of the site, as docs/zh holds them (the changes and editions pages were once left out, and their
# menus failed axe's target-size unseen): "" for the home page, "guide/national/" for docs/zh/guide/national.md.
PAGES = sorted(
    ("" if md.stem == "index" else f"{md.relative_to(ROOT / 'docs' / 'zh').with_suffix('').as_posix()}/")
    for md in (ROOT / "docs" / "zh").rglob("*.md")
)


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


def cli(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` run in this process (its exit status, what it printed), as a user runs it from
    `cwd`: the same code as the command, without a Python start per call. A few tests run the real command."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse refusing its arguments
            status = exit_.code if isinstance(exit_.code, int) else 2
    return subprocess.CompletedProcess(["generator", *map(str, args)], status, out.getvalue(), err.getvalue())


def in_pyodide(
    wheels: Path,
    cases: list[Any],
    stdlib: Path | None = None,
    restored: bool = False,
    files: dict[str, bytes] | None = None,
    office: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Each case validated (and written, read back) by the wheels of a folder in real Pyodide (tests/pyodide_runner.mjs),
    with npm's standard library or the one given; `restored`: in a Python restored from a memory snapshot, as on a
    returning visit. `files` (name: bytes) are read as the desk reads them: result["files"], one list each; with
    `office` ({choices, lang}) they are handed on to web.office_round as the office page does: result["office"]."""
    mode = ["restored"] if restored else []
    sent: Any = cases
    if files:
        sent = {"drafts": cases, "files": [{"name": n, "b64": base64.b64encode(b).decode()} for n, b in files.items()]}
        if office is not None:
            sent["office"] = office
    run = subprocess.run(
        ["node", str(ROOT / "tests" / "pyodide_runner.mjs"), str(wheels), str(stdlib or ""), *mode],
        input=json.dumps(sent, ensure_ascii=False),
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
        "args": CHROMIUM_ARGS,
    }


def short_timers(page: Any, **timers: float) -> None:
    """The page's timers (config.timers: `stall`, the start without progress; `silence`, the worker heard from no
    more) set shorter for this page, so that a test does not wait out the real ones."""

    def handle(route: Any) -> None:
        response = route.fetch()
        html = response.text()
        start = html.index('id="ku-config">') + len('id="ku-config">')
        end = html.index("</script>", start)
        config = json.loads(html[start:end])
        config["timers"].update(timers)
        route.fulfill(response=response, body=html[:start] + json.dumps(config).replace("<", "\\u003c") + html[end:])

    page.route(re.compile(r"/(form|collect|office)/(\?.*)?$"), handle)


def worker_with(page: Any, site: Path, appended: str) -> None:
    """Serve this page the site's real Python worker with `appended` after it (the same module scope: it sees
    `pyodide` and `fresh`), to make Python fail as a bug or a lost file would."""
    real = (site / "zh" / "assets" / "shared" / "worker.js").read_text(encoding="utf-8")
    page.route("**/assets/shared/worker.js*", lambda route: route.fulfill(content_type="text/javascript", body=real + appended))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cold: the test starts from a browser that never visited the site (a first visit is its subject)")
    config.addinivalue_line("markers", "clock: the test sets the browser's clock, which is the whole browser's (page.clock)")


def _warmed(browser: Any, args: dict[str, Any], base_url: str) -> Any:
    """A browser that has opened the form page once, as most users have: later pages restore Python from the
    snapshot that visit kept."""
    context = browser.new_context(**args)
    page = context.new_page()
    page.goto(f"{base_url}zh/form/")
    page.wait_for_function("document.body.dataset.pythonSnapshotKept === 'yes'", timeout=120_000)
    page.close()
    return context


@pytest.fixture(scope="session")
def warm_context(browser, browser_context_args, base_url):
    """The browser most tests share for the whole session."""
    context = _warmed(browser, browser_context_args, base_url)
    yield context
    context.close()


@pytest.fixture(scope="session")
def clocked_context(browser, browser_context_args, base_url):
    """A warm browser of their own for the tests that set the clock (a fixed clock would stall other tests' timers)."""
    context = _warmed(browser, browser_context_args, base_url)
    yield context
    context.close()


@pytest.fixture
def context(request, new_context, base_url):
    """The warm browser, its answers cleared (its kept Python stays), with a new page per test; a browser of its own
    for a test marked `cold`; the clocked one for a test marked `clock`."""
    if request.node.get_closest_marker("cold"):
        yield new_context()
        return
    warm = request.getfixturevalue("clocked_context" if request.node.get_closest_marker("clock") else "warm_context")
    blank = warm.new_page()
    blank.goto(f"{base_url}404.html")  # a page of the site's origin that starts no Python
    blank.evaluate("localStorage.clear()")
    # and the files the office page kept (its pages are closed: nothing holds the database open)
    blank.evaluate(
        "new Promise((done) => { const q = indexedDB.deleteDatabase('ku-office'); q.onsuccess = q.onerror = q.onblocked = done; })"
    )
    blank.close()
    yield warm
    for page in warm.pages:
        page.close()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Tests drive pages with Playwright's evaluated predicates, which a strict CSP would block; the CSP
    itself is tested in a context of its own (test_site_browser)."""
    return {**browser_context_args, "bypass_csp": True}
