"""Reference data: the sets as recorded, and loading the official catalogue (a field outside it is a warning, domain.official)."""

from __future__ import annotations

import re
import shutil

import pytest
from openpyxl import Workbook

from conftest import changed, cli, load
from generator.core import datafiles, reference, rules

OFFICIAL = datafiles.on_disk("reference") / "catalogue-official.csv"


@pytest.fixture
def official_catalogue_slot(tmp_path):
    """Let a test load an official catalogue, and put back whatever was there before."""
    backup = tmp_path / "backup.csv"
    if OFFICIAL.exists():
        shutil.copy(OFFICIAL, backup)
    reference.clear_cache()
    yield OFFICIAL
    OFFICIAL.unlink(missing_ok=True)
    if backup.exists():
        shutil.copy(backup, OFFICIAL)
    reference.clear_cache()


run = cli  # in this process; tests/test_cli.py runs the real command too


def test_no_set_claims_to_be_the_official_222_list():
    for ref in reference.sets().values():
        if ref.status == "official":
            assert ref.id == reference.OFFICIAL
        else:
            assert "222" not in ref.name.en or "Not the 222" in ref.note.en or "not" in ref.note.en.lower(), ref.id


def test_each_set_records_its_source_and_status():
    for ref in reference.sets().values():
        assert ref.source.zh and ref.source.en and ref.status in {"official", "sourced", "partial", "unverified"}


def test_suggestions_come_from_the_sourced_sets_until_the_official_one_is_loaded():
    names = reference.suggestions("catalogue")
    assert "新一代信息技术" in names and "工程技术人员" in names
    assert "教育部" in reference.suggestions("ministries")


def test_xlsx_import_with_merged_department_cells(official_catalogue_slot, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["专业技术人员继续教育专业科目目录（虚构测试数据）"])
    ws.append(["序号", "省级行业主管部门", "专业技术领域"])
    ws.append([1, "省示例厅", "示例领域甲"])
    ws.append([2, None, "示例领域乙"])
    ws.append([3, "省样本局", "示例领域丙"])
    source = tmp_path / "目录.xlsx"
    wb.save(source)

    result = run("catalogue", "import", str(source), "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Loaded 3 fields" in result.stdout
    rows = reference.parse_catalogue(source.name, source.read_bytes())
    assert [r["department"] for r in rows] == ["省示例厅", "省示例厅", "省样本局"]

    reference.clear_cache()
    found = rules.validate(changed(load("national-valid.json"), domain="智能制造"))
    assert [f.rule for f in found] == ["domain.official"]
    assert [f.severity for f in found] == ["warning"]  # the notice says 参考 (refer to) the catalogue: not binding
    assert rules.validate(changed(load("national-valid.json"), domain="示例领域乙")) == []
    assert reference.suggestions("catalogue") == ["示例领域甲", "示例领域乙", "示例领域丙"]


def test_gbk_csv_as_excel_saves_it_imports(official_catalogue_slot, tmp_path):
    source = tmp_path / "catalogue.csv"
    source.write_bytes("专业技术领域,行业主管部门\n示例领域丁,省示例厅\n".encode("gb18030"))
    result = run("catalogue", "import", str(source))
    assert result.returncode == 0
    reference.clear_cache()
    assert reference.official_catalogue().names == ("示例领域丁",)
    # what the command says a field outside it becomes is domain.official's severity, a warning, in both languages
    assert rules.RULE["domain.official"].severity == "warning"
    assert "提醒" in result.stdout and "错误" not in result.stdout
    assert "warning" in result.stdout and "error" not in result.stdout


def test_a_file_without_a_field_column_is_refused_in_both_languages(official_catalogue_slot, tmp_path):
    source = tmp_path / "wrong.csv"
    source.write_text("名称,电话\n甲,1\n", encoding="utf-8")
    result = run("catalogue", "import", str(source))
    assert result.returncode == 2
    assert "领域" in result.stdout and "header column" in result.stdout
    assert not OFFICIAL.exists()


def _abbreviates(short: str, name: str) -> bool:
    """Whether `short` can be read as a short form of `name`: its characters in the same order (国信办, 国家互联网信息办公室)."""
    rest = iter(name)
    return all(char in rest for char in short)


def test_no_short_name_of_a_former_body_may_mean_a_current_one():
    """国信办 was listed for the abolished 国务院信息化工作办公室, but people also use it for 国家互联网信息办公室: a short
    name that can be read as a current body's (other than the one that took over) is left out, else it is a false error."""
    current = [row for ref in reference.of_kind("ministries") for row in ref.rows]
    ambiguous = []
    for ref in reference.of_kind("former"):
        for row in ref.rows:
            shorts = {row.get("short", ""), *(row.get("aliases") or "").split("、")} - {"", row["name"]}
            for short in shorts:
                for body in current:
                    names = filter(None, [body["name"], body.get("full_name"), body.get("short"), *(body.get("aliases") or "").split("、")])
                    if body["name"] != row["successor"] and any(_abbreviates(short, name) for name in names):
                        ambiguous.append((row["name"], short, body["name"]))
    assert not ambiguous
    found = rules.validate(changed(load("national-valid.json"), ministry="国信办"))
    assert not [f for f in found if f.rule == "ministry.former" or f.severity == "error"], [f.zh for f in found]


def _grade(source: str) -> str:
    """sets.toml's confidence rule for one row: medium where copies on two different sites agree, else low."""
    sites = {re.sub(r"^www\.", "", host) for host in re.findall(r"https?://([^/\s;,)]+)", source)}
    if "general knowledge" in source:
        return "low"
    return "medium" if len(sites) >= 2 else "low"


def test_each_row_is_graded_by_the_sets_own_confidence_rule():
    graded = [ref for ref in reference.sets().values() if ref.rows and "source" in ref.rows[0]]
    assert {ref.id for ref in graded} >= {"ministries", "former_ministries", "title_series_2021"}
    for ref in graded:
        assert not ref.confidence, f"{ref.id} grades its rows; a grade of its own in sets.toml would contradict them"
        wrong = [(row["name"], row["confidence"], _grade(row["source"])) for row in ref.rows if row["confidence"] != _grade(row["source"])]
        assert not wrong, f"{ref.id}: rows graded against the rule (name, given, by the rule): {wrong[:5]}"
    # A list on one forum repost is not "medium" (the 2021 title series rests on bbs.douf.net alone).
    assert set(reference.sets()["title_series_2021"].grades()) == set(reference.GRADES)
    assert reference.sets()["title_series_2021"].grades()["medium"] == 0


def test_the_catalogue_page_says_how_many_rows_have_each_grade():
    from generator.site import pages

    ministries = reference.sets()["ministries"]
    grades = ministries.grades()
    zh, en = pages.catalogue("zh"), pages.catalogue("en")
    assert f"中 {grades['medium']} 条、低 {grades['low']} 条" in zh
    assert f"medium: {grades['medium']} rows, low: {grades['low']} rows" in en
    assert "中，两个以上不同网站的转载相互印证" in zh
    assert "| 可信度 |" in zh and "| Confidence |" in en
