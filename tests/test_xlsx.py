"""The Excel files: laid out like the official tables, text stays text, and they read back into the same draft."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from conftest import application, changed, load
from generator.core import batch, drafts, rules
from generator.core.findings import ReadError
from generator.io import layout, xlsx


def sheet(draft):
    return load_workbook(io.BytesIO(xlsx.write_application(application(draft)))).active


def find(ws, text):
    """Coordinates of the cells whose value is `text`, a label perhaps broken by hand onto lines (widths.balanced)."""
    unbroken = lambda value: value.replace("\n", "") if isinstance(value, str) and "\n" not in text else value  # noqa: E731
    return [c.coordinate for row in ws.iter_rows() for c in row if unbroken(c.value) == text]


def merged(ws, coordinate):
    return next((str(r) for r in ws.merged_cells.ranges if coordinate in r), coordinate)


def test_national_form_has_the_official_title_and_labels_in_order(national):
    ws = sheet(national)
    assert ws["A1"].value == "附件1"
    assert ws["A2"].value == "专业技术人员知识更新工程2025年高级研修项目申报表"
    assert ws["A3"].value == "申报单位：（盖章）"
    labels = [ws[f"A{r}"].value.replace("\n", "") for r in range(5, ws.max_row + 1) if ws[f"A{r}"].value]
    assert labels == [
        "项目名称",
        "办班时间",
        "选题所属行业领域",
        "申报项目类别（仅单选）",
        "是否符合选题范围",
        "研修目的和作用",
        "研修内容和方式",
        "授课专家情况",
        "培训对象",
        "申报单位信息",
        "承办单位信息",
    ]
    assert find(ws, "办班地点") == ["D6"] and find(ws, "选题所属行业主管部门") == ["D7"]


def test_provincial_form_has_its_own_labels_and_the_reviewer_block(provincial):
    ws = sheet(provincial)
    assert ws["A1"].value == "附件2"
    assert ws["A3"].value == "申报单位：示例海洋科技有限公司（虚构单位）（盖章）"
    assert ws["A4"].value == "申报时间：2025年2月10日"
    assert find(ws, "选题所属专业技术领域") and not find(ws, "申报项目类别（仅单选）") and not find(ws, "申报单位信息")
    (review,) = find(ws, "省直主管单位或设区市人社部门审核意见")
    row = int(review[1:])
    assert ws[f"B{row}"].value.endswith("（盖章）\n年    月    日")
    assert merged(ws, f"B{row}") == f"B{row}:E{row}"


def test_blocks_and_value_cells_are_merged_as_in_the_official_table(national):
    ws = sheet(national)
    (title,) = find(ws, "项目名称")
    assert merged(ws, "B5") == "B5:E5" and title == "A5"
    (host,) = find(ws, "承办单位信息")
    top, bottom = merged(ws, host).split(":")
    assert int(bottom[1:]) - int(top[1:]) == 3  # four rows: name, phone, fax, base
    (scope,) = find(ws, "是否符合选题范围")
    top, bottom = merged(ws, scope).split(":")
    assert int(bottom[1:]) - int(top[1:]) == 2  # one row per topic box
    assert ws["A2"].coordinate in merged(ws, "A2") and merged(ws, "A2") == "A2:E2"


def test_ticked_boxes_show_as_checked_and_the_rest_as_empty(national):
    ws = sheet(national)
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "☐财政资助项目　　☑自筹经费项目（自筹经费来源：承办单位自有资金及合作企业支持（示例））" in texts
    assert "☐服务重大战略：" in texts
    assert any(t.startswith("☑对接产业需求：面向高端装备") for t in texts)
    assert "☑是第3批国家级继续教育基地　　☐是省级继续教育基地　　☐否" in texts


def test_help_of_the_official_cell_stays_above_the_text_and_trainees_go_into_培训对象(national):
    ws = sheet(national)
    (label,) = find(ws, "培训对象")
    text = ws[f"B{label[1:]}"].value
    assert text.startswith("（应面向全国招收学员")
    assert text.endswith("面向全国招收学员，计划招收50人。")


def test_print_setup_is_a4_portrait_one_page_wide(national):
    ws = sheet(national)
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws["A2"].font.name == "黑体" and ws["B5"].font.name == "仿宋"
    assert ws["B5"].border.left.style == "thin"


@pytest.mark.parametrize("name", ["national-valid.json", "provincial-valid.json"])
def test_round_trip_gives_back_the_same_draft(name):
    app = application(load(name))
    assert xlsx.read_application(xlsx.write_application(app)) == app.to_draft()


def test_round_trip_keeps_invalid_choices_and_partial_answers(national):
    draft = changed(
        national,
        funding=["fiscal", "self"],
        topics={"strategy": {"ticked": True, "text": ""}, "digital": {"ticked": False, "text": "待补充"}},
        base="provincial",
        base_batch=None,
    )
    app = application(draft)
    assert xlsx.read_application(xlsx.write_application(app)) == app.to_draft()


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+8613800000000", "-1", "@cmd", '=HYPERLINK("http://x")'])
def test_formula_looking_text_stays_literal_text(national, text):
    ws = sheet(changed(national, project_name=text, venue=text))
    cell = ws["B5"]
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    assert xlsx.read_application(xlsx.write_application(application(changed(national, project_name=text))))["data"]["project_name"] == text


def test_control_characters_are_replaced_and_reported_never_a_crash(national):
    draft = changed(national, purpose="第一行\x00\x07第二行\x1b", host_contact="王\ufffe示例")
    found = rules.validate(draft)
    assert {f.field for f in found if f.rule == "text.unstorable"} == {"purpose", "host_contact"}
    back = xlsx.read_application(xlsx.write_application(application(draft)))
    assert back["data"]["purpose"] == "第一行\ufffd\ufffd第二行\ufffd"
    assert back["data"]["host_contact"] == "王\ufffd示例"


def test_boxes_ticked_by_hand_in_wps_and_edited_cells_are_read(national):
    wb = load_workbook(io.BytesIO(xlsx.write_application(application(national))))
    ws = wb.active
    (row,) = [r for r in range(1, ws.max_row + 1) if find(ws, "申报项目类别（仅单选）") == [f"A{r}"]]
    ws[f"B{row}"].value = "√财政资助项目　　☐自筹经费项目（自筹经费来源：）"
    ws["B6"].value = "2025年7月15日至2025年7月19日"
    buffer = io.BytesIO()
    wb.save(buffer)
    data = xlsx.read_application(buffer.getvalue())["data"]
    assert data["funding"] == "fiscal" and "funding_source" not in data
    assert data["period"] == {"start": "2025-07-15", "end": "2025-07-19"}


def test_a_date_typed_in_another_way_is_kept_and_explained(national):
    wb = load_workbook(io.BytesIO(xlsx.write_application(application(national))))
    wb.active["B6"].value = "7月中旬"
    buffer = io.BytesIO()
    wb.save(buffer)
    draft = xlsx.read_application(buffer.getvalue())
    assert draft["data"]["period"] == "7月中旬"
    (finding,) = rules.validate(draft)
    assert finding.rule == "value.invalid" and "7月中旬" in finding.zh


def test_a_workbook_saved_without_our_properties_is_recognised_by_its_title(provincial):
    wb = load_workbook(io.BytesIO(xlsx.write_application(application(provincial))))
    wb.custom_doc_props.props.clear()
    buffer = io.BytesIO()
    wb.save(buffer)
    draft = xlsx.read_application(buffer.getvalue())
    assert draft["form"] == "provincial" and draft["data"]["project_name"] == provincial["data"]["project_name"]
    assert "host_is_enterprise" not in draft["data"]  # answers without a cell live in the properties only


def test_another_workbook_gets_a_clear_error_in_both_languages():
    wb = Workbook()
    wb.active["A1"].value = "别的表格"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ReadError) as err:
        xlsx.read_application(buffer.getvalue())
    assert "附件1或附件2" in err.value.zh and "not an 附件1 or 附件2" in err.value.en


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken", "申报表".encode()])
def test_a_file_that_is_not_xlsx_gets_a_clear_error(data):
    with pytest.raises(ReadError) as err:
        xlsx.read_application(data)
    assert ".xlsx" in err.value.zh and ".xlsx" in err.value.en


def test_file_names_follow_the_official_names(national):
    app = application(changed(national, project_name="AI/大模型: 应用*研修班?"))
    assert layout.filename(app) == "附件1-专业技术人才知识更新工程2025年高级研修项目申报表-AI大模型 应用研修班.xlsx"
    assert layout.filename(application(changed(national, project_name=None))).endswith("-未命名项目.xlsx")
    assert layout.summary_filename() == "附件3-福建省专业技术人才知识更新工程2025年高级研修项目汇总表.xlsx"


def test_summary_table_numbers_rows_under_the_official_header(national, provincial):
    rows = [application(national).summary_row(), application(provincial).summary_row()]
    ws = load_workbook(io.BytesIO(xlsx.write_summary(rows, unit="示例主管部门（虚构）", date=dt.date(2025, 2, 15)))).active
    assert ws["A1"].value == "附件3"
    assert ws["A2"].value == "福建省专业技术人才知识更新工程2025年高级研修项目汇总表"
    assert ws["A3"].value == "主管部门或申报单位（盖章）：示例主管部门（虚构）"
    assert ws["A4"].value == "填表日期：2025年2月15日"
    assert [c.value for c in ws[5]] == ["序号", "研修选题", "承办单位", "联系人", "联系电话", "所属专业技术领域"]
    assert [c.value for c in ws[6]] == [
        1,  # 序号 is a number
        national["data"]["project_name"],
        national["data"]["host_name"],
        "王示例",
        "0591-12345678\n13800000000",  # each number on its own line: none breaks
        "智能制造",
    ]
    assert ws["A7"].value == 2 and ws["F7"].value == "海洋装备"
    assert ws.print_title_rows == "$5:$5"
    assert int(ws.page_setup.paperSize) == 9  # A4


def test_an_empty_draft_gives_the_blank_official_form():
    ws = sheet(drafts.new_draft("national"))
    assert ws["A4"].value == "申报时间：    年    月    日"
    assert ws["B5"].value is None
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "☐财政资助项目　　☐自筹经费项目（自筹经费来源：　　　　）" in texts
    assert "☐是第____批国家级继续教育基地　　☐是省级继续教育基地　　☐否" in texts


def test_the_trainee_sentence_is_not_written_twice_and_the_count_still_reads_back(provincial):
    """培训对象 that already says 面向全省招收学员，计划招收40人。 gets no second copy; the count is read back from it."""
    said = "面向全省招收学员，计划招收40人。"
    for text in (f"具有中级以上职称的专业技术人员。{said}", f"{said}\n以基层一线骨干为主。"):
        app = application(changed(provincial, audience=text, trainees=40))
        cell = layout.longtext_text(app.form, app.form.field("audience"), app.get("audience"), app)
        assert cell.count(said) == 1, cell
        back = xlsx.read_application(xlsx.write_application(app))
        assert back["data"]["trainees"] == 40 and back["data"]["audience"] == text
    app = application(changed(provincial, audience="专业技术人员。", trainees=40))
    assert layout.longtext_text(app.form, app.form.field("audience"), app.get("audience"), app).endswith("\n" + said)


@pytest.mark.parametrize(
    ("form", "text", "added"),
    [
        ("provincial", "面向全省招收学员，主要为海洋装备企业中级以上职称的专业技术人员。", "计划招收40人。"),
        ("provincial", "全省海洋装备企业中级以上职称的专业技术人员，计划招收40人。", "面向全省招收学员。"),
        ("provincial", "面向全省海洋装备企业中级以上职称人员，拟招收学员40名。", ""),
        ("provincial", "海洋装备企业中级以上职称的专业技术人员。", "面向全省招收学员，计划招收40人。"),
        ("provincial", "面向全省招收学员，每个设区市不超过5人，学员规模30人。", "计划招收40人。"),  # 30 is not the count given
        ("national", "面向全国 招收 制造企业中高级职称人员，\n计划 招收 40 人。", ""),
        ("national", "面向全国招收学员，主要为智能制造企业技术骨干。\n以基层一线人员为主。", "计划招收40人。"),
        ("provincial", "面向全国招收海洋装备企业技术骨干。", "计划招收40人。"),  # its own scope, not contradicted
    ],
)
def test_培训对象_never_repeats_its_scope_or_its_count_and_reads_back(form, text, added):
    """A clerk who wrote 面向全省招收学员，主要为… gets only 计划招收40人。 after it, not the scope a second time."""
    app = application(changed(load(f"{form}-valid.json"), audience=text, trainees=40))
    field = app.form.field("audience")
    assert layout.added_sentence(app.form, field, text, app) == added
    cell = layout.longtext_text(app.form, field, text, app).removeprefix(field.help(form))
    scopes = [level.recruit.zh for level in app.edition.levels.values()]
    assert sum(cell.replace(" ", "").count(scope) for scope in scopes) == 1 and cell.count("40") == 1, cell
    back = xlsx.read_application(xlsx.write_application(app))
    assert back["data"]["trainees"] == 40 and back["data"]["audience"] == text


def test_two_phone_numbers_in_one_field_print_one_a_line_and_read_back_as_typed(national):
    """0591-…、0592-… typed in one field: on paper each number starts a line (none breaks); read back, the field is as typed."""
    typed = "0591-22866001、 0592-5678901-8001"
    ws = sheet(changed(national, host_phone=typed))
    assert find(ws, "0591-22866001、\n 0592-5678901-8001")
    back = xlsx.read_application(xlsx.write_application(application(changed(national, host_phone=typed))))
    assert back["data"]["host_phone"] == typed


def summary_widths(rows):
    ws = load_workbook(io.BytesIO(xlsx.write_summary(rows))).active
    return ws, {letter: ws.column_dimensions[letter].width for letter in "ABCDEF"}


def test_附件3_columns_are_as_wide_as_what_they_hold_within_a_landscape_page(national):
    """A long title widens its column at the others' expense; the phone column holds its longest number; the
    table never grows past the printable width of A4 landscape (no shrinking, nothing cut off)."""
    short = application(changed(national, project_name="短题研修班", host_name="短单位")).summary_row()
    long = application(changed(national, project_name="人工智能赋能智能制造与工业互联网安全协同创新高级研修班（示例）")).summary_row()
    ws, narrow = summary_widths([short])
    _, wide = summary_widths([short, long])
    assert ws.page_setup.orientation == "landscape"
    assert wide["B"] > narrow["B"] and wide["F"] < narrow["F"]
    room = xlsx.LANDSCAPE_ROOM / xlsx.UNIT
    for widths in (narrow, wide):
        assert sum(widths.values()) <= room + 0.1
        assert widths["E"] * xlsx.UNIT >= len("0591-12345678") * 6 * 1.3  # Latin digits at 12 points, as a fallback font draws them
        assert widths["F"] * xlsx.UNIT >= len("所属专业技术领域") * 12  # the header on one line


def test_the_review_sheet_wraps_every_cell_and_its_rows_follow(national):
    """审核记录: long file names wrap inside their column, and each row is as tall as its wrapped text."""
    name = layout.filename(application(national)) * 2
    result = batch.check([batch.Input(name, draft=changed(national, trainees=20))])
    ws = load_workbook(io.BytesIO(xlsx.write_summary(result.rows(), review=result)))["审核记录"]
    assert ws.page_setup.orientation == "landscape"
    assert all(c.alignment.wrap_text for row in ws.iter_rows() for c in row if c.value)
    widths = [ws.column_dimensions[c].width for c in "ABCDEFG"]
    assert sum(widths) <= xlsx.LANDSCAPE_ROOM / xlsx.UNIT + 0.1
    assert widths[1] * xlsx.UNIT < len(name) * 12  # the file name wraps …
    assert ws["B3"].value == name and ws.row_dimensions[3].height >= 15 * 3  # … onto lines the row makes room for (after 本批's)
