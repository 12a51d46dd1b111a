"""A corpus of applications written from the notice (闽人社办〔2025〕7号) and from the way people fill in forms.

tests/data/corpus/allowed/*.json: applications the notice allows; none may get an error.
tests/data/corpus/forbidden/<rule-id>--<description>.json: applications breaking exactly one thing the
notice forbids or binds; the rule named before "--" must report it as an error.
tests/data/corpus/warned/<rule-id>--<description>.json: applications leaving out one thing the notice does not bind
(a cell of 附件1 no sentence names), or writing what only this tool's lists judge (the name of a ministry abolished or
renamed since); the rule named must report it as a warning, and nothing is an error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.core import rules
from generator.core.findings import ERROR

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
ALLOWED = sorted((CORPUS / "allowed").glob("*.json"))
FORBIDDEN = sorted((CORPUS / "forbidden").glob("*.json"))
WARNED = sorted((CORPUS / "warned").glob("*.json"))


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _describe(findings) -> str:
    return "\n".join(f"{f.severity} {f.rule}: {f.zh} / {f.en}" for f in findings) or "(no findings)"


def test_corpus_sizes():
    assert len(ALLOWED) >= 40, len(ALLOWED)
    assert len(FORBIDDEN) >= 20, len(FORBIDDEN)


@pytest.mark.parametrize("path", ALLOWED + FORBIDDEN + WARNED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_corpus_files_are_version_1_drafts_of_the_2025_edition(path):
    draft = _read(path)
    assert draft["format"] == "knowledge-update-application"
    assert draft["version"] == 1 and draft["edition"] == 2025
    assert draft["form"] in ("national", "provincial")
    assert isinstance(draft["data"], dict) and draft["data"]


@pytest.mark.parametrize("path", ALLOWED, ids=lambda p: p.stem)
def test_allowed_application_has_no_error(path):
    found = rules.validate(_read(path))
    errors = [f for f in found if f.severity == ERROR]
    assert not errors, f"{path.name}:\n{_describe(errors)}"


def _expected_rule(path: Path) -> str:
    rule_id, sep, description = path.stem.partition("--")
    assert sep and rule_id and description, f"{path.name}: name it <rule-id>--<description>.json"
    return rule_id


@pytest.mark.parametrize("path", FORBIDDEN, ids=lambda p: p.stem)
def test_forbidden_application_gets_the_named_error(path):
    rule_id = _expected_rule(path)
    found = rules.validate(_read(path))
    assert "check.failed" not in {f.rule for f in found}, f"{path.name}:\n{_describe(found)}"
    errors = {f.rule for f in found if f.severity == ERROR}
    assert rule_id in errors, f"{path.name}: expected error {rule_id}, found:\n{_describe(found)}"


@pytest.mark.parametrize("path", WARNED, ids=lambda p: p.stem)
def test_what_the_notice_does_not_bind_is_a_warning_and_no_error(path):
    rule_id = _expected_rule(path)
    found = rules.validate(_read(path))
    assert not [f for f in found if f.severity == ERROR], f"{path.name}:\n{_describe(found)}"
    assert rule_id in {f.rule for f in found}, f"{path.name}: expected warning {rule_id}, found:\n{_describe(found)}"
