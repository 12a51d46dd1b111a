"""The hostile corpus of test_hostile through the browser form, as a user would meet it: each case opened as a
file over a filled form. Expected: the same finding as on the command line, or a clear message naming what
was left out; never a page error; markup shown as text; formulas written as text; a refused file changes
nothing on the page."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook
from test_hostile import DRAFTS, FILES, NAT, VALUES

from conftest import changed, load
from generator.core import drafts, forms
from generator.core.words import FORM_UI

UI = FORM_UI["zh"]
NATIONAL = forms.load("national")
FORM_STATE = """() => Array.from(document.querySelectorAll('#ku-form input, #ku-form textarea'))
  .map(e => e.type === 'checkbox' || e.type === 'radio' ? e.checked : e.value)"""
# What the form's inputs cannot hold: the file's value is left out and named, not silently dropped.
LEFT_OUT = {"impossible-date", "slash-date", "date-as-number", "trainees-bool", "choice-unknown", "topics-wrong-shape", "text-as-object"}


def _write(tmp_path, name: str, content) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode("utf-8"))  # ASCII JSON keeps lone surrogates
    return str(path)


def _open(page, path: str) -> str:
    """Open a file with the page's "open" button; the page's message about it."""
    name = path.rsplit("/", 1)[-1]
    page.locator("#ku-open").set_input_files(path)
    page.wait_for_function(f"document.getElementById('ku-message').textContent.includes({json.dumps(name)})", timeout=30_000)
    return page.locator("#ku-message").inner_text()


def _check_all(page) -> list[str]:
    """Press "check every field" and return the rules the summary lists."""
    before = page.evaluate("document.body.dataset.checkedAt || ''")
    page.locator("#ku-check").click()
    page.wait_for_function(f"(document.body.dataset.checkedAt || '') !== {json.dumps(before)}")
    return page.eval_on_selector_all("#ku-summary-list [data-rule]", "items => items.map(i => i.dataset.rule)")


def _ready(page, base_url, errors: list[str]) -> None:
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(f"{base_url}zh/form/")
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)


def test_every_hostile_value_through_the_browser_form(page, base_url, tmp_path):
    errors: list[str] = []
    _ready(page, base_url, errors)
    wrong = []
    for name, field, value, rule in VALUES:
        message = _open(page, _write(tmp_path, f"{name}.json", changed(load(NAT), **{field: value})))
        rules = _check_all(page)
        shown = page.evaluate(f"(document.getElementById('f-{field}') || {{}}).value")
        if name in LEFT_OUT:
            label = NATIONAL.field(field).title("national")
            if not message.startswith(UI["opened_left_out"].split("{name}")[0]) or f"{label}：" not in message:
                wrong.append(f"{name}: the left-out value is not named: {message}")
        elif rule and rule not in rules:
            wrong.append(f"{name}: {rule} not among {rules}")
        if isinstance(value, str) and name not in LEFT_OUT:
            if NATIONAL.field(field).type == "longtext":
                expected = value.replace("\r\n", "\n").replace("\r", "\n")
            else:  # a one-line input drops line breaks
                expected = value.replace("\r", "").replace("\n", "")
            if shown != expected:
                wrong.append(f"{name}: the field shows {str(shown)[:40]!r}")
        if isinstance(value, str) and rule is None and not rules:
            with page.expect_download() as info:
                page.locator("#ku-download-national").click()
            sheet = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
            cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
            if any(c.data_type == "f" for c in cells):
                wrong.append(f"{name}: a formula in the Excel file")
            normalised = drafts.normalise_text(value)
            if not any(normalised in str(c.value) for c in cells):
                wrong.append(f"{name}: the value is not in the Excel file as text")
    assert page.evaluate("window.pwned") is None
    assert not errors, errors
    assert not wrong, wrong


def test_markup_in_every_kind_of_field_is_text_in_the_print_view(page, base_url, tmp_path):
    errors: list[str] = []
    _ready(page, base_url, errors)
    markup = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    text_fields = [
        "project_name",
        "venue",
        "domain",
        "ministry",
        "funding_source",
        "purpose",
        "content",
        "experts",
        "audience",
        "host_name",
        "host_contact",
        "host_address",
        "base_batch",
    ]
    draft = changed(load(NAT), topics={"digital": {"ticked": True, "text": markup}}, **{f: f"{f}{markup}" for f in text_fields})
    _open(page, _write(tmp_path, "markup.json", draft))
    page.evaluate("window.print = () => {}")
    page.locator("#ku-print-button").click()
    page.wait_for_selector("#ku-print .ku-form", state="attached")
    printed = page.locator("#ku-print").text_content()
    assert all(f"{f}{markup}" in printed for f in text_fields)
    assert page.locator("#ku-print img, #ku-print script").count() == 0
    assert page.evaluate("window.pwned") is None and not errors


def test_a_refused_draft_or_file_changes_nothing_on_a_filled_form(page, base_url, tmp_path):
    errors: list[str] = []
    _ready(page, base_url, errors)
    _open(page, _write(tmp_path, "filled.json", load(NAT)))
    before = page.evaluate(FORM_STATE)
    wrong = []
    refused = [(f"{name}.json", draft, None) for name, draft, rule in DRAFTS if rule == "draft.envelope"]
    refused += [(name, data, expected) for name, data, expected in FILES]
    refused += [("huge.json", b" " * (20 * 1024 * 1024 + 1), "太大")]
    for name, content, expected in refused:
        message = _open(page, _write(tmp_path, name, content))
        if not message.startswith(UI["open_failed"].split("{name}")[0]) or (expected and expected not in message):
            wrong.append(f"{name}: {message}")
        if page.evaluate(FORM_STATE) != before:
            wrong.append(f"{name}: the form changed")
    assert not errors, errors
    assert not wrong, wrong


def test_unknown_fields_in_a_draft_are_named_not_dropped_silently(page, base_url, tmp_path):
    errors: list[str] = []
    _ready(page, base_url, errors)
    (draft,) = [d for name, d, _ in DRAFTS if name == "unknown-fields"]
    message = _open(page, _write(tmp_path, "unknown-fields.json", draft))
    assert "evil" in message and "<script>" in message
    assert page.locator("#ku-message script").count() == 0 and not errors
