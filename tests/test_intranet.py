"""On an intranet server over plain http the page is not a "secure context": no crypto.subtle, no Cache
Storage. The form must still start Python, check and download there."""

from __future__ import annotations

import io

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
