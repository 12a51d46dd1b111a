"""A check of this tool that fails is the tool's failure, never the user's error: not counted, not blocking a
download, said apart in words that tell what to do, and its own exit status on the command line. A failing check is
the one thing these tests fake (a rule replaced by one that raises): no real rule fails on purpose."""

from __future__ import annotations

import dataclasses
import json

import pytest
from test_form_page import fill, open_form, wait_checked

from conftest import EXAMPLES, changed, load, worker_with
from generator.adapters import cli, web
from generator.core import batch, findings, rules
from generator.core.words import FORM_UI
from generator.io import inputs


def _boom(ctx):
    raise OSError(9, "Bad file descriptor")
    yield  # a predicate is a generator


@pytest.fixture
def broken(monkeypatch):
    """trainees.minimum (an application rule) and batch.same_host (a batch rule) raise, as a bug would."""
    for module, rule_id in ((rules, "trainees.minimum"), (batch, "batch.same_host")):
        patched = [dataclasses.replace(r, check=_boom) if r.id == rule_id else r for r in module.RULES]
        monkeypatch.setattr(module, "RULES", patched)


def test_a_failing_check_is_a_fault_not_an_error_and_the_other_checks_still_run(broken):
    draft = load("invalid/trainees.minimum--provincial-course-for-25-trainees.json")
    found = rules.validate(draft)
    (fault,) = findings.faults(found)
    assert fault.rule == rules.FAILED and fault.severity == findings.FAULT
    assert "trainees.minimum" in fault.zh and "不是申报表的错误" in fault.zh and "not an error in the application" in fault.en
    assert findings.errors(found) == []  # the one error of this draft was the failed rule's: nothing is made up
    assert rules.validate(load("provincial-valid.json")) == [fault]


def test_the_browser_is_told_which_checks_failed_and_a_download_counts_no_error(broken):
    provincial = json.dumps(load("provincial-valid.json"), ensure_ascii=False)
    reply = web.answer("check", [provincial])
    assert reply["faults"] == ["trainees.minimum"]
    assert [f["severity"] for f in reply["value"]] == ["fault"]
    exported = web.answer("export", [provincial, "application", "xlsx"])
    assert exported["ok"] and exported["value"]["errors"] == 0
    # the next call starts clean: a fault is told once, with the answer it spoiled
    assert web.answer("draft_filename", [provincial])["faults"] == []


def test_a_failing_batch_check_is_a_fault_of_the_batch(broken):
    items = inputs.read_paths([EXAMPLES / "national-valid.json", EXAMPLES / "provincial-valid.json"])
    result = batch.check(items)
    assert [f.rule for f in findings.faults(result.findings)] == [rules.FAILED]
    assert not result.has_errors


def test_the_command_line_says_the_tool_failed_with_exit_status_3(broken, capsys):
    status = cli.main(["validate", str(EXAMPLES / "provincial-valid.json")])
    out, err = capsys.readouterr()
    assert status == cli.BROKEN == 3
    assert "0 个错误" in out and "0 errors" in out
    assert "未能检查" in out and "not checked" in out
    assert "exit status 3" in err and "退出状态 3" in err


def test_export_writes_the_file_when_only_a_check_failed(broken, capsys, tmp_path):
    status = cli.main(["export", str(EXAMPLES / "provincial-valid.json"), "-o", str(tmp_path)])
    assert status == cli.BROKEN
    assert len(list(tmp_path.glob("*.xlsx"))) == 1
    assert "已写入" in capsys.readouterr().out


# Appended to the real worker (same module scope): in any Python, fresh or restored, the reference lists raise, as a
# bug would, so the checks that read them (domain, ministry) fail and the others run.
BROKEN_LISTS = """
self.addEventListener("message", ({ data }) => {
  if (data.type === "call" && pyodide) pyodide.runPython("from generator.core import reference; reference.sets = lambda: 1 / 0");
});
"""


def test_the_form_page_says_a_check_could_not_run_counts_no_error_and_downloads_without_asking(page, base_url, site):
    worker_with(page, site, BROKEN_LISTS)
    open_form(page, base_url)
    fill(page, changed(load("national-valid.json"), domain="智能制造"))
    wait_checked(page)
    page.wait_for_selector("#ku-summary-list li.ku-finding--fault")
    assert page.locator("#ku-summary-list li.ku-finding--fault .ku-finding__tag").first.inner_text() == FORM_UI["zh"]["fault"]
    failed = page.locator("#ku-summary-list li.ku-finding--fault").count()  # the domain and ministry checks
    assert failed >= 2 and page.locator("#ku-summary-faults").inner_text() == FORM_UI["zh"]["faults"].format(n=failed)
    assert page.locator("#ku-summary-counts").inner_text() == ""  # no error, no warning: nothing of the user's is wrong
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    with page.expect_download():
        page.locator("#ku-download-national").click()
    assert asked == []
