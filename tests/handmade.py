"""Forms filled the way people fill them, made outside this tool from the notice's tables: HTML tables converted by
LibreOffice to .docx and .xlsx, and workbooks built with openpyxl, in several layouts. Each layout says which
application it holds (the expected draft data), so that a test compares what is read back field by field.

The institutions, people and numbers are fictitious."""

from __future__ import annotations

import datetime as dt
import html
import subprocess
from pathlib import Path

from openpyxl import Workbook

PROVINCIAL = {
    "declarant": "示例海洋职业学院（虚构单位）",
    "declared_on": "2025-02-10",
    "project_name": "海洋牧场数字化运维高级研修班（示例）",
    "period": {"start": "2025-05-12", "end": "2025-05-16"},
    "venue": "福州市（示例会议中心）",
    "domain": "海洋渔业",
    "ministry": "福建省海洋与渔业局（示例）",
    "topics": {
        "industry": {"ticked": True, "text": "服务海洋渔业转型升级（示例）"},
        "digital": {"ticked": True, "text": "数字孪生与物联网运维（示例）"},
    },
    "purpose": "提升海洋牧场运维人员的数字化能力。\n推动产学研合作。",
    "content": "专题一：海洋牧场物联网；专题二：数字孪生运维。\n采用主题报告、专题研讨、现场教学。",
    "experts": "张示例，示例大学教授，讲授海洋牧场物联网。",
    "audience": "面向全省海洋渔业企业的中高级技术人员，计划招收学员50人。",
    "trainees": 50,
    "host_name": "示例海洋职业学院（虚构单位）",
    "host_contact": "王示例",
    "host_phone": "0591-12345678",
    "host_mobile": "13800000000",
    "host_fax": "无",
    "host_address": "福州市示例区示例路1号",
    "base": "national",
    "base_batch": "3",
}

NATIONAL = {
    "project_name": "智能制造产线运维高级研修班（示例）",
    "period": {"start": "2025-06-09", "end": "2025-06-13"},
    "venue": "厦门市（示例培训中心）",
    "domain": "智能制造",
    "ministry": "工业和信息化部",
    "funding": "self",
    "funding_source": "学院自有资金（示例）",
    "topics": {"strategy": {"ticked": True, "text": "服务制造强国战略（示例）"}},
    "purpose": "培养智能产线运维骨干。",
    "content": "专题：工业机器人运维、产线数据分析。\n方式：主题报告、现场教学。",
    "experts": "李示例，示例理工大学教授。\n赵示例，示例装备公司总工程师。",
    "audience": "面向全国制造企业具有中高级职称的技术人员，计划招收学员60人。",
    "trainees": 60,
    "host_name": "示例智能制造学院（虚构单位）",
    "host_contact": "陈示例",
    "host_phone": "0592-7654321",
    "host_mobile": "13900000000",
    "host_fax": "0592-7654322",
    "host_address": "厦门市示例区示例大道8号",
    "base": "provincial",
}

CONTENT_HELP = "（包括但不限于主题报告、专题研讨、学术交流、现场教学）"
AUDIENCE_HELP = (
    "（应面向全国招收学员，学员一般应具有中高级职称，或是在管理岗位工作的经营管理人员，并应向基层一线人才倾斜。"
    "招收学员如需行业主管部门协助，例如希望将本班次录入行业继续教育备案系统，请在此详细阐述）"
)


# ---- HTML tables, as the notice prints them, for LibreOffice -------------------------------


def _td(text: str, cols: int = 1, rows: int = 1) -> str:
    span = (f' colspan="{cols}"' if cols > 1 else "") + (f' rowspan="{rows}"' if rows > 1 else "")
    return f"<td{span}>{html.escape(text).replace(chr(10), '<br>')}</td>"


def _page(lines: list[str], rows: list[list[str]]) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    table = "".join(f"<tr>{''.join(row)}</tr>" for row in rows)
    return f'<html><head><meta charset="utf-8"></head><body>{body}<table border="1">{table}</table></body></html>'


def _box(on: bool) -> str:
    return "☑" if on else "☐"


def official(form: str) -> tuple[str, dict]:
    """附件1 or 附件2 as the notice prints it (labels with spaces and line breaks, the block label merged down, the topics
    in one cell, the printed guidance left in its cell), filled in with ☑."""
    d = NATIONAL if form == "national" else PROVINCIAL
    topics = "\n".join(
        f"{_box(o in d['topics'])}{name}：{d['topics'].get(o, {}).get('text', '')}"
        for o, name in (("strategy", "服务重大战略"), ("industry", "对接产业需求"), ("digital", "突出数字技术"))
    )
    batch = d.get("base_batch", "____")
    base = f"{_box(d['base'] == 'national')}是第 {batch} 批国家级继续教育基地 {_box(d['base'] == 'provincial')}是省级继续教育基地 ☐否"
    rows = [
        [_td("项目名称"), _td(d["project_name"], 3)],
        [
            _td("办班时间"),
            _td("2025年5月12日至2025年5月16日" if form == "provincial" else "2025年6月9日至2025年6月13日"),
            _td("办班地点"),
            _td(d["venue"]),
        ],
        [
            _td("选题所属\n行业领域" if form == "national" else "选题所属\n专业技术领域"),
            _td(d["domain"]),
            _td("选题所属\n行业主管部门"),
            _td(d["ministry"]),
        ],
    ]
    if form == "national":
        rows.append([_td("申报项目\n类别\n(仅单选)"), _td(f"☐财政资助项目　☑自筹经费项目（自筹经费来源：{d['funding_source']}）", 3)])
    rows += [
        [_td("是否符合\n选题范围"), _td(topics, 3)],
        [_td("研修目的\n和作用"), _td(d["purpose"], 3)],
        [_td("研修内容\n和方式"), _td(f"{CONTENT_HELP}\n{d['content']}", 3)],
        [_td("授课专家情况"), _td(("(如有院士或省部级领导出席, 请重点阐述)\n" if form == "national" else "") + d["experts"], 3)],
        [_td("培训对象"), _td((f"{AUDIENCE_HELP}\n" if form == "national" else "") + d["audience"], 3)],
    ]
    if form == "national":
        rows += [
            [_td("申报单位信息", rows=3), _td("单位名称"), _td(""), _td("联系人"), _td("")],
            [_td("办公电话"), _td(""), _td("手机"), _td("")],
            [_td("传真"), _td(""), _td("地址"), _td("")],
        ]
    rows += [
        [_td("承办单位\n信息", rows=4), _td("单位名称"), _td(d["host_name"]), _td("联系人"), _td(d["host_contact"])],
        [_td("办公电话"), _td(d["host_phone"]), _td("手 机"), _td(d["host_mobile"])],
        [_td("传 真"), _td(d["host_fax"]), _td("地 址"), _td(d["host_address"])],
        [_td("是否继续\n教育基地"), _td(base, 3)],
    ]
    if form == "provincial":
        rows.append([_td("省直主管\n单位或设\n区市人社\n部门审核\n意见"), _td("(盖章)\n年 月 日", 3)])
    n = 1 if form == "national" else 2
    title = "专业技术人员知识更新工程 2025 年高级研修项目申报表" if n == 1 else "专业技术人员知识更新工程 2025 年省级高级研修项目申报表"
    heading = [
        f"附件 {n}",
        title,
        f"申报单位：{d.get('declarant', '')}（盖章）",
        "申报时间：2025 年 2 月 10 日" if form == "provincial" else "申报时间：      年    月    日",
    ]
    return _page(heading, rows), d


def moved() -> tuple[str, dict]:
    """附件2 rearranged: a title with another year, both heading lines on one line, the host block first under a
    block label that is a row of its own, a label and its value in one cell (项目名称：…), guidance left in a label
    cell, ticks as [√] and boxes deleted, dates and a count written as people write them, a row added."""
    d = PROVINCIAL
    rows = [
        [_td("承 办 单 位 信 息", 4)],
        [_td("单位名称"), _td(d["host_name"]), _td("联系人"), _td(d["host_contact"])],
        [_td("办公电话"), _td(d["host_phone"]), _td("手　机"), _td(d["host_mobile"])],
        [_td("传　真"), _td(d["host_fax"]), _td("地　址"), _td(d["host_address"])],
        [_td("是否继续教育基地"), _td("[√]是第3批国家级继续教育基地　[ ]是省级继续教育基地　[ ]否", 3)],
        [_td(f"项目名称：{d['project_name']}", 4)],
        [_td("办班时间"), _td("2025.5.12-5.16"), _td("办班地点"), _td(d["venue"])],
        [_td("选题所属专业\n技术领域"), _td(d["domain"]), _td("选题所属行业主管部门"), _td(d["ministry"])],
        [
            _td("是否符合选题范围"),
            _td("☐服务重大战略：\n对接产业需求：服务海洋渔业转型升级（示例）\n突出数字技术：数字孪生与物联网运维（示例）", 3),
        ],
        [_td("研修目的和作用"), _td(d["purpose"], 3)],
        [_td(f"研修内容和方式{CONTENT_HELP}"), _td(d["content"], 3)],
        [_td("授课专家情况"), _td(d["experts"], 3)],
        [_td("培训对象"), _td("面向全省海洋渔业企业的中高级技术人员，计划招收学员五十人。", 3)],
        [_td("备注"), _td("无", 3)],
        [_td("省直主管单位或设区市人社部门审核意见"), _td("（盖章）\n年　月　日", 3)],
    ]
    heading = [
        "附件2",
        "专业技术人员知识更新工程2026年省级高级研修项目申报表",
        f"申报单位：{d['declarant']}（盖章）　　　　申报时间：2025/2/10",
    ]
    expected = {**d, "audience": "面向全省海洋渔业企业的中高级技术人员，计划招收学员五十人。"}
    return _page(heading, rows), expected


def clerk() -> tuple[str, dict]:
    """附件2 as a clerk fills it: an empty column added after each label, labels typed with a colon in their own cell
    (项目名称：), a bracket (办班时间（起止日期）) or （必填）, a label typed over two cells one above the other
    (选题所属 / 专业技术领域), labels with their value below them in the same cell (培训对象⏎…, and 研修内容和方式 with its
    printed guidance), ticks in brackets, each option of 是否继续教育基地 in a cell of its own with its tick in the next,
    and the landline and the mobile in one cell with 手机 left empty."""
    d = PROVINCIAL
    e = _td("")
    topics = "（ ）服务重大战略：\n（√）对接产业需求：服务海洋渔业转型升级（示例）\n（√）突出数字技术：数字孪生与物联网运维（示例）"
    rows = [
        [_td("项目名称："), e, _td(d["project_name"], 3)],
        [_td("办班时间（起止日期）"), e, _td("2025.05.12—2025.05.16"), _td("办班地点（必填）"), _td(d["venue"])],
        [_td("选题所属"), e, _td(d["domain"], rows=2), _td("选题所属行业主管部门", rows=2), _td(d["ministry"], rows=2)],
        [_td("专业技术领域"), e],
        [_td("是否符合选题范围"), e, _td(topics, 3)],
        [_td("研修目的和作用"), e, _td(d["purpose"], 3)],
        [_td(f"研修内容和方式\n{CONTENT_HELP}\n{d['content']}"), e, _td("", 3)],
        [_td("授课专家情况（必填）"), e, _td(d["experts"], 3)],
        [_td(f"培训对象\n{d['audience']}"), e, _td("", 3)],
        [_td("承办单位信息", rows=4), _td("单位名称"), e, _td(d["host_name"]), _td("联系人"), _td(d["host_contact"])],
        [_td("办公电话"), e, _td("0591-12345678 / 13800000000"), _td("手机"), e],
        [_td("传真"), e, _td(d["host_fax"]), _td("地址"), _td(d["host_address"])],
        [_td("是否继续教育基地"), e, _td("是第3批国家级继续教育基地"), _td("√"), _td("是省级继续教育基地"), e, _td("否"), e],
    ]
    heading = [
        "附件2",
        "专业技术人员知识更新工程2025年省级高级研修项目申报表",
        f"申报单位：{d['declarant']}（盖章）",
        "申报时间：2025年2月10日",
    ]
    return _page(heading, rows), d


def framed() -> tuple[str, dict]:
    """The clerk's 附件2 pasted into a one-cell frame table, and after it a list of the teachers (授课专家名单) whose
    header says 姓名, 单位, 联系人 and 办公电话: a second table that shares labels with the form."""
    page, d = clerk()
    table = page[page.index("<table") : page.index("</table>") + len("</table>")]
    experts = [
        [_td(t) for t in ("姓名", "单位", "职称", "联系人", "办公电话")],
        [_td(t) for t in ("张示例", "示例大学（虚构）", "教授", "赵示例", "0591-87654321")],
    ]
    after = '<p>授课专家名单</p><table border="1">' + "".join(f"<tr>{''.join(r)}</tr>" for r in experts) + "</table>"
    return page.replace(table, f'<table border="1"><tr><td>{table}</td></tr></table>{after}'), d


def summary_html() -> tuple[str, list[list[str]]]:
    """附件3 as the notice prints it, two rows filled in."""
    rows = [
        [PROVINCIAL["project_name"], PROVINCIAL["host_name"], "王示例", "0591-12345678\n13800000000", "海洋渔业"],
        [NATIONAL["project_name"], NATIONAL["host_name"], "陈示例", "0592-7654321", "智能制造"],
    ]
    table = [[_td(t) for t in ("序号", "研修选题", "承办单位", "联系人", "联系电话", "所属专业技术领域")]]
    table += [[_td(str(n)), *(_td(v) for v in row)] for n, row in enumerate(rows, 1)]
    heading = [
        "附件3",
        "福建省专业技术人才知识更新工程 2025 年高级研修项目汇总表",
        "主管部门或申报单位(盖章): 示例市人社局（虚构）",
        "填表日期: 2025 年 2 月 15 日",
    ]
    return _page(heading, table), rows


def with_summary() -> str:
    """附件2 and, after it in the same document, 附件3: as an institution may send them in one file."""
    form, _ = official("provincial")
    summary, _ = summary_html()
    body = summary.split("<body>", 1)[1]
    return form.replace("</body></html>", body)


def convert(folder: Path, pages: dict[str, str]) -> dict[str, bytes]:
    """Each HTML page (by stem) converted by LibreOffice to .docx and .xlsx: {"stem.docx": bytes, "stem.xlsx": bytes}."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for stem, text in pages.items():
        path = folder / f"{stem}.html"
        path.write_text(text, encoding="utf-8")
        sources.append(str(path))
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"
    out = folder / "out"
    run = ["soffice", profile, "--headless"]
    subprocess.run(
        [*run, "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), *sources], check=True, capture_output=True, timeout=300
    )
    subprocess.run(
        [*run, "--infilter=HTML (StarCalc)", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *sources],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {f"{stem}.{ext}": (out / f"{stem}.{ext}").read_bytes() for stem in pages for ext in ("docx", "xlsx")}


# ---- openpyxl: a workbook laid out another way ------------------------------------------------


def openpyxl_national() -> tuple[bytes, dict]:
    """附件1 built in Excel another way: labels merged over two columns and values over four, full-width spaces in a
    label, a row per field (办班地点 below 办班时间), the unchosen option deleted, ■ and ✓ (after the option) as ticks,
    the guidance left before the text, a date as a date and a mobile number as a number, and no 传真 row."""
    import io

    d = NATIONAL
    wb = Workbook()
    ws = wb.active
    ws.title = "申报表"
    ws["A1"] = "附件1"
    ws["A2"] = "专业技术人员知识更新工程2025年高级研修项目申报表"
    ws.merge_cells("A2:F2")
    ws["A3"] = "申报单位："
    ws["A4"] = "申报时间："
    rows = [
        ("项\u3000目\u3000名\u3000称", d["project_name"]),
        ("办班时间", "2025年6月9日—13日（共5天）"),
        ("办班地点", d["venue"]),
        ("选题所属行业领域", d["domain"]),
        ("选题所属行业主管部门", d["ministry"]),
        ("申报项目类别(仅单选)", f"自筹经费项目（自筹经费来源：{d['funding_source']}）"),
        ("是否符合选题范围", "■服务重大战略：服务制造强国战略（示例）\n□对接产业需求：\n□突出数字技术："),
        ("研修目的和作用", d["purpose"]),
        ("研修内容和方式", d["content"]),
        ("授课专家情况", d["experts"]),
        ("培训对象", f"{AUDIENCE_HELP}\n{d['audience']}"),
    ]
    r = 5
    for label, value in rows:
        ws.cell(r, 1, label)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        ws.cell(r, 3, value)
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=6)
        r += 1
    ws.cell(r, 1, "申报单位信息")
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)
    for i, (a, b) in enumerate((("单位名称", "联系人"), ("办公电话", "手机"))):
        ws.cell(r + i, 2, a)
        ws.cell(r + i, 4, b)
    r += 2
    host = r
    ws.cell(r, 1, "承办单位信息")
    pairs = (("单位名称", d["host_name"], "联系人", d["host_contact"]), ("办公电话", d["host_phone"], "手机", int(d["host_mobile"])))
    for a, av, b, bv in pairs:
        ws.cell(r, 2, a), ws.cell(r, 3, av), ws.cell(r, 4, b), ws.cell(r, 5, bv)
        r += 1
    ws.cell(r, 2, "地址"), ws.cell(r, 3, d["host_address"])
    r += 1
    ws.cell(r, 2, "是否继续教育基地"), ws.cell(r, 3, "是第____批国家级继续教育基地  是省级继续教育基地✓  否")
    ws.merge_cells(start_row=host, start_column=1, end_row=r, end_column=1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), {k: v for k, v in d.items() if k != "host_fax"}


def openpyxl_summary() -> tuple[bytes, list[list[str]]]:
    """附件3 in Excel another way: its header row lower down, a column added (备注), a label broken over two lines,
    a date as a date, a phone number as a number, an empty row between."""
    import io

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "附件3"
    ws["A2"] = "福建省专业技术人才知识更新工程2025年高级研修项目汇总表"
    ws["A3"] = "主管部门或申报单位（盖章）：示例市人社局（虚构）"
    ws["A4"] = "填表日期："
    ws["B4"] = dt.date(2025, 2, 15)
    header = ["序号", "研修选题", "承办单位", "联系人", "联系电话", "备注", "所属专业\n技术领域"]
    for c, text in enumerate(header, 1):
        ws.cell(6, c, text)
    data = [
        [1, "海上风电运维高级研修班（示例）", "示例能源学院（虚构单位）", "周示例", 13700000000, "", "新能源"],
        None,
        [2, "茶产业数字化高级研修班（示例）", "示例农林学院（虚构单位）", "吴示例", "0599-1234567", "续办", "农业"],
    ]
    for r, row in enumerate(data, 7):
        for c, value in enumerate(row or [], 1):
            ws.cell(r, c, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    rows = [
        ["海上风电运维高级研修班（示例）", "示例能源学院（虚构单位）", "周示例", "13700000000", "新能源"],
        ["茶产业数字化高级研修班（示例）", "示例农林学院（虚构单位）", "吴示例", "0599-1234567", "农业"],
    ]
    return buffer.getvalue(), rows


# The hand-filled Word form of the Pyodide parity corpus (tests/test_pyodide.py), committed so that the parity test
# needs no LibreOffice: regenerate it with `.venv/bin/python tests/handmade.py`.
PARITY_DOCX = Path(__file__).parent / "data" / "handfilled" / "附件2-手填.docx"
# A clerk's 附件2 in a frame table with a teachers' list after it (framed()): nested tables, an added empty column,
# ticks in cells of their own, a mobile in the office-phone cell.
PARITY_FRAMED = PARITY_DOCX.parent / "附件2-套框.docx"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        made = convert(Path(folder), {"provincial": official("provincial")[0], "framed": framed()[0]})
    PARITY_DOCX.parent.mkdir(parents=True, exist_ok=True)
    for path, stem in ((PARITY_DOCX, "provincial"), (PARITY_FRAMED, "framed")):
        path.write_bytes(made[f"{stem}.docx"])
        print(path, len(made[f"{stem}.docx"]))
