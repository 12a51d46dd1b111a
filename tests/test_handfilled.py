"""Forms as people send them: 附件1, 附件2 and 附件3 filled by hand in Word or Excel (made here with LibreOffice from
HTML tables as the notice prints them, and with openpyxl in other layouts) are read by their labels back to the same
application, field by field, with notes that say what was read from where; old formats and PDFs say how to proceed."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile

import pytest
from handmade import (
    NATIONAL,
    PROVINCIAL,
    clerk,
    convert,
    framed,
    moved,
    official,
    openpyxl_national,
    openpyxl_summary,
    summary_html,
    with_summary,
)
from openpyxl import Workbook, load_workbook

from conftest import cli, load
from generator.core import drafts, rules
from generator.core.findings import ERROR, NOTE
from generator.io import docx, handfilled, inputs, xlsx

pytestmark = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is needed: make system")


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    """The HTML forms converted by LibreOffice, once for the module: {file name: (bytes, expected data or rows)}."""
    pages = {
        "附件1-官方版式": official("national"),
        "附件2-官方版式": official("provincial"),
        "附件2-改动版式": moved(),
        "附件2和附件3": (with_summary(), PROVINCIAL),
        "附件2-手填版式": clerk(),
        "附件2-套框版式": framed(),
    }
    sheet, rows = summary_html()
    files = convert(tmp_path_factory.mktemp("handmade"), {**{k: v[0] for k, v in pages.items()}, "附件3-官方版式": sheet})
    expected = {**{k: v[1] for k, v in pages.items()}, "附件3-官方版式": rows}
    return {name: (data, expected[name.rpartition(".")[0]]) for name, data in files.items()}


def _one(name: str, data: bytes) -> inputs.Input:
    items = inputs.read(name, data)
    assert len(items) == 1 and not items[0].error, [i.error and i.error.zh for i in items]
    return items[0]


def _same_application(item: inputs.Input, form: str, expected: dict) -> None:
    """The application read back is the expected one, field by field (every field with a cell, and the count)."""
    assert item.draft["form"] == form
    got, want = drafts.application(item.draft), drafts.application(drafts.new_draft(form, 2025, expected))
    for field in want.form.fields:
        if field.cell or field.written_into:
            assert got.get(field.id) == want.get(field.id), field.id


@pytest.mark.parametrize("layout", ["附件1-官方版式", "附件2-官方版式", "附件2-改动版式", "附件2-手填版式"])
@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_a_form_filled_in_word_or_excel_reads_back_field_by_field(libreoffice, layout, ext):
    name = f"{layout}.{ext}"
    data, expected = libreoffice[name]
    item = _one(name, data)
    _same_application(item, "national" if layout.startswith("附件1") else "provincial", expected)
    assert item.notes[0].rule == "form_title"
    assert all(note.severity == NOTE for note in item.notes)
    said = [note.zh for note in item.notes]
    assert any(text.startswith("“项目名称”：读自") for text in said), said


def test_the_moved_layout_says_the_other_year_and_where_each_field_was(libreoffice):
    data, _ = libreoffice["附件2-改动版式.docx"]
    notes = _one("附件2-改动版式.docx", data).notes
    said = {note.rule: note for note in notes}
    assert said["other_year"].zh == "标题写的是2026年，本工具没有该年度的通知数据，按2025年的申报表读取。"
    where = {note.field: note.zh for note in notes if note.rule == "read"}
    assert where["project_name"] == "“项目名称”：读自表1第6行第1格。"  # 项目名称：… in one cell
    assert where["host_mobile"] == "“承办单位信息”中的“手机”：读自表1第3行第4格。"
    assert where["declared_on"] == "“申报时间”：读自表格外第3段。"  # the second label of a heading line
    assert [n.zh for n in notes if n.rule == "count"] == ["“计划招收学员人数”：从表1第13行第2格的培训对象中读出 50 人。"]  # 五十人


def test_a_workbook_built_another_way_reads_back_and_names_the_row_it_lacks():
    data, expected = openpyxl_national()
    item = _one("附件1-自制.xlsx", data)
    _same_application(item, "national", expected)
    missing = [note.en for note in item.notes if note.rule == "missing"]
    assert missing == ["No cell labelled “Host institution: Fax” was found: it was not read."]
    assert "“办班时间”：读自单元格 C6。" in [note.zh for note in item.notes]


@pytest.mark.parametrize("example", ["national-valid.json", "provincial-valid.json"])
def test_this_tools_own_word_file_reads_back_field_by_field(example):
    draft = load(example)
    item = _one("附件.docx", docx.write_application(drafts.application(draft)))
    _same_application(item, draft["form"], draft["data"])


def test_a_hand_filled_summary_gives_its_rows(libreoffice):
    for ext in ("docx", "xlsx"):
        data, rows = libreoffice[f"附件3-官方版式.{ext}"]
        items = inputs.read(f"附件3.{ext}", data)
        assert [i.row for i in items] == rows
    data, rows = openpyxl_summary()
    items = inputs.read("附件3-自制.xlsx", data)
    assert [i.row for i in items] == rows  # the column 备注 left out, the empty row skipped
    assert [n.zh for n in items[1].notes] == ["附件3的一行：读自单元格 A9起的这一行。"]
    assert inputs.read("附件3.xlsx", data, summary=inputs.EMPTY)[0].error is inputs.EMPTY  # validate refuses a 附件3


def _workbook(rows: list[tuple[str, object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "专业技术人员知识更新工程2025年省级高级研修项目申报表"
    for r, (label, value) in enumerate(rows, 2):
        ws.cell(r, 1, label)
        ws.cell(r, 2, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_what_cannot_be_understood_is_kept_as_typed_and_a_field_found_twice_is_named():
    data = _workbook([("项目名称", "甲研修班（示例）"), ("办班时间", "五月中旬"), ("申报时间", "待定"), ("项目名称", "乙研修班（示例）")])
    item = _one("两处项目名称.xlsx", data)
    assert item.draft["data"]["period"] == "五月中旬" and item.draft["data"]["declared_on"] == "待定"
    assert item.draft["data"]["project_name"] == "甲研修班（示例）"
    said = [note.zh for note in item.notes]
    assert "“办班时间”：单元格 B3的内容“五月中旬”无法识别，已按原样保留。" in said
    assert "“项目名称”出现在单元格 B2、单元格 B5，内容不同：取了单元格 B2的内容，请核对。" in said
    assert "找不到“培训对象”这一栏，该项未读取。" in said
    assert not [n for n in item.notes if n.severity == ERROR]


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("☐财政资助项目　☑自筹经费项目（自筹经费来源：自有资金）", "self"),
        ("■财政资助项目 □自筹经费项目（自筹经费来源：　　　）", "fiscal"),
        ("√财政资助项目 自筹经费项目（自筹经费来源：）", "fiscal"),
        ("✓ 财政资助项目\n☐ 自筹经费项目", "fiscal"),
        ("[√]财政资助项目 [ ]自筹经费项目", "fiscal"),
        ("（√）财政资助项目 （ ）自筹经费项目", "fiscal"),
        ("财政资助项目√　自筹经费项目", "fiscal"),
        ("☐财政资助项目　自筹经费项目（自筹经费来源：自有资金）", "self"),  # the box deleted
        ("自筹经费项目（自筹经费来源：自有资金）", "self"),  # the other option deleted
    ],
)
def test_a_box_ticked_any_way_is_read(text, chosen):
    data = _workbook([("申报项目类别", text)])
    wb = load_workbook(io.BytesIO(data))
    wb.active["A1"] = "专业技术人员知识更新工程2025年高级研修项目申报表"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert _one("勾选.xlsx", buffer.getvalue()).draft["data"]["funding"] == chosen


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("2025年6月9日至2025年6月13日", "2025-06-09", "2025-06-13"),
        ("2025年6月9日—13日（共5天）", "2025-06-09", "2025-06-13"),
        ("2025.6.9-6.13", "2025-06-09", "2025-06-13"),
        ("2025/06/09～2025/06/13", "2025-06-09", "2025-06-13"),
        ("２０２５年６月９日到６月１３日", "2025-06-09", "2025-06-13"),
        ("二〇二五年六月九日至十三日", "2025-06-09", "2025-06-13"),
        ("2025年7月14日-18日", "2025-07-14", "2025-07-18"),
        ("2025.07.14—2025.07.18", "2025-07-14", "2025-07-18"),
        ("2025/7/14~2025/7/18", "2025-07-14", "2025-07-18"),
        ("2025.7.14-18", "2025-07-14", "2025-07-18"),
        ("2025-07-14~18（共5天）", "2025-07-14", "2025-07-18"),
        ("2025年7月14日至7月18日，共5天", "2025-07-14", "2025-07-18"),
    ],
)
def test_dates_are_read_as_people_write_them(typed, start, end):
    assert handfilled.read_dates(typed, 2025) == ([start, end], False)


def test_a_date_without_a_year_takes_the_forms_year_and_says_so():
    data = _workbook([("办班时间", "6月9日至13日")])
    item = _one("无年份.xlsx", data)
    assert item.draft["data"]["period"] == {"start": "2025-06-09", "end": "2025-06-13"}
    assert "“办班时间”：读自单元格 B2；日期未写年份，按2025年读取，请核对。" in [n.zh for n in item.notes]


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64


@pytest.mark.parametrize(
    ("name", "data", "sentence"),
    [
        ("申报表.doc", OLE, "这是旧格式的 Word 或 WPS 文件（.doc），无法读取：请在 Word 或 WPS 中“另存为” .docx 后重新添加。"),
        ("申报表.wps", OLE, "这是旧格式的 Word 或 WPS 文件（.wps），无法读取：请在 Word 或 WPS 中“另存为” .docx 后重新添加。"),
        ("汇总表.xls", OLE, "这是旧格式的 Excel 或 WPS 表格（.xls），无法读取：请在 Excel 或 WPS 中“另存为” .xlsx 后重新添加。"),
        ("汇总表.et", OLE, "这是旧格式的 Excel 或 WPS 表格（.et），无法读取：请在 Excel 或 WPS 中“另存为” .xlsx 后重新添加。"),
        (
            "盖章件.pdf",
            b"%PDF-1.7\n",
            "这是 PDF 文件或扫描件，其中的表格无法读取：请在本工具的填表页填写，或发送 Word/Excel 文件（.docx/.xlsx）。",
        ),
        (
            "扫描件.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF",
            "这是 PDF 文件或扫描件，其中的表格无法读取：请在本工具的填表页填写，或发送 Word/Excel 文件（.docx/.xlsx）。",
        ),
    ],
)
def test_old_formats_and_pdfs_say_how_to_proceed(tmp_path, name, data, sentence):
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("validate", "--lang", "zh", path)
    assert result.returncode == 2
    assert sentence in result.stdout


def test_validate_lists_what_was_read_before_the_findings(libreoffice, tmp_path):
    path = tmp_path / "附件2.docx"
    path.write_bytes(libreoffice["附件2-官方版式.docx"][0])
    result = cli("validate", "--json", path)
    found = json.loads(result.stdout)[0]["findings"]
    notes = [f for f in found if f["severity"] == NOTE]
    assert found[: len(notes)] == notes and notes[0]["rule"] == "form_title"
    assert (
        notes[0]["message"]["en"]
        == "Read by its labels: the title in paragraph 2 outside the tables shows this is 附件2 Provincial application."
    )
    assert [f["rule"] for f in found[len(notes) :]] == [f.rule for f in rules.validate(_one("x.docx", path.read_bytes()).draft)]
    text = cli("validate", "--lang", "zh", path).stdout
    assert "读取" in text and "“项目名称”：读自表1第1行第2格。" in text


def test_summary_builds_attachment_3_from_a_folder_of_mixed_files(libreoffice, tmp_path):
    folder = tmp_path / "各单位报送"
    folder.mkdir()
    (folder / "甲-附件1.docx").write_bytes(libreoffice["附件1-官方版式.docx"][0])
    (folder / "乙-附件2.xlsx").write_bytes(libreoffice["附件2-改动版式.xlsx"][0])
    (folder / "丙-附件1.xlsx").write_bytes(openpyxl_national()[0])
    (folder / "丁-本工具.xlsx").write_bytes(xlsx.write_application(drafts.application(load("provincial-valid.json"))))
    (folder / "戊-旧版.doc").write_bytes(OLE)
    (folder / "戊-盖章件.pdf").write_bytes(b"%PDF-1.7\n")  # the stamped copy beside a form is not read from a folder
    out = tmp_path / "附件3.xlsx"
    result = cli("summary", "--force", "--review", "--lang", "zh", "--date", "2025-01-10", "-o", out, folder)
    assert "戊-旧版.doc" in result.stdout and "“另存为” .docx" in result.stdout and "盖章件" not in result.stdout
    review = [[c.value for c in row] for row in load_workbook(out)["审核记录"].iter_rows(min_row=2)]
    assert ["甲-附件1.docx" in str(r[1]) and r[2] == "读取" and r[5] == "“项目名称”：读自表1第1行第2格。" for r in review].count(True) == 1
    ws = load_workbook(out).active
    titles = sorted(str(ws.cell(r, 2).value) for r in range(6, ws.max_row + 1) if ws.cell(r, 2).value)
    assert titles == sorted(
        [
            NATIONAL["project_name"],
            PROVINCIAL["project_name"],
            NATIONAL["project_name"],
            load("provincial-valid.json")["data"]["project_name"],
        ]
    )


def test_a_word_file_renamed_xlsx_is_read_as_the_word_file_it_is():
    draft = load("national-valid.json")
    item = _one("word-renamed.xlsx", docx.write_application(drafts.application(draft)))  # told by what the zip holds
    _same_application(item, "national", draft["data"])


def _docx(document: str, name: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, document)
    return buffer.getvalue()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize(
    ("name", "data", "sentence"),
    [
        (
            "深层嵌套.docx",
            _docx(f'<w:document xmlns:w="{W}"><w:body><w:p>' + "<w:r>" * 50_000 + "</w:r>" * 50_000 + "</w:p></w:body></w:document>"),
            "找不到附件1、附件2或附件3的表格",
        ),
        ("没有正文.docx", _docx("x", "readme.xml"), "不是 .docx 格式的 Word 文档"),
        ("坏的正文.docx", _docx("<w:document"), "不是 .docx 格式的 Word 文档"),
        ("空白文档.docx", _docx(f'<w:document xmlns:w="{W}"><w:body/></w:document>'), "找不到附件1、附件2或附件3的表格"),
    ],
)
def test_a_word_file_that_holds_no_form_says_so(name, data, sentence):
    (item,) = inputs.read(name, data)
    assert item.error is not None and sentence in item.error.zh and item.error.en


@pytest.mark.parametrize("example", ["national-valid.json", "provincial-valid.json"])
def test_this_tools_excel_file_saved_again_without_its_properties_is_read_by_its_labels(example):
    from openpyxl.packaging.custom import CustomPropertyList

    draft = load(example)
    wb = load_workbook(io.BytesIO(xlsx.write_application(drafts.application(draft))))
    wb.custom_doc_props = CustomPropertyList()  # as an office program may drop them
    buffer = io.BytesIO()
    wb.save(buffer)
    item = _one("另存.xlsx", buffer.getvalue())
    assert item.notes[0].rule == "form_title"
    _same_application(item, draft["form"], draft["data"])


def test_a_value_written_below_its_label_is_read():
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "专业技术人员知识更新工程2025年省级高级研修项目申报表"
    ws["A2"], ws["A3"] = "项目名称", "海洋牧场数字化运维高级研修班（示例）"
    ws.merge_cells("A2:D2")
    ws.merge_cells("A3:D3")
    ws["A4"], ws["B4"] = "办班地点", "福州市（示例）"
    buffer = io.BytesIO()
    wb.save(buffer)
    item = _one("上下排.xlsx", buffer.getvalue())
    assert item.draft["data"]["project_name"] == "海洋牧场数字化运维高级研修班（示例）"
    assert item.draft["data"]["venue"] == "福州市（示例）"
    assert "“项目名称”：读自单元格 A3。" in [n.zh for n in item.notes]


def _cell(inner: str) -> str:
    return f"<w:tc><w:p>{inner}</w:p></w:tc>"


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


SYMBOL_TICK = '<w:r><w:sym w:font="Wingdings 2" w:char="F052"/></w:r>'
SYMBOL_BOX = '<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>'
LEGACY_TICKED = (
    '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="1"/></w:checkBox></w:ffData></w:fldChar></w:r>'
)
LEGACY_EMPTY = (
    '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="0"/></w:checkBox></w:ffData></w:fldChar></w:r>'
)
CONTROL_TICKED = '<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>☒</w:t></w:r></w:sdtContent></w:sdt>'


@pytest.mark.parametrize(
    ("fiscal", "own"),
    [(SYMBOL_TICK, SYMBOL_BOX), (LEGACY_TICKED, LEGACY_EMPTY), (CONTROL_TICKED, _run("☐"))],
    ids=["symbol", "form-field", "content-control"],
)
def test_a_box_ticked_with_words_own_tools_is_read(fiscal, own):
    rows = [
        _cell(_run("项目名称")) + _cell(_run("示例研修班")),
        _cell(_run("申报项目类别（仅单选）")) + _cell(fiscal + _run("财政资助项目　") + own + _run("自筹经费项目（自筹经费来源：　　）")),
    ]
    body = (
        f"<w:p>{_run('专业技术人员知识更新工程2025年高级研修项目申报表')}</w:p><w:tbl>{''.join(f'<w:tr>{r}</w:tr>' for r in rows)}</w:tbl>"
    )
    document = (
        f'<w:document xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:body>{body}</w:body></w:document>'
    )
    item = _one("勾选.docx", _docx(document))
    assert item.draft["data"]["funding"] == "fiscal" and "funding_source" not in item.draft["data"]


def test_a_date_excel_stores_as_a_date_and_a_heading_line_without_spaces_are_read():
    data = _workbook([("申报时间", dt.datetime(2025, 2, 10)), ("申报单位：示例学院（虚构单位）（盖章）申报时间：2025年2月11日", None)])
    item = _one("日期.xlsx", data)
    assert item.draft["data"]["declarant"] == "示例学院（虚构单位）"
    said = [n.zh for n in item.notes if n.field == "declared_on"]
    assert item.draft["data"]["declared_on"] == "2025-02-10" and "“申报时间”出现在" in said[0]  # two dates: both named


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_a_file_holding_the_form_and_its_summary_gives_the_application_and_names_the_summary(libreoffice, ext):
    data, expected = libreoffice[f"附件2和附件3.{ext}"]
    item = _one(f"附件2和附件3.{ext}", data)
    _same_application(item, "provincial", expected)
    assert item.notes[-1].zh == "这个文件里还有一张附件3汇总表，没有读取：附件3由汇总单位在“汇总申报”页生成。"


def test_a_workbook_with_a_form_on_each_sheet_gives_each_application():
    wb = Workbook()
    for n, title in enumerate(("甲研修班（示例）", "乙研修班（示例）")):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = f"附件2-{n + 1}"
        ws["A1"] = "专业技术人员知识更新工程2025年省级高级研修项目申报表"
        ws["A2"], ws["B2"] = "项目名称", title
    wb.create_sheet("填表说明")["A1"] = "请按附件4填表说明填写。"
    buffer = io.BytesIO()
    wb.save(buffer)
    items = inputs.read("两份.xlsx", buffer.getvalue())
    assert [(i.source, i.draft["data"]["project_name"]) for i in items] == [
        ("两份.xlsx#1", "甲研修班（示例）"),
        ("两份.xlsx#2", "乙研修班（示例）"),
    ]
    assert "“项目名称”：读自单元格 附件2-2!B2。" in [n.zh for n in items[1].notes]


@pytest.mark.parametrize(
    ("text", "ticked"),
    [
        ("☐服务重大战略：\n☑对接产业需求：产业说明\n☐突出数字技术：", ["industry"]),
        ("服务重大战略：\n对接产业需求：产业说明\n突出数字技术：数字说明", ["industry", "digital"]),  # no boxes: those explained
        ("对接产业需求：产业说明", ["industry"]),  # the other headings deleted
        ("□服务重大战略： □对接产业需求：产业说明 ■突出数字技术：数字说明", ["digital"]),  # explained but not ticked: kept so
        ("服务重大战略：□\n对接产业需求：☑产业说明\n突出数字技术：□", ["industry"]),  # the box after the colon
        ("服务重大战略：\n对接产业需求：产业说明☑；\n突出数字技术：□", ["industry"]),  # the tick after the words
        ("服务重大战略（ ）：\n对接产业需求（√）：产业说明\n突出数字技术（ ）：", ["industry"]),
        ("服务重大战略：\n☑对接产业需求：产业说明\n☐突出数字技术：", ["industry"]),  # the first box deleted
    ],
)
def test_the_topics_are_read_however_they_are_ticked(text, ticked):
    item = _one("选题.xlsx", _workbook([("是否符合选题范围", text)]))
    topics = item.draft["data"]["topics"]
    assert [key for key, entry in topics.items() if entry["ticked"]] == ticked
    assert topics["industry"]["text"] == "产业说明"
    assert not [entry["text"] for entry in topics.values() if set(entry["text"]) & set("☐□☑■：；")]  # no mark kept as words


def test_this_tools_own_summary_in_word_gives_its_rows_back():
    rows = [drafts.application(load(name)).summary_row() for name in ("national-valid.json", "provincial-valid.json")]
    items = inputs.read("附件3.docx", docx.write_summary(rows, unit="示例市人社局（虚构）"))
    assert [i.row for i in items] == rows


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_a_clerks_form_says_where_each_awkward_value_came_from(libreoffice, ext):
    data, _ = libreoffice[f"附件2-手填版式.{ext}"]
    item = _one(f"附件2-手填版式.{ext}", data)
    notes = {note.field: note for note in item.notes if note.field}
    # the value past the added empty column, not the empty cell beside the label
    assert (
        notes["project_name"].zh.startswith("“项目名称”：读自") and notes["project_name"].zh != "“项目名称”：在表1第1行第2格找到，未填写。"
    )
    # the value under its label in the label's own cell
    assert notes["audience"].zh == ("“培训对象”：读自表1第9行第1格。" if ext == "docx" else "“培训对象”：读自单元格 A13。")
    split = notes["host_mobile"]
    assert split.rule == "phone_split" and "手机号码 13800000000 已填入“承办单位信息”中的“手机”" in split.zh
    assert "the mobile number 13800000000 was put in" in split.en
    assert not [n for n in item.notes if n.rule in ("missing", "unclear", "ambiguous", "empty")], [n.zh for n in item.notes]


def test_a_form_in_a_frame_table_with_a_list_of_teachers_after_it_reads_only_the_form(libreoffice):
    data, expected = libreoffice["附件2-套框版式.docx"]
    item = _one("附件2-套框版式.docx", data)
    _same_application(item, "provincial", expected)
    said = [note.zh for note in item.notes]
    assert "“项目名称”：读自表2第1行第3格。" in said  # the form is the table nested in the frame (table 1)
    assert not [text for text in said if "表3" in text]  # the teachers' 联系人 and 办公电话 are no values of the form


def _sheet(rows: list[tuple[object, ...]], title: str = "专业技术人员知识更新工程2025年省级高级研修项目申报表", at: int = 1) -> bytes:
    """A workbook with the form's title at row `at` and each row's cells after it, from column A."""
    wb = Workbook()
    ws = wb.active
    ws.cell(at, 1, title)
    for r, row in enumerate(rows, at + 1):
        for c, value in enumerate(row, 1):
            ws.cell(r, c, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("row", "field", "value"),
    [
        (("是否继续教育基地", "是第3批国家级继续教育基地", "", "是省级继续教育基地", "", "否", "√"), "base", "no"),
        (("是否继续教育基地", "是第3批国家级继续教育基地", "☐", "是省级继续教育基地", "☑", "否", "☐"), "base", "provincial"),
        (("办班时间", dt.datetime(2025, 7, 14), dt.datetime(2025, 7, 18)), "period", {"start": "2025-07-14", "end": "2025-07-18"}),
        (
            ("办班时间", "", dt.datetime(2025, 7, 14), "至", dt.datetime(2025, 7, 18)),
            "period",
            {"start": "2025-07-14", "end": "2025-07-18"},
        ),
        (("项目名称", "", "", "甲研修班（示例）"), "project_name", "甲研修班（示例）"),
    ],
    ids=["tick-after-否", "ticks-in-own-cells", "two-date-cells", "date-cells-with-至", "empty-columns"],
)
def test_a_value_spread_over_the_cells_of_its_row_is_read(row, field, value):
    item = _one("一行几格.xlsx", _sheet([row]))
    assert item.draft["data"][field] == value
    assert [n.rule for n in item.notes if n.field == field] == ["read"]


def test_a_second_text_beside_a_value_is_named_not_appended():
    item = _one("多一格.xlsx", _sheet([("办班地点", "福州市（示例）", "授课专家名单")]))
    assert item.draft["data"]["venue"] == "福州市（示例）"
    assert "“办班地点”：读自单元格 B2；同一行的单元格 C2也写有内容，没有读取，请核对。" in [n.zh for n in item.notes]


def _word(rows: list[str], title: str = "专业技术人员知识更新工程2025年高级研修项目申报表") -> bytes:
    body = f"<w:p>{_run(title)}</w:p><w:tbl>{''.join(f'<w:tr>{r}</w:tr>' for r in rows)}</w:tbl>"
    return _docx(
        f'<w:document xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:body>{body}</w:body></w:document>'
    )


def _control(checked: str, glyph: str) -> str:
    return (
        f'<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{checked}"/></w14:checkbox></w:sdtPr>'
        f"<w:sdtContent><w:r><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"
    )


def test_a_checkbox_control_is_read_by_its_checked_flag_not_the_glyph_it_shows():
    # a control whose glyphs were set the other way round (☐ when checked): Word keeps the state in w14:checked
    cell = _control("1", "☐") + _run("财政资助项目　") + _control("0", "☒") + _run("自筹经费项目（自筹经费来源：　　）")
    item = _one("控件.docx", _word([_cell(_run("申报项目类别（仅单选）")) + _cell(cell)]))
    assert item.draft["data"]["funding"] == "fiscal"


def test_a_choice_the_marks_do_not_settle_is_named_never_picked():
    both = _one(
        "两项.xlsx",
        _sheet(
            [("申报项目类别", "☑财政资助项目 ☑自筹经费项目（自筹经费来源：自有资金）")], "专业技术人员知识更新工程2025年高级研修项目申报表"
        ),
    )
    assert both.draft["data"]["funding"] == ["fiscal", "self"]  # as ticked: the rule of 仅单选 says the error
    said = [n.zh for n in both.notes if n.field == "funding"]
    assert said == ["“申报项目类别（仅单选）”：单元格 B2勾选了多项（“财政资助项目”、“自筹经费项目”），没有替您选定其中一项，请核对。"]
    assert "funding.single" in [f.rule for f in rules.validate(both.draft) if f.severity == ERROR]
    base = _one("两项.xlsx", _sheet([("是否继续教育基地", "■是省级继续教育基地 ■否")]))
    assert [n.rule for n in base.notes if n.field == "base"] == ["several_ticked"]
    # bold or underlined wording is no tick: the cell is kept as typed and named
    bold = '<w:r><w:rPr><w:b/><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">财政资助项目</w:t></w:r>'
    item = _one("加粗.docx", _word([_cell(_run("申报项目类别")) + _cell(bold + _run("　自筹经费项目（自筹经费来源：　）"))]))
    assert item.draft["data"]["funding"] == "财政资助项目　自筹经费项目（自筹经费来源：　）"
    assert [n.rule for n in item.notes if n.field == "funding"] == ["unclear"]


@pytest.mark.parametrize(
    "typed", ["面向全省技术人员，计划招收约50人。", "面向全省技术人员，计划招收学员50人左右。", "计划招收大约50名学员"]
)
def test_an_approximate_count_is_not_taken_as_the_planned_number(typed):
    item = _one("约数.xlsx", _sheet([("培训对象", typed)]))
    assert item.draft["data"]["audience"] == typed and "trainees" not in item.draft["data"]
    (note,) = [n for n in item.notes if n.field == "trainees"]
    assert note.rule == "count_approximate" and "写的是约数" in note.zh and "approximate" in note.en


def test_a_mobile_number_in_the_office_phone_cell_moves_only_to_an_empty_mobile_cell():
    block = ("承办单位信息", "单位名称", "示例学院（虚构单位）", "联系人", "王示例")
    item = _one("电话.xlsx", _sheet([block, ("", "办公电话", "0591-12345678 / 13800000000", "手机", "")]))
    assert (item.draft["data"]["host_phone"], item.draft["data"]["host_mobile"]) == ("0591-12345678", "13800000000")
    kept = _one("电话.xlsx", _sheet([block, ("", "办公电话", "0591-12345678 / 13800000000", "手机", "13900000000")]))
    assert (kept.draft["data"]["host_phone"], kept.draft["data"]["host_mobile"]) == ("0591-12345678 / 13800000000", "13900000000")
    assert "phone_split" not in [n.rule for n in kept.notes]


def test_a_title_and_labels_that_disagree_about_the_form_get_a_note():
    rows = [("项目名称", "甲研修班（示例）"), ("选题所属专业技术领域", "海洋渔业"), ("省直主管单位或设区市人社部门审核意见", "")]
    item = _one("标题不符.xlsx", _sheet(rows, "专业技术人员知识更新工程2025年高级研修项目申报表"))
    assert item.draft["form"] == "national"  # read by its title, as the notice names forms by their titles
    (note,) = [n for n in item.notes if n.rule == "form_mismatch"]
    assert note.zh.startswith(
        "标题表明这是附件1 国家级高级研修项目申报表，但表中的“选题所属专业技术领域”、“省直主管单位或设区市人社部门审核意见”是附件2"
    )
    agrees = _one("标题相符.xlsx", _sheet(rows))
    assert "form_mismatch" not in [n.rule for n in agrees.notes]


def test_a_cover_text_above_the_title_is_not_read_and_a_label_the_form_lacks_is_named():
    wb = Workbook()
    ws = wb.active
    for r, text in enumerate(["填报说明", "项目名称：请填写研修班全称，与附件3一致。", "办班时间：写明起止日期"], 1):
        ws.cell(r, 1, text)
    ws["A10"] = "附件2"
    ws["A11"] = "专业技术人员知识更新工程2025年省级高级研修项目申报表"
    rows = [("项目名称", "甲研修班（示例）"), ("办班时间", "2025年7月14日-18日"), ("研修对象", "面向全省技术人员，计划招收学员50人")]
    for r, row in enumerate(rows, 12):
        ws.cell(r, 1, row[0]), ws.cell(r, 2, row[1])
    buffer = io.BytesIO()
    wb.save(buffer)
    item = _one("封面.xlsx", buffer.getvalue())
    assert item.draft["data"]["project_name"] == "甲研修班（示例）"
    assert item.draft["data"]["period"] == {"start": "2025-07-14", "end": "2025-07-18"}
    said = [n.zh for n in item.notes]
    assert not [text for text in said if "A2" in text or "A3" in text], said
    assert "找不到“培训对象”这一栏，该项未读取。" in said  # 研修对象 is no label of the official form


@pytest.mark.parametrize("typed", ["是☑ 否□", "是（√）否（ ）", "■是 □否", "√是", "□是 ■否"])
def test_a_yes_or_no_tick_beside_words_that_are_no_option_is_not_understood(typed):
    # 是否继续教育基地's options are 是第__批国家级…, 是省级… and 否: a ticked 是 says neither base, and its tick is no 否's
    item = _one("是否.xlsx", _sheet([("是否继续教育基地", typed)]))
    assert item.draft["data"]["base"] == typed
    assert [n.zh for n in item.notes if n.field == "base"] == [
        f"“承办单位信息”中的“是否继续教育基地”：单元格 B2的内容“{typed}”无法识别，已按原样保留。"
    ]


@pytest.mark.parametrize(("typed", "read"), [("50", 50), ("50人", 50), ("五十", 50), ("约50人", "约50人"), ("50-60人", "50-60人")])
def test_a_count_in_a_row_of_its_own_is_read_or_named_as_not_understood(typed, read):
    item = _one("人数.xlsx", _sheet([("计划招收学员人数", typed)]))
    assert item.draft["data"]["trainees"] == read
    (note,) = [n for n in item.notes if n.field == "trainees"]
    assert note.rule == ("read" if isinstance(read, int) else "unclear")


def test_a_sheet_of_instructions_that_quotes_the_title_gives_no_application_of_its_own():
    wb = Workbook()
    wb.active.title = "填表说明"
    wb.active["A1"] = "请用《专业技术人员知识更新工程2025年省级高级研修项目申报表》填写，每个项目一张表。"
    ws = wb.create_sheet("申报表")
    ws["A1"] = "专业技术人员知识更新工程2025年省级高级研修项目申报表"
    ws["A2"], ws["B2"] = "项目名称", "甲研修班（示例）"
    buffer = io.BytesIO()
    wb.save(buffer)
    items = inputs.read("有说明页.xlsx", buffer.getvalue())
    assert [i.draft["data"].get("project_name") for i in items] == ["甲研修班（示例）"]


def _font(text: str, font: str) -> str:
    return f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


@pytest.mark.parametrize(
    ("fiscal", "own"),
    [
        (_font("R", "Wingdings 2"), _font("£", "Wingdings 2")),
        (_font("þ", "Wingdings"), _font("¨", "Wingdings")),
        (_font("\uf052", "Wingdings 2"), _font("\uf0a3", "Wingdings 2")),
    ],
    ids=["R-and-£-in-Wingdings-2", "þ-and-¨-in-Wingdings", "private-use-codes"],
)
def test_a_box_typed_as_a_letter_in_a_symbol_font_is_read(fiscal, own):
    # the office habit: type R (or £) and set the font to Wingdings 2 to show ☑ (or □)
    cell = fiscal + _run("财政资助项目　") + own + _run("自筹经费项目（自筹经费来源：　　）")
    item = _one("字体勾选.docx", _word([_cell(_run("申报项目类别（仅单选）")) + _cell(cell)]))
    assert item.draft["data"]["funding"] == "fiscal"


def test_a_tick_cell_in_a_symbol_font_in_excel_is_read():
    from openpyxl.styles import Font

    wb = load_workbook(io.BytesIO(_sheet([("是否继续教育基地", "是第3批国家级继续教育基地", "£", "是省级继续教育基地", "R", "否", "£")])))
    for coordinate in ("C2", "E2", "G2"):
        wb.active[coordinate].font = Font(name="Wingdings 2")
    buffer = io.BytesIO()
    wb.save(buffer)
    assert _one("字体勾选.xlsx", buffer.getvalue()).draft["data"]["base"] == "provincial"


def test_a_list_of_teachers_pasted_as_a_table_into_its_cell_is_read_with_the_cell():
    def row(*texts: str) -> str:
        return "<w:tr>" + "".join(_cell(_run(t)) for t in texts) + "</w:tr>"

    listed = f"<w:tbl>{row('姓名', '单位', '联系人')}{row('张示例', '示例大学（虚构）', '王示例')}</w:tbl>"
    value = f"<w:tc><w:p>{_run('主讲专家如下：')}</w:p>{listed}<w:p/></w:tc>"
    item = _one("专家表.docx", _word([_cell(_run("授课专家情况")) + value, _cell(_run("项目名称")) + _cell(_run("甲研修班（示例）"))]))
    assert item.draft["data"]["experts"] == "主讲专家如下：\n姓名 单位 联系人\n张示例 示例大学（虚构） 王示例"
    assert item.draft["data"]["project_name"] == "甲研修班（示例）"


@pytest.mark.parametrize(
    "row",
    [
        ("*项目名称", "甲研修班（示例）"),
        ("★项目名称：", "甲研修班（示例）"),
        ("项目名称：", "甲研修班（示例）"),
        ("项目名称（必填）", "甲研修班（示例）"),
        ("项目名称\n甲研修班（示例）",),
        ("项目名称（必填）：\n甲研修班（示例）",),
    ],
    ids=["asterisk", "star-and-colon", "colon-in-its-own-cell", "必填", "line-break", "必填-colon-line-break"],
)
def test_a_label_as_clerks_type_it_is_found(row):
    item = _one("栏目.xlsx", _sheet([row]))
    assert item.draft["data"]["project_name"] == "甲研修班（示例）"
    assert [n.rule for n in item.notes if n.field == "project_name"] == ["read"]


def test_a_workbook_with_a_course_on_each_sheet_and_no_titles_gives_each_application():
    wb = Workbook()
    for n, title in enumerate(("甲研修班（示例）", "乙研修班（示例）")):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = f"项目{n + 1}"
        for r, row in enumerate(
            [("项目名称", title), ("办班时间", f"2025年7月{14 + 7 * n}日-{18 + 7 * n}日"), ("办班地点", "福州市（示例）")], 1
        ):
            ws.cell(r, 1, row[0]), ws.cell(r, 2, row[1])
    ws = wb.create_sheet("续页")  # a form that runs on over a sheet of its own does not repeat 项目名称
    ws["A1"], ws["B1"] = "授课专家情况", "张示例，示例大学教授。"
    buffer = io.BytesIO()
    wb.save(buffer)
    items = inputs.read("两个项目.xlsx", buffer.getvalue())
    assert [(i.draft["data"]["project_name"], i.draft["data"]["period"]["start"]) for i in items] == [
        ("甲研修班（示例）", "2025-07-14"),
        ("乙研修班（示例）", "2025-07-21"),
    ]
    assert items[1].draft["data"]["experts"] == "张示例，示例大学教授。"
    assert not [n for i in items for n in i.notes if n.rule == "ambiguous"]


def test_a_summarys_line_of_sums_and_the_lines_under_it_are_no_rows():
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "福建省专业技术人才知识更新工程2025年高级研修项目汇总表"
    ws.append(["序号", "研修选题", "承办单位", "联系人", "联系电话", "所属专业技术领域"])
    ws.append([1, "甲研修班（示例）", "示例学院（虚构单位）", "王示例", "0591-12345678", "农业"])
    ws.append(["合  计", "1个项目"])
    ws.append(["注：本表由主管部门汇总填报。"])
    ws.append(["填表人：张示例", "", "联系电话：0591-00000000"])
    buffer = io.BytesIO()
    wb.save(buffer)
    items = inputs.read("附件3.xlsx", buffer.getvalue())
    assert [i.row for i in items] == [["甲研修班（示例）", "示例学院（虚构单位）", "王示例", "0591-12345678", "农业"]]
