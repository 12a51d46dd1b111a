"""The receiving office (issue 29): a round's files read, each 附件3 row matched to its application, the lists, the
figures (SVG charts with their tables, native Excel charts), the master workbook read back with openpyxl, national
applications carried to 附件2, and the `intake` / `transfer` commands with their exit statuses."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
import rounds

from conftest import cli
from generator.adapters import web
from generator.core import drafts, intake
from generator.io import inputs, xlsx


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One fictitious round with every case the office's lists name."""
    return rounds.write(tmp_path_factory.mktemp("round"), rounds.make())


@pytest.fixture(scope="module")
def received(folder: Path) -> intake.Round:
    return intake.reconcile(inputs.read_paths([str(folder)]))


def _texts(done: intake.Round, list_id: str, lang: str = "zh") -> list[str]:
    return next(x for x in intake.lists(done) if x["id"] == list_id)["items"] and [
        item["text"][lang] for item in next(x for x in intake.lists(done) if x["id"] == list_id)["items"]
    ]


def test_a_row_without_its_application_is_listed_with_its_department(received, folder):
    summary = folder / rounds.department(1) / "附件3.xlsx"
    assert _texts(received, "rows_without") == [
        f"{rounds.department(1)}（{summary}）：“示例无申报表的研修班（虚构）”（示例无名学院（虚构单位））"
    ]


def test_an_application_no_summary_lists_is_listed(received):
    (text,) = _texts(received, "unlisted", "en")
    assert text.startswith("“示例99-1专题高级研修班（虚构）” (示例99-1职业技术学院（虚构单位）), ") and text.endswith("unlisted.json")


def test_a_course_two_departments_send_is_matched_despite_spacing_and_bracket_width(received):
    """Department 1 typed department 2's course spaced out and with half-width brackets: still the same course."""
    (key, departments, same), *_ = received.duplicates
    assert departments == [rounds.department(1), rounds.department(2)] and len(same) == 1
    assert same[0].app.get("project_name") == "示例2-1专题高级研修班（虚构）"
    assert received.duplicates == [(key, departments, same)]


def test_a_summary_dated_after_the_deadlines_is_listed_per_level(received, folder):
    summary = folder / rounds.department(3) / "附件3.xlsx"
    assert _texts(received, "late") == [
        f"{rounds.department(3)}（{summary}）填表日期为2025年3月3日，晚于国家级项目截止日期2025年1月16日，列有2个国家级项目",
        f"{rounds.department(3)}（{summary}）填表日期为2025年3月3日，晚于省级项目截止日期2025年2月20日，列有2个省级项目",
    ]


def test_an_application_of_another_year_is_listed(received):
    (text,) = _texts(received, "other_edition")
    assert "“示例98-1专题高级研修班（虚构）”" in text and "是2024年通知的申报表，本轮为2025年" in text


def test_every_application_is_checked_as_on_the_desk(folder):
    """A provincial course for 25 trainees gets the rule's error, as `validate` gives it."""
    path = folder / rounds.department(1) / "002.json"
    draft = json.loads(path.read_text(encoding="utf-8"))
    draft["data"]["trainees"] = 25
    path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    try:
        done = intake.reconcile(inputs.read_paths([str(folder)]))
        (wrong,) = [f for f in done.filed if f.errors]
        assert [x.rule for x in wrong.entry.findings if x.severity == "error"] == ["trainees.minimum"]
        errors = next(f for f in intake.figures(done) if f.id == "errors")
        assert errors.title["zh"] == "有错误的申报项目占8%" and errors.rows[0][1] == 1
    finally:
        draft["data"]["trainees"] = 40
        path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")


def test_a_summary_typed_by_hand_gives_its_department_and_date():
    """附件3 made in Excel by hand: the date in the cell beside its label, the unit after the colon."""
    import handmade

    data, _ = handmade.openpyxl_summary()
    done = intake.reconcile(inputs.read("手填附件3.xlsx", data))
    (listing,) = done.listings
    assert (listing.unit, listing.date.isoformat(), len(listing.rows)) == ("示例市人社局（虚构）", "2025-02-15", 2)
    assert len(done.rows_without) == 2


def test_figures_count_level_department_topic_field_city_and_trainees(received):
    figures = {f.id: {label["zh"]: value for label, value in f.rows} for f in intake.figures(received)}
    assert figures["level"] == {"国家级": 7, "省级": 6}
    assert figures["department"] == {rounds.department(1): 5, rounds.department(2): 4, rounds.department(3): 4, "未列入任何附件3": 1}
    assert figures["city"] == {"福州": 4, "厦门": 3, "泉州": 3, "未能识别": 3}
    assert figures["trainees"] == {"国家级": 7 * 50, "省级": 6 * 40}
    assert sum(figures["domain"].values()) == 13 and figures["errors"] == {"有错误": 0, "无错误": 13}
    assert intake.city("平潭综合实验区示例基地") == "平潭" and intake.city("福建省（虚构）示例中心") is None


def test_the_figures_html_draws_each_chart_with_its_table_and_escapes_what_was_typed(tmp_path):
    files = rounds.make(2, 2, cases=False)
    files["示例第1主管部门（虚构）/附件3.xlsx"] = xlsx.write_summary(
        [drafts.application(rounds.application(1, 1)).summary_row()], unit="<b>示例</b>部门（虚构）", date=rounds.BEFORE
    )
    items = [{"name": n, "bytes": b} for n, b in files.items()]
    shown = web.office_round(json.dumps({"items": web.read_files(items), "lang": "en"}, ensure_ascii=False))
    html = shown["figures_html"]
    assert html.count('<svg role="img"') == html.count("<table>") == len(shown["figures"]) == 7
    assert '<svg role="img" aria-label="Applications by level: National 2, Provincial 2"' in html
    assert "<title>Applications by city of the venue: Quanzhou 1, Fuzhou 1, Not recognised 2</title>" in html
    assert "&lt;b&gt;示例&lt;/b&gt;部门（虚构）" in html and "<b>示例</b>" not in html
    level = re.search(r'data-figure="level".*?<tbody>(.*?)</tbody>', html).group(1)
    assert level == '<tr><th scope="row">National</th><td>2</td></tr><tr><th scope="row">Provincial</th><td>2</td></tr>'


def _round_json(folder: Path, choices: dict[str, str], lang: str = "zh") -> str:
    files = [{"name": str(p.relative_to(folder)), "bytes": p.read_bytes()} for p in inputs.expand([str(folder)])]
    return json.dumps({"items": web.read_files(files), "choices": choices, "lang": lang}, ensure_ascii=False)


def test_the_master_workbook_holds_every_application_the_lists_and_native_charts(folder, received):
    national, provincial = (intake.match_key(f"示例1-{i}专题高级研修班（虚构）", f"示例1-{i}职业技术学院（虚构单位）") for i in (1, 2))
    shown = web.answer("export_round", [_round_json(folder, {national: "national", provincial: "provincial"})])["value"]
    assert shown["name"] == "2025年高级研修项目受理工作清单.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(shown["bytes"]))
    assert wb.sheetnames == ["全部申报", "推荐国家级", "列入省级计划", "核对", "统计"]
    for ws in wb:
        assert (
            ws["A1"].value.startswith("本工作簿是省人社厅职业能力建设处受理申报的工作清单") and "不是通知规定的表格格式" in ws["A1"].value
        )
    every = wb["全部申报"]
    head = [c.value for c in every[2]]
    assert (
        head[:4] == ["报送部门", "文件", "级别", "年度"]
        and "项目名称" in head
        and "申报项目类别（仅单选）" in head
        and "省直主管单位或设区市人社部门审核意见" in head
    )
    assert every.max_row == 2 + 13
    by_title = {r[head.index("项目名称")]: r for r in every.iter_rows(min_row=3, values_only=True)}
    first = by_title["示例1-1专题高级研修班（虚构）"]
    assert (first[0], first[head.index("办班地点")], first[head.index("申报项目类别（仅单选）")]) == (
        rounds.department(1),
        "泉州市示例培训基地（虚构）",
        "自筹经费项目",
    )
    assert by_title["示例2-1专题高级研修班（虚构）"][0] == f"{rounds.department(1)}、{rounds.department(2)}"
    chosen = [
        (r[head.index("匹配依据")], r[head.index("处理意见")])
        for r in every.iter_rows(min_row=3, values_only=True)
        if r[head.index("处理意见")]
    ]
    assert sorted(chosen) == sorted([(national, "推荐国家级"), (provincial, "列入省级计划")])
    assert [r[head.index("匹配依据")] for r in wb["推荐国家级"].iter_rows(min_row=3, values_only=True)] == [national]
    reconciliation = [c.value for c in wb["核对"]["B"] if c.value]
    assert any("示例无申报表的研修班（虚构）" in v for v in reconciliation)
    figures = wb["统计"]
    assert len(figures._charts) == 7
    assert [figures.cell(r, 1).value for r in (3, 4, 5)] == ["按级别的申报项目数", "类别", "国家级"] and figures["B5"].value == 7


def test_a_national_application_not_selected_becomes_a_provincial_form(folder, received):
    key = intake.match_key("示例1-1专题高级研修班（虚构）", "示例1-1职业技术学院（虚构单位）")
    moved = web.transfer(_round_json(folder, {}), key, "xlsx")
    assert moved["name"].startswith("附件2-") and moved["name"].endswith("示例1-1专题高级研修班（虚构）.xlsx")
    back = drafts.application(xlsx.read_application(moved["bytes"]))
    original = next(f for f in received.filed if f.key == key).app
    assert back.form.id == "provincial"
    for field in ("project_name", "venue", "domain", "trainees", "host_name", "host_phone", "base", "topics", "content"):
        assert back.get(field) == original.get(field), field
    assert back.get("declarant") is None and back.get("declared_on") is None
    assert [x["zh"] for x in moved["to_complete"]] == ["“申报单位”", "“申报时间”", "“省直主管单位或设区市人社部门审核意见”"]
    assert [x["zh"] for x in moved["dropped"]] == ["“申报项目类别（仅单选）”", "“自筹经费来源”"]
    assert [f["rule"] for f in moved["findings"] if f["severity"] == "error"] == ["required", "required"]
    draft = json.loads(web.transfer(_round_json(folder, {}), key, "json")["bytes"])
    assert draft["form"] == "provincial" and "funding" not in draft["data"]
    said = web.answer("transfer", [_round_json(folder, {}), "不存在|的项目", "xlsx"])
    assert said["ok"] is False and said["error"]["zh"].startswith("本轮收到的文件中没有这份申报表")


def test_the_transferred_form_opens_in_libreoffice(folder, received, tmp_path):
    from test_office import to_pdf

    key = intake.match_key("示例1-1专题高级研修班（虚构）", "示例1-1职业技术学院（虚构单位）")
    for fmt in ("xlsx", "docx"):
        moved = web.transfer(_round_json(folder, {}), key, fmt)
        printed = to_pdf(tmp_path, f"moved.{fmt}", moved["bytes"])
        assert "省级高级研修项目申报表" in printed.text and "示例1-1专题高级研修班（虚构）" in printed.text


def test_intake_exit_statuses_and_what_it_prints(tmp_path, folder):
    clean = rounds.write(tmp_path / "clean", rounds.make(2, 3, cases=False))
    done = cli("intake", clean, "-o", tmp_path / "clean.xlsx", "--lang", "zh")
    assert done.returncode == 0, done.stdout
    assert "收到8个文件：6份申报表，2份附件3（共6行），0个文件无法读取。" in done.stdout and (tmp_path / "clean.xlsx").exists()
    listed = cli("intake", folder, "-o", tmp_path / "out.xlsx", "--lang", "en")
    assert listed.returncode == 2  # the 2024 draft cannot be read (and is named among another year's applications)
    assert "Applications of another year's notice (1):" in listed.stdout
    assert "Rows of a 附件3 without their application (1):" in listed.stdout
    assert "Applications by city of the venue: Fuzhou 4, Xiamen 3, Quanzhou 3, Not recognised 3" in listed.stdout
    (clean / "unlisted.json").write_bytes(json.dumps(rounds.application(9, 9), ensure_ascii=False).encode())
    unlisted = cli("intake", clean, "-o", tmp_path / "u.xlsx", "--lang", "zh")
    assert unlisted.returncode == 1 and "没有附件3列入的申报表（1）：" in unlisted.stdout
    (clean / "旧表.doc").write_bytes(b"\xd0\xcf\x11\xe0old word")
    assert cli("intake", clean, "-o", tmp_path / "x.xlsx").returncode == 2


def test_transfer_writes_the_draft_and_both_forms_and_skips_what_the_office_recommends(tmp_path, folder, received):
    source = folder / rounds.department(1)
    done = cli("transfer", source, "--to", "provincial", "-o", tmp_path / "out", "--lang", "zh")
    assert done.returncode == 0, done.stdout
    written = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert written == [".docx"] * 2 + [".json"] * 2 + [".xlsx"] * 2  # two national applications in department 1
    assert "需由培训机构补充：“申报单位”、“申报时间”、“省直主管单位或设区市人社部门审核意见”" in done.stdout
    keys = {f.key: "national" for f in received.filed if f.app.form.id == "national"}
    (tmp_path / "choices.json").write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
    chosen = cli("transfer", source, "--to", "provincial", "-o", tmp_path / "none", "--choices", tmp_path / "choices.json")
    assert chosen.returncode == 1 and "已推荐国家级，不转入省级。" in chosen.stdout
    provincial_only = cli("transfer", source / "002.json", "--to", "provincial", "-o", tmp_path / "p", "--lang", "en")
    assert provincial_only.returncode == 1 and "Not a national application (附件1)" in provincial_only.stdout


def test_office_round_gives_the_page_its_applications_choices_lists_and_figures(folder):
    key = intake.match_key("示例1-1专题高级研修班（虚构）", "示例1-1职业技术学院（虚构单位）")
    said = web.answer("office_round", [_round_json(folder, {key: "national", "其他": "bogus"}, "en")])
    assert said["ok"] and said["faults"] == []
    shown = said["value"]
    assert shown["status"] == 2 and shown["edition"] == 2025  # the 2024 draft cannot be read
    assert shown["counts"] == {"files": 17, "applications": 13, "with_errors": 0, "listings": 3, "rows": 14, "unreadable": 1}
    assert shown["summary"]["zh"] == "收到17个文件：13份申报表，3份附件3（共14行），1个文件无法读取。"
    first = next(a for a in shown["applications"] if a["key"] == key)
    assert (first["choice"], first["transferable"], first["departments"], first["level"]) == (
        "national",
        False,
        [rounds.department(1)],
        {"zh": "国家级", "en": "National"},
    )
    others = [a for a in shown["applications"] if a["key"] != key]
    assert {a["choice"] for a in others} == {""} and all(a["transferable"] == (a["form"] == "national") for a in others)
    assert [x["id"] for x in shown["lists"]] == list(intake.LISTS)
    duplicate = next(x for x in shown["lists"] if x["id"] == "duplicates")["items"][0]
    assert duplicate["keys"] == [intake.match_key("示例2-1专题高级研修班（虚构）", "示例2-1职业技术学院（虚构单位）")]
    assert shown["unreadable"][0]["source"].endswith("old-2024.json") and "2024" in shown["unreadable"][0]["error"]["zh"]
    json.dumps(shown)  # plain data, as the worker's reply must be


def test_what_was_typed_stays_text_in_the_workbook():
    """A title typed as "=1+1…" or a department as "@…" is shown as typed, never run as a formula."""
    draft = rounds.application(1, 1)
    draft["data"]["project_name"] = "=1+1示例研修班（虚构）"
    files = {"a.json": json.dumps(draft, ensure_ascii=False).encode()}
    files["附件3.xlsx"] = xlsx.write_summary([drafts.application(draft).summary_row()], unit="@示例部门（虚构）", date=rounds.BEFORE)
    items = web.read_files([{"name": n, "bytes": b} for n, b in files.items()])
    made = web.export_round(json.dumps({"items": items, "lang": "zh"}, ensure_ascii=False))
    ws = openpyxl.load_workbook(io.BytesIO(made["bytes"]))["全部申报"]
    head = [c.value for c in ws[2]]
    title, department = ws.cell(3, head.index("项目名称") + 1), ws.cell(3, 1)
    assert (title.value, title.data_type, department.value, department.data_type) == (
        "=1+1示例研修班（虚构）",
        "s",
        "@示例部门（虚构）",
        "s",
    )


def test_every_national_application_not_recommended_is_carried_over_in_one_zip(folder):
    import zipfile

    recommended = intake.match_key("示例1-1专题高级研修班（虚构）", "示例1-1职业技术学院（虚构单位）")
    made = web.answer("transfer_all", [_round_json(folder, {recommended: "national"})])["value"]
    assert made["name"] == "2025年国家级未入选项目转省级申报.zip"
    titles = sorted(x["title"] for x in made["transferred"])
    # 7 national applications received (two per department and the unlisted one), one recommended
    assert made["count"] == 6 and "示例1-1专题高级研修班（虚构）" not in titles and len(set(titles)) == 6
    names = zipfile.ZipFile(io.BytesIO(made["bytes"])).namelist()
    assert len(names) == 18 and sum(n.startswith("附件2-") and n.endswith(".docx") for n in names) == 6
    first = zipfile.ZipFile(io.BytesIO(made["bytes"])).read(next(n for n in names if n.endswith(".xlsx")))
    assert xlsx.read_application(first)["form"] == "provincial"


def test_a_summary_filled_by_hand_in_word_gives_its_department_and_a_date_in_characters(tmp_path):
    """附件3 typed into the official table in Word and Excel (made by LibreOffice), its date written in characters."""
    import handmade

    page, rows = handmade.summary_html()
    page = page.replace("填表日期: 2025 年 2 月 15 日", "填表日期：二〇二五年二月十五日")
    made = handmade.convert(tmp_path, {"附件3-手填": page})
    for name in ("附件3-手填.docx", "附件3-手填.xlsx"):
        done = intake.reconcile(inputs.read(name, made[name]))
        (listing,) = done.listings
        assert (listing.unit, listing.date, [row for _, row in listing.rows]) == ("示例市人社局（虚构）", dt.date(2025, 2, 15), rows), name


def test_a_choices_file_that_cannot_be_read_is_named_and_nothing_is_written(tmp_path, folder):
    (tmp_path / "choices.json").write_text("{not json", encoding="utf-8")
    done = cli("intake", folder, "-o", tmp_path / "out.xlsx", "--choices", tmp_path / "choices.json", "--lang", "en")
    assert done.returncode == 2 and not (tmp_path / "out.xlsx").exists()
    assert f"Cannot read the choices file {tmp_path / 'choices.json'}: it should be a JSON object" in done.stderr


def test_a_summary_this_tool_wrote_in_word_gives_its_department_and_date():
    from generator.io import docx

    row = drafts.application(rounds.application(1, 1)).summary_row()
    data = docx.write_summary([row], unit=rounds.department(1), date=rounds.BEFORE)
    (listing,) = intake.reconcile(inputs.read("附件3.docx", data)).listings
    assert (listing.unit, listing.date, listing.rows[0][1]) == (rounds.department(1), rounds.BEFORE, row)


def test_a_row_and_an_application_of_one_title_whose_hosts_differ_each_name_the_other(tmp_path):
    """附件3 typed the host short (示例1-1学院) while the application has its full name: both lists say it is likely one
    course, and which name the other place has, so the office can make them agree."""
    files = rounds.make(departments=1, per_department=1, cases=False)
    draft = rounds.application(1, 1)
    row = drafts.application(draft).summary_row()
    row[1] = "示例1-1学院"
    files[f"{rounds.department(1)}/附件3.xlsx"] = xlsx.write_summary([row], unit=rounds.department(1), date=rounds.BEFORE)
    done = intake.reconcile(inputs.read_paths([str(rounds.write(tmp_path, files))]))
    (without,) = _texts(done, "rows_without")
    assert without.endswith(
        "。有一份同名申报表，承办单位写作“示例1-1职业技术学院（虚构单位）”"
        + f"（{tmp_path / rounds.department(1) / '001.json'}）：如是同一项目，请让两处的承办单位名称一致"
    )
    (unlisted,) = _texts(done, "unlisted", "en")
    assert "A row of the same title in 附件3" in unlisted and "names its host institution “示例1-1学院”" in unlisted
    untouched = intake.reconcile(inputs.read_paths([str(rounds.write(tmp_path / "clean", rounds.make(1, 1, cases=False)))]))
    assert not _texts(untouched, "rows_without") and not _texts(untouched, "unlisted")
