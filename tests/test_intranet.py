"""On an intranet server over plain http the page is not a "secure context": no crypto.subtle, no Cache
Storage. The form must still start Python, check and download there."""

from __future__ import annotations

import io

import bench
import pytest
from openpyxl import load_workbook
from test_form_page import fill, open_form, wait_checked

from conftest import load

pytestmark = pytest.mark.cold  # a first visit, or a start that fails, is the subject


def test_the_form_works_over_plain_http_on_an_intranet_host(page, base_url):
    intranet = base_url.replace("127.0.0.1", "intranet.test")
    open_form(page, intranet)
    assert page.evaluate("window.isSecureContext") is False
    fill(page, load("national-valid.json"))
    wait_checked(page)
    assert page.locator("#ku-summary").is_hidden()
    with page.expect_download() as info:
        page.locator("#ku-download-national").click()
    ws = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    assert ws["A1"].value == "附件1"


def test_over_plain_http_the_second_visit_restores_python_from_indexeddb(page, base_url):
    """No Cache Storage outside a secure context: the snapshot is kept in IndexedDB instead."""
    intranet = base_url.replace("127.0.0.1", "intranet.test")
    open_form(page, intranet)
    assert page.evaluate("typeof caches") == "undefined"
    assert page.evaluate("document.body.dataset.pythonSnapshot") == "no"
    page.wait_for_function("document.body.dataset.pythonSnapshotKept === 'yes'", timeout=60_000)
    open_form(page, intranet)  # the second visit
    assert page.evaluate("document.body.dataset.pythonSnapshot") == "yes"
    page.get_by_label("省级（附件2）").check()
    page.locator("#f-trainees").fill("25")
    page.wait_for_selector("#ku-summary-list li[data-rule='trainees.minimum']")


def test_over_plain_http_a_returning_visit_reads_each_runtime_file_once(page, site):
    """Without crypto.subtle the browser checks a file's hash only as it fetches it: a file streamed for the progress
    bar was read a second time to be checked. On a returning visit the browser's own copy is read once, checked as it
    is read (a restored Python's answers over plain http are a first visit's: tests/test_warm_parity.py). Served as
    the hosting configurations say (bench.serve), so that the browser keeps the runtime's files."""
    server, url = bench.serve(site, bench.Counter())
    try:
        intranet = url.replace("127.0.0.1", "intranet.test")
        open_form(page, intranet)
        page.wait_for_function("document.body.dataset.pythonSnapshotKept === 'yes'", timeout=60_000)
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url.split("?")[0].rsplit("/", 1)[-1]))
        open_form(page, intranet)  # the second visit
        assert page.evaluate("document.body.dataset.pythonSnapshot") == "yes"
        for name in ("pyodide.asm.wasm", "python_stdlib.zip", "knowledge_update_forms-0.1.0-py3-none-any.whl"):
            assert asked.count(name) == 1, (name, asked)
    finally:
        server.shutdown()
