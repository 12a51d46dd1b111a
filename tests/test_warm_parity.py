"""A returning visitor's Python, restored from the snapshot the first visit kept, says exactly what a first visit and
the command line say: every example and the whole corpus, checked on the form page and on the desk, from both
stores (Cache Storage, and IndexedDB on plain http by host name, where there is no Cache Storage)."""

from __future__ import annotations

import base64

import pytest

from conftest import PARITY_DRAFTS, worker_with
from generator.adapters import web

pytestmark = pytest.mark.cold  # the first visit and the return are the subject

PATHS = PARITY_DRAFTS
CASES = [p.read_text(encoding="utf-8") for p in PATHS]


def _returning(page, url: str) -> None:
    """A first visit that keeps its snapshot, then the return, whose Python is restored from it."""
    page.goto(url)
    page.wait_for_function("document.body.dataset.pythonSnapshotKept === 'yes'", timeout=120_000)
    page.goto(url)
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    assert page.evaluate("document.body.dataset.pythonSnapshot") == "yes"


# The page's own worker: python.js at the URL the page loaded it from (its modulepreload), so the page's one instance.
CALL = (
    "async ([fn, ...args]) => (await import(document.querySelector('link[rel=modulepreload][href*=\"shared/python.js\"]').href))"
    ".call(fn, ...args)"
)


@pytest.fixture(params=["cache-storage", "indexeddb"])
def origin(request, base_url):
    """127.0.0.1 is a secure context (Cache Storage); an intranet host name over plain http is not (IndexedDB)."""
    return base_url if request.param == "cache-storage" else base_url.replace("127.0.0.1", "intranet.test")


def test_a_restored_python_checks_every_draft_as_the_command_line_does(page, origin):
    _returning(page, f"{origin}zh/form/")
    browser = page.evaluate(
        f"async (cases) => {{ const call = {CALL}; const out = []; for (const c of cases) out.push(await call(['check', c])); return out; }}",
        CASES,
    )
    for path, case, found in zip(PATHS, CASES, browser, strict=True):
        assert found == web.check(case), path.name
    # as a clerk meets it: a field checked against a reference list, typed on the returning visit
    page.get_by_label("省级（附件2）").check()
    page.locator("#f-domain").fill("智能制造")
    page.locator("#f-trainees").fill("25")
    page.wait_for_selector("#ku-summary-list li[data-rule='trainees.minimum']")
    assert page.locator("#ku-summary-list li.ku-finding--fault").count() == 0
    assert page.locator("#ku-summary-faults").is_hidden()


def test_a_restored_python_on_the_desk_gives_the_command_lines_batch(page, origin):
    _returning(page, f"{origin}zh/collect/")
    files = [{"name": p.name, "bytes": base64.b64encode(p.read_bytes()).decode()} for p in PATHS]
    script = f"""async (files) => {{
        const call = {CALL};
        const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const items = await call(['read_files', files.map((f) => ({{ name: f.name, bytes: bytes(f.bytes) }}))]);
        const desk = JSON.stringify({{ items: items.map((item, id) => ({{ ...item, id }})), date: '2025-02-10', order: 'form' }});
        return [desk, await call(['check_batch', desk])];
    }}"""
    desk, checked = page.evaluate(script, files)
    assert checked == web.check_batch(desk)
    assert sum(entry["faults"] for entry in checked["entries"]) == 0


# Appended to the real worker (same module scope): once a restored Python has answered its first call, its wheel is
# taken from under it and its reference lists forgotten, so the next check that reads a list fails there, as the
# lost file handle of issue 23 made it fail. A fresh Python is left alone.
SABOTAGE = """
let sabotaged = false;
self.addEventListener("message", ({ data }) => {
  if (data.type !== "call" || fresh || sabotaged) return;
  sabotaged = true;
  pyodide.runPython("import os, sys; from generator.core import reference; reference.clear_cache(); "
    + "[os.remove(p) for p in sys.path if p.startswith('/lib/wheels/knowledge_update_forms')]");
});
"""


def test_a_check_that_fails_on_a_restored_python_starts_python_afresh_and_answers(page, base_url, site):
    worker_with(page, site, SABOTAGE)
    _returning(page, f"{base_url}zh/form/")
    page.get_by_label("省级（附件2）").check()
    page.locator("#f-trainees").fill("25")
    page.locator("#f-domain").fill("智能制造")
    page.wait_for_function("document.body.dataset.pythonRestarts === '1' && document.body.dataset.python === 'ready'", timeout=90_000)
    assert page.evaluate("document.body.dataset.pythonSnapshot") == "no"  # the fresh start the fault asked for
    page.wait_for_selector("#ku-summary-list li[data-rule='trainees.minimum']")
    assert page.locator("#ku-summary-list li.ku-finding--fault").count() == 0
    assert page.locator("#ku-summary-faults").is_hidden()
    assert page.locator("#f-domain").input_value() == "智能制造"
