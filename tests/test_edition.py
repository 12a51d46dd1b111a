"""The notice's facts are data: the 2025 values as issued, its text word for word, and a new year without code."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys

from conftest import ROOT, load
from generator.core import datafiles, editions

EDITION = ROOT / "generator" / "data" / "editions" / "2025"


def test_2025_facts_are_those_of_the_notice():
    e = editions.load(2025)
    assert e.number == "闽人社办〔2025〕7号"
    assert e.issued == dt.date(2025, 1, 13)
    assert e.levels["national"].deadline == dt.date(2025, 1, 16)
    assert e.levels["provincial"].deadline == dt.date(2025, 2, 20)
    assert e.finish_by == dt.date(2025, 11, 30)
    assert e.levels["national"].days == (5, 7) and e.levels["national"].trainees_about == 50
    assert e.levels["provincial"].days == (3, 5) and e.levels["provincial"].trainees_min == 30
    assert e.office["email"] == "zynljsc@rst.fujian.gov.cn" and e.office["postcode"] == "350001"
    assert e.office["phones"] == ["0591-87543855", "0591-87534777"]


def test_every_clause_quote_is_word_for_word_and_its_anchor_on_both_pages():
    e = editions.load(2025)
    source = re.sub(r"\s+", "", (EDITION / "notice-source.txt").read_text(encoding="utf-8"))
    zh = (EDITION / "notice.zh.md").read_text(encoding="utf-8")
    en = (EDITION / "notice.en.md").read_text(encoding="utf-8")
    for clause in e.clauses.values():
        for part in clause.quote.split("……"):
            assert part in source, (clause.key, part)
        assert re.search(rf"#{re.escape(clause.anchor)}\b", zh), clause.anchor
        assert re.search(rf"#{re.escape(clause.anchor)}\b", en), clause.anchor


def _plain(markdown: str) -> str:
    text = re.sub(r"\{:?\s*#[\w-]+\s*\}", "", markdown)
    text = re.sub(r"<!--.*?-->", "", text)
    text = text.replace("\\.", ".").replace("#", "")
    return re.sub(r"\s+", "", text)


def test_chinese_notice_is_the_source_word_for_word():
    source = (EDITION / "notice-source.txt").read_text(encoding="utf-8")
    body, _, rest = source.partition("（此件主动公开）")
    instructions = rest[rest.index("填表说明") :]
    expected = re.sub(r"\s+|#|^-", "", body.replace("- 附件：", "附件：")) + "（此件主动公开）"
    zh = _plain((EDITION / "notice.zh.md").read_text(encoding="utf-8"))
    head, _, tail = zh.partition("（此件主动公开）")
    assert head + "（此件主动公开）" == expected
    assert tail.endswith(re.sub(r"\s+|#", "", instructions))


def test_english_notice_is_marked_unofficial_with_the_chinese_prevailing():
    en = (EDITION / "notice.en.md").read_text(encoding="utf-8")
    assert en.startswith('!!! warning "Unofficial translation"')
    assert "Chinese text prevails" in en


def test_a_new_year_is_a_new_data_file_not_a_code_change(tmp_path):
    package = tmp_path / "generator"
    shutil.copytree(ROOT / "generator", package, ignore=shutil.ignore_patterns("__pycache__"))
    edition = (EDITION / "edition.toml").read_text(encoding="utf-8")
    edition = edition.replace("year = 2025", "year = 2026").replace("2025-", "2026-").replace("2025", "2026")
    edition = edition.replace("trainees_min = 30", "trainees_min = 40")
    (package / "data" / "editions" / "2026").mkdir()
    (package / "data" / "editions" / "2026" / "edition.toml").write_text(edition, encoding="utf-8")
    (package / "data" / "editions" / "2026" / "forms.toml").write_text("extends = 2025  # the forms did not change\n", encoding="utf-8")

    draft = load("provincial-valid.json")
    draft["edition"] = 2026
    draft["data"]["period"] = {"start": "2026-09-16", "end": "2026-09-19"}
    draft["data"]["declared_on"] = "2026-02-10"
    draft["data"]["trainees"] = 35
    (tmp_path / "d.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "d.json", "--lang", "zh"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "不少于40人，现计划35人" in result.stdout
    assert "2025" not in result.stdout


def test_data_files_are_read_from_the_package_not_from_outside():
    assert datafiles.on_disk().is_relative_to(ROOT / "generator")
    for path in (ROOT / "generator").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "work/shared" not in text, path


def test_a_later_editions_forms_write_only_what_changes():
    """extends: a relabelled field keeps its other keys, a new field goes where it is put, a removed one is gone."""
    from generator.core import forms

    base = forms.definitions(2025)
    later = forms.extend(
        base,
        {
            "extends": 2025,
            "removed": ["applicant_fax"],
            "forms": {"provincial": {"zh": "省级高级研修项目申报表（新）"}},
            "fields": [
                {"id": "project_name", "zh": "研修项目名称"},
                {
                    "id": "online_share",
                    "after": "venue",
                    "zh": "线上研修占比",
                    "en": "Share taught online",
                    "type": "text",
                    "forms": ["national"],
                },
            ],
        },
    )
    ids = [f["id"] for f in later["fields"]]
    assert "applicant_fax" in [f["id"] for f in base["fields"]] and "applicant_fax" not in ids
    assert ids[ids.index("venue") + 1] == "online_share"
    renamed = next(f for f in later["fields"] if f["id"] == "project_name")
    assert renamed["zh"] == "研修项目名称" and renamed["type"] == next(f for f in base["fields"] if f["id"] == "project_name")["type"]
    assert later["forms"]["provincial"]["zh"].endswith("（新）") and later["forms"]["provincial"]["attachment"] == 2
    assert later["forms"]["national"] == base["forms"]["national"]
