"""Checks across a batch, and 附件3 built from applications and from an earlier 附件3."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from openpyxl import load_workbook

from conftest import EXAMPLES, application, changed, cli, load
from generator.adapters import web
from generator.core import batch
from generator.io import inputs, xlsx


def items(*drafts_or_rows):
    return [inputs.Input(f"f{i}.json", draft=d) for i, d in enumerate(drafts_or_rows)]


def rules_of(result):
    return [f.rule for f in result.findings]


def test_a_clean_batch_of_two_different_courses_has_no_batch_findings():
    nat = load("national-valid.json")
    other = changed(nat, project_name="第二个研修班（示例）", host_name="另一所示例学院（虚构单位）")
    assert rules_of(batch.check(items(nat, other))) == []


def test_the_same_course_twice_is_a_warning_naming_both_files():
    nat = load("national-valid.json")
    result = batch.check(items(nat, changed(nat, project_name=" 人工智能赋能智能制造高级研修班（示例） ")))
    (finding,) = result.findings
    assert finding.rule == "batch.duplicate" and finding.severity == "warning"  # 无需重复申报 is no prohibition
    assert "f0.json" in finding.zh and "f1.json" in finding.zh
    assert "f0.json" in finding.en and "f1.json" in finding.en  # each language lists the files, not only the first to read them


def test_one_host_with_several_courses_is_shown_as_a_warning():
    nat = load("national-valid.json")
    result = batch.check(items(nat, changed(nat, project_name="第二个研修班（示例）")))
    assert rules_of(result) == ["batch.same_host"]


def test_national_and_provincial_in_one_batch_are_allowed_and_shown():
    result = batch.check(items(load("national-valid.json"), load("provincial-valid.json")))
    assert rules_of(result) == ["batch.mixed_levels"]
    assert result.findings[0].severity == "warning"


def test_a_row_without_any_phone_is_an_error():
    nat = changed(load("national-valid.json"), host_phone=None, host_mobile=None)
    result = batch.check(items(nat))
    assert "batch.no_phone" in rules_of(result)


def test_order_by_form_puts_national_first_and_keeps_the_rest_in_order():
    prov, nat = load("provincial-valid.json"), load("national-valid.json")
    result = batch.check(items(prov, nat, changed(prov, project_name="省级二（示例）", host_name="乙单位（虚构）")))
    ordered = batch.order_by_form(result.entries)
    assert [e.source for e in ordered] == ["f1.json", "f0.json", "f2.json"]


def test_an_earlier_附件3_is_extended_with_new_applications(tmp_path):
    old = xlsx.write_summary([application(load("provincial-valid.json")).summary_row()], unit="示例部门（虚构）")
    (tmp_path / "旧附件3.xlsx").write_bytes(old)
    (tmp_path / "new.json").write_text(json.dumps(load("national-valid.json"), ensure_ascii=False), encoding="utf-8")
    result = batch.check(inputs.read_paths([str(tmp_path / "旧附件3.xlsx"), str(tmp_path / "new.json")]))
    assert [e.row is not None for e in result.entries] == [True, False]
    ws = load_workbook(io.BytesIO(xlsx.write_summary(result.rows()))).active
    assert [ws["A6"].value, ws["B6"].value] == [1, "海洋装备绿色低碳技术高级研修班（示例）"]
    assert [ws["A7"].value, ws["B7"].value] == [2, "人工智能赋能智能制造高级研修班（示例）"]


def test_the_review_sheet_lists_each_applications_findings():
    result = batch.check(
        inputs.read_paths(
            [str(EXAMPLES / "invalid" / "trainees.minimum--provincial-course-for-25-trainees.json"), str(EXAMPLES / "national-valid.json")]
        )
    )
    data = xlsx.write_summary(result.rows(), review=result)
    sheet = load_workbook(io.BytesIO(data))["审核记录"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]  # after the batch's own row
    assert rows[0][3] == "trainees.minimum" and rows[0][2] == "错误"
    assert rows[1][5] == "没有发现问题"


def test_the_review_sheet_keeps_the_batchs_own_findings_before_every_files():
    """A 填表日期 after the national deadline and a batch of both levels are on record under 本批, with their level,
    rule, message and clause, as the desk showed them before the download; each file's rows follow."""
    paths = [str(EXAMPLES / "national-valid.json"), str(EXAMPLES / "provincial-valid.json")]
    result = batch.check(inputs.read_paths(paths), dt.date(2025, 2, 18))
    assert {f.rule for f in result.findings} >= {"batch.deadline", "batch.mixed_levels"}
    sheet = load_workbook(io.BytesIO(xlsx.write_summary(result.rows(), review=result)))["审核记录"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    own = [row for row in rows if row[1] == "本批（全部文件）"]
    assert len(own) == len(result.findings) and rows[: len(own)] == own  # the batch's section comes first
    by_rule = {row[3]: row for row in own}
    deadline = by_rule["batch.deadline"]
    assert deadline[0] is None and deadline[2] == "错误" and "2025年2月18日" in deadline[5] and deadline[6]
    assert by_rule["batch.mixed_levels"][2] == "提醒"
    assert [row[0] for row in rows[len(own) :]] == ["1", "2"]
    assert [row[5] for row in rows[len(own) :]] == ["没有发现问题", "没有发现问题"]


def test_a_batch_without_findings_of_its_own_says_so_in_the_review_sheet():
    result = batch.check(inputs.read_paths([str(EXAMPLES / "national-valid.json")]), dt.date(2025, 1, 10))
    assert result.findings == []
    sheet = load_workbook(io.BytesIO(xlsx.write_summary(result.rows(), review=result)))["审核记录"]
    assert [c.value for c in sheet[2]][1:6:4] == ["本批（全部文件）", "没有发现问题"]


def test_a_file_that_could_not_be_read_is_on_record_in_the_review_sheet_and_counted(tmp_path):
    """The department keeps a record of every submission: an empty file is a row of 审核记录 with its reason."""
    (tmp_path / "空文件.xlsx").write_bytes(b"")
    (tmp_path / "good.json").write_text(json.dumps(load("national-valid.json"), ensure_ascii=False), encoding="utf-8")
    result = batch.check(inputs.read_paths([str(tmp_path / "空文件.xlsx"), str(tmp_path / "good.json")]))
    counted = [f for f in result.findings if f.rule == "batch.unreadable"]
    assert len(counted) == 1 and "空文件.xlsx" in counted[0].zh and counted[0].params["n"] == 1
    assert "空文件.xlsx" in counted[0].en
    sheet = load_workbook(io.BytesIO(xlsx.write_summary(result.rows(), review=result)))["审核记录"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2) if row[1].value != "本批（全部文件）"]
    assert rows[0][1].endswith("空文件.xlsx") and rows[0][2] == "无法读取" and "文件是空的" in rows[0][5]
    assert rows[1][1].endswith("good.json")
    for r in range(2, sheet.max_row + 1):  # each row tall enough for its wrapped message (LibreOffice keeps the height)
        message = sheet.cell(row=r, column=6).value or ""
        assert sheet.row_dimensions[r].height >= 15 * (len(message) * 2 // 60 + 1) * 0.8


def _cli_batch_findings(output: str) -> list[tuple[str, str]]:
    """(rule, message) of each finding the command line printed under 本批 (the batch as a whole)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("本批: "))
    found: list[tuple[str, str]] = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        if line.startswith("      "):
            found[-1] = (found[-1][0], found[-1][1] + line.strip())
        else:
            found.append((line.split()[2], ""))  # "  提醒  field  rule [clause]"
    return found


def test_the_command_line_and_the_desk_give_the_same_batch_findings_in_any_order(tmp_path):
    """The same files give the same findings across the batch on the command line and on the desk, whatever order
    they are handed in: the files each finding names, the course it names first, the year of the batch."""
    nat, prov = load("national-valid.json"), load("provincial-valid.json")
    # a provincial course of the national one's host: the desk (national first) and the input order list them apart
    no_phone = changed(prov, project_name="第三个研修班（示例）", host_name=nat["data"]["host_name"], host_phone=None, host_mobile=None)
    files = {
        "b-copy.json": json.dumps(nat, ensure_ascii=False).encode(),
        "a-copy.json": json.dumps(changed(nat, project_name=" " + nat["data"]["project_name"]), ensure_ascii=False).encode(),
        "c.json": json.dumps(prov, ensure_ascii=False).encode(),
        "d.json": json.dumps(no_phone, ensure_ascii=False).encode(),
        "z-broken.json": b"{not json",
        "y-broken.json": b"[]",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    names = list(files)
    orders = [names, names[::-1], names[2:] + names[:2], [names[i] for i in (3, 0, 5, 2, 4, 1)]]
    seen_cli, seen_desk = set(), set()
    for order in orders:
        printed = cli("summary", *order, "--date", "2025-01-10", "--lang", "zh", "-o", "out.xlsx", cwd=tmp_path)
        from_cli = _cli_batch_findings(printed.stdout)
        items = [{"id": n, **item} for n, item in enumerate(web.read_files([{"name": name, "bytes": files[name]} for name in order]))]
        desk = web.check_batch(json.dumps({"items": items, "order": "form", "date": "2025-01-10"}, ensure_ascii=False))
        from_desk = [(f["rule"], f["message"]["zh"]) for f in desk["batch"]]
        assert from_cli == from_desk, order
        seen_cli.add(tuple(from_cli))
        seen_desk.add(tuple(from_desk))
    assert len(seen_cli) == len(seen_desk) == 1
    rules_found = {rule for rule, _ in from_cli}
    assert {"batch.duplicate", "batch.unreadable", "batch.no_phone", "batch.same_host"} <= rules_found, rules_found


def test_the_command_line_keeps_the_batchs_findings_in_the_review_record_of_both_formats(tmp_path):
    """`summary --review` writes 审核记录 with the batch's own findings, in Excel and in Word alike."""
    paths = [EXAMPLES / "national-valid.json", EXAMPLES / "provincial-valid.json"]
    for out in (tmp_path / "附件3.xlsx", tmp_path / "附件3.docx"):
        result = cli("summary", *paths, "--date", "2025-02-18", "--review", "--force", "-o", out)
        assert result.returncode == 1 and out.exists(), result.stdout  # the late 填表日期 is an error, written anyway
    sheet = load_workbook(tmp_path / "附件3.xlsx")["审核记录"]
    assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1] == "本批（全部文件）"} >= {
        "batch.deadline",
        "batch.mixed_levels",
    }
    document = zipfile.ZipFile(tmp_path / "附件3.docx").read("word/document.xml").decode()
    assert "审核记录" in document and "batch.deadline" in document and "batch.mixed_levels" in document


def test_batch_messages_count_in_plain_english_and_claim_nothing_the_notice_does_not(tmp_path):
    """One unreadable file is “1 file … gives”, a late 附件3 names how many of that level it lists; mixing levels is
    not said to be allowed (the notice says nothing of it), only that it does not ask for them apart."""
    (tmp_path / "空文件.xlsx").write_bytes(b"")
    nat, prov = load("national-valid.json"), load("provincial-valid.json")
    (tmp_path / "n.json").write_text(json.dumps(nat, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "p.json").write_text(json.dumps(prov, ensure_ascii=False), encoding="utf-8")
    paths = [str(tmp_path / name) for name in ("空文件.xlsx", "n.json", "p.json")]
    found = {f.rule: f for f in batch.check(inputs.read_paths(paths), dt.date(2025, 2, 1)).findings}
    assert found["batch.unreadable"].en.startswith("1 file of this batch could not be read and gives no row of 附件3:")
    assert "yet lists 1 application of that level:" in found["batch.deadline"].en
    assert "通知没有要求分开汇总" in found["batch.mixed_levels"].zh and "可以" not in found["batch.mixed_levels"].zh
    assert "does not ask for them to be summarised apart" in found["batch.mixed_levels"].en
