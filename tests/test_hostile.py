"""A corpus of hostile inputs, each through the checker, the Excel and Word writers and readers, and the CLI:
the right finding or a clear message, no crash, formulas stay text, markup stays text."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from conftest import ROOT, application, changed, load
from generator.core import drafts, rules
from generator.core.findings import ReadError
from generator.io import docx, inputs, xlsx

NAT = "national-valid.json"
BIG = "研" * 20_000

# (name, field, value, a rule that must fire or None): hostile values in every kind of field.
VALUES = [
    ("formula-equals", "project_name", "=1+2", None),
    ("formula-plus", "venue", "+86 591 1234", None),
    ("formula-minus", "purpose", "-2+3", None),
    ("formula-at", "experts", "@SUM(A1)", None),
    ("formula-tab", "audience", "\t=cmd|' /C calc'!A0", None),
    ("formula-hyperlink", "host_address", '=HYPERLINK("http://example.invalid","点此")', None),
    ("script-tag", "project_name", "<script>alert(1)</script>", None),
    ("img-onerror", "purpose", '<img src=x onerror="alert(1)">', None),
    ("javascript-url", "host_name", "javascript:alert(1)", None),
    ("script-in-topic", "topics", {"digital": {"ticked": True, "text": "<script>alert(1)</script>"}}, None),
    ("script-in-phone", "host_phone", "<b>0591</b>", "phone.landline"),
    ("html-entities", "content", "&lt;主题报告&gt; &amp; 专题研讨", None),
    ("control-chars", "purpose", "第一行\x00\x01\x08第二行\x1f", "text.unstorable"),
    ("lone-surrogate", "experts", "专家\ud800名单", "text.unstorable"),
    ("bom-and-nul", "venue", "\ufeff福州\x00", "text.unstorable"),
    ("rtl-override", "host_contact", "王\u202e示例", None),
    ("twenty-thousand-chars", "purpose", BIG, None),
    ("emoji", "content", "主题报告 🎓📚 专题研讨", None),
    ("outside-bmp-cjk", "host_contact", "𠮷野家", None),
    ("full-width-phone", "host_phone", "０５９１－１２３４５６７８", None),  # a phone number written in full-width digits
    ("phone-with-spaces", "host_mobile", "138 0000 0000", None),
    ("impossible-date", "period", {"start": "2025-02-30", "end": "2025-03-02"}, "value.invalid"),
    ("slash-date", "period", {"start": "2025/9/1", "end": "2025/9/4"}, "value.invalid"),
    ("date-as-number", "declared_on", 20250110, "value.invalid"),
    ("trainees-negative", "trainees", -5, "value.invalid"),
    ("trainees-float", "trainees", 49.5, "value.invalid"),
    ("trainees-huge", "trainees", 10**30, "trainees.about"),
    ("trainees-bool", "trainees", True, "value.invalid"),
    ("choice-unknown", "funding", "bribe", "value.invalid"),
    ("topics-wrong-shape", "topics", ["strategy"], "value.invalid"),
    ("text-as-object", "project_name", {"zh": "名称"}, "value.invalid"),
    ("newline-only", "project_name", "\n\r\n", "cell.empty"),  # blank is empty (on 附件1 a warning)
    ("cr-line-ends", "purpose", "一\r二\r\n三", None),
]

# Whole drafts that are not what they claim (a clear message, never a crash).
DRAFTS = [
    ("newer-version", {**load(NAT), "version": 2}, "draft.envelope"),
    ("unknown-version", {**load(NAT), "version": -1}, "draft.envelope"),
    ("version-a-string", {**load(NAT), "version": "2"}, "draft.envelope"),
    ("not-an-object", ["form", "national"], "draft.envelope"),
    ("a-string", "national", "draft.envelope"),
    ("null", None, "draft.envelope"),
    ("other-format", {**load(NAT), "format": "something-else"}, "draft.envelope"),
    ("no-form", {k: v for k, v in load(NAT).items() if k != "form"}, "draft.envelope"),
    ("data-a-list", {**load(NAT), "data": [1, 2]}, "draft.envelope"),
    ("edition-1999", {**load(NAT), "edition": 1999}, "draft.envelope"),
    ("unknown-fields", {**load(NAT), "data": {**load(NAT)["data"], "__proto__": "x", "evil": "<script>"}}, "value.unknown"),
]


@pytest.mark.parametrize(("name", "field", "value", "rule"), VALUES, ids=[v[0] for v in VALUES])
def test_hostile_value_is_checked_written_and_read_back_as_plain_text(name, field, value, rule, tmp_path):
    draft = changed(load(NAT), **{field: value})
    found = rules.validate(draft)
    assert "check.failed" not in {f.rule for f in found}
    if rule:
        assert rule in {f.rule for f in found}, [f.rule for f in found]
    app = application(draft)
    data = xlsx.write_application(app)
    back = xlsx.read_application(data)
    ws = load_workbook(io.BytesIO(data)).active
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), "a value became a formula"
    if isinstance(value, str) and not drafts.UNSTORABLE.search(value) and app.get(field) is not None:
        assert back["data"].get(field) == app.get(field)
    word = docx.write_application(app)
    document = zipfile.ZipFile(io.BytesIO(word)).read("word/document.xml").decode("utf-8")
    assert "<script" not in document and "<img" not in document  # markup is escaped, never XML


def test_an_older_version_is_upgraded_not_refused():
    assert rules.validate({**load(NAT), "version": 0}) == []


def test_every_hostile_value_through_the_command_line(tmp_path):
    for name, field, value, _ in VALUES:  # ASCII JSON: lone surrogates travel as \\ud800
        (tmp_path / f"{name}.json").write_text(json.dumps(changed(load(NAT), **{field: value})), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(tmp_path), "--json"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    seen = {Path(entry["source"]).stem: {f["rule"] for f in entry["findings"]} for entry in json.loads(result.stdout)}
    assert set(seen) == {name for name, *_ in VALUES}
    for name, _field, _value, rule in VALUES:
        assert "check.failed" not in seen[name]
        assert rule is None or rule in seen[name], (name, seen[name])


@pytest.mark.parametrize(("name", "draft", "rule"), DRAFTS, ids=[d[0] for d in DRAFTS])
def test_a_draft_that_is_not_what_it_claims_gets_one_clear_message(name, draft, rule, tmp_path):
    found = rules.validate(draft)
    assert rule in {f.rule for f in found}
    assert all(f.zh and f.en for f in found)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(path), "--lang", "zh"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _other_workbook() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "另一个工具做的表"
    wb.active["A2"] = "=SUM(1,2)"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


FILES = [
    ("not-a-zip.xlsx", b"this is not a zip", "不是 .xlsx"),
    ("zip-not-workbook.xlsx", _zip({"readme.txt": b"hello"}), "不是 .xlsx"),
    ("other-tool.xlsx", _other_workbook(), "找不到附件1、附件2或附件3的表格"),  # searched by its labels, none found
    ("zip-bomb.xlsx", _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"0" * 150_000_000}), "解压后超过"),
    ("empty.json", b"", "文件是空的"),
    ("latin1.json", '{"a": "caf\xe9"}'.encode("latin-1"), "UTF-8"),
    ("truncated.json", b'{"format": "knowledge-update-application", "form": ', "不是本工具保存的 JSON 草稿"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "嵌套层数太多"),
    ("deep-in-a-field.json", b'{"form": "national", "data": {"venue": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}", "嵌套层数太多"),
]


@pytest.mark.parametrize(("name", "data", "message"), FILES, ids=[f[0] for f in FILES])
def test_a_file_that_is_not_an_application_gets_a_clear_message(name, data, message, tmp_path):
    (item,) = inputs.read(name, data)
    assert item.error is not None and message in item.error.zh and item.error.en
    path = tmp_path / name
    path.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(path), "--lang", "zh"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2 and message in result.stdout and "Traceback" not in result.stderr


def test_an_oversized_file_is_refused_with_a_clear_message():
    (item,) = inputs.read("huge.json", b" " * (inputs.MAX_BYTES + 1))
    assert "太大" in item.error.zh and "too large" in item.error.en


def test_reading_never_raises_anything_but_a_read_error():
    for _name, data, _ in FILES:
        try:
            xlsx.read_application(data)
        except ReadError:
            pass


def test_json_nested_just_within_the_limit_is_read_and_beyond_it_refused():
    assert drafts.load_json("[" * drafts.MAX_DEPTH + "]" * drafts.MAX_DEPTH) is not None
    assert drafts.load_json('{"a": "' + "[" * 1000 + '"}') == {"a": "[" * 1000}  # brackets in a string are text
    with pytest.raises(ReadError):
        drafts.load_json("[" * (drafts.MAX_DEPTH + 1) + "]" * (drafts.MAX_DEPTH + 1))
