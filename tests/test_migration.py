"""Drafts of an older format version are upgraded, not refused; a newer one is refused with a clear message."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, load
from generator.core import drafts, rules

V0 = ROOT / "tests" / "data" / "draft-v0-national.json"


def test_a_label_keyed_version_0_draft_becomes_the_version_1_draft():
    upgraded, came_from = drafts.upgrade(json.loads(V0.read_text(encoding="utf-8")))
    assert came_from == 0
    assert upgraded["data"] == load("national-valid.json")["data"]
    assert upgraded["version"] == drafts.VERSION and upgraded["form"] == "national"


def test_a_version_0_draft_is_checked_like_its_version_1_twin():
    old = json.loads(V0.read_text(encoding="utf-8"))
    assert [f.rule for f in rules.validate(old)] == [f.rule for f in rules.validate(load("national-valid.json"))] == []


def test_the_cli_checks_an_older_draft_without_complaint():
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(V0), "--lang", "zh"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_newer_version_is_refused_and_says_so_in_both_languages():
    found = rules.validate({**load("national-valid.json"), "version": drafts.VERSION + 1})
    (envelope,) = [f for f in found if f.rule == "draft.envelope"]
    assert "比本工具新" in envelope.zh and "newer than this tool" in envelope.en


def test_an_unknown_version_is_refused():
    found = rules.validate({**load("national-valid.json"), "version": "one"})
    assert any(f.rule == "draft.envelope" and "无法识别" in f.zh for f in found)


def test_the_form_page_opens_an_older_draft_and_says_it_was_converted(page, base_url):
    from generator.core.words import FORM_UI

    page.goto(f"{base_url}zh/form/")
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    page.locator("#ku-open").set_input_files(str(V0))
    page.wait_for_function("!document.getElementById('ku-message').hidden")
    assert page.locator("#ku-message").inner_text() == FORM_UI["zh"]["opened_migrated"].format(name=V0.name, version=0)
    assert page.locator("#f-project_name").input_value() == load("national-valid.json")["data"]["project_name"]
    assert page.locator("#f-host_contact").input_value() == "王示例"


def test_a_draft_is_read_and_upgraded_once_by_web_batch_and_command_line(monkeypatch, tmp_path):
    """One read gives the application and its findings (rules.examine): an old draft is upgraded once per use."""
    from conftest import cli as run_cli
    from generator.adapters import web
    from generator.core import batch
    from generator.core.batch import Input

    calls: list[int] = []
    upgrade = drafts.upgrade
    monkeypatch.setattr(drafts, "upgrade", lambda draft: (calls.append(1), upgrade(draft))[1])
    old = json.loads((ROOT / "tests" / "data" / "draft-v0-national.json").read_text(encoding="utf-8"))
    for use in (
        lambda: web.export(json.dumps(old, ensure_ascii=False)),
        lambda: batch.entry(Input("v0.json", draft=old)),
        lambda: run_cli("export", ROOT / "tests" / "data" / "draft-v0-national.json", "-o", tmp_path, "--force"),
    ):
        calls.clear()
        use()
        assert len(calls) == 1
