"""Write 附件1/附件2 (one project) and 附件3 (many rows) as Excel workbooks laid out like the
official tables, and read an application workbook back into a draft."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from . import drafts, editions, forms
from .findings import ReadError

TICKED, UNTICKED = "☑", "☐"
# Marks people type when they tick a box by hand in Excel or WPS.
_TICK_MARKS = "☑☒✔✓√■▣●"
_BOX = f"[{UNTICKED}{_TICK_MARKS}□]"

TEXT_FONT = "仿宋"
TITLE_FONT = "黑体"
PROP = "knowledge-update"

_thin = Side(style="thin")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
RIGHT_BOTTOM = Alignment(horizontal="right", vertical="bottom", wrap_text=True)

# Column widths of 附件1/附件2: block label, label, value, label, value.
APP_COLUMNS = {"A": 12, "B": 11, "C": 26, "D": 11, "E": 26}
SUMMARY_WIDTHS = {"A": 6, "B": 30, "C": 24, "D": 10, "E": 18, "F": 20}


# ---- cell texts: each field's value as it stands in its cell, and back ----------


def _cn_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "    年    月    日"


_CN_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")


def _parse_cn_date(text: str) -> str | None:
    match = _CN_DATE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def _box(ticked: bool) -> str:
    return TICKED if ticked else UNTICKED


def _is_ticked(mark: str) -> bool:
    return mark in _TICK_MARKS


def period_text(value: dict[str, Any] | None) -> str:
    """办班时间 as written in its cell: 2025年6月10日至2025年6月15日."""
    value = value or {}
    if not (value.get("start") or value.get("end")):
        return ""
    return f"{_cn_date(value.get('start'))}至{_cn_date(value.get('end'))}"


def _read_period(text: str) -> Any:
    parts = re.split(r"\s*(?:至|到|—|～|~)\s*", text.strip())
    if len(parts) == 2:
        ends = [_parse_cn_date(p) if p.strip(" 年月日") else "" for p in parts]
        if None not in ends:
            return {k: v for k, v in zip(("start", "end"), ends) if v}
    return text  # kept as typed: validation explains what is wrong with it


def funding_text(field: forms.Field, value: Any, source: str | None) -> str:
    """申报项目类别: ☐财政资助项目　☑自筹经费项目（自筹经费来源：…）."""
    chosen = value if isinstance(value, list) else [value]
    fiscal, own = field.options
    return f"{_box(fiscal.id in chosen)}{fiscal.zh}　　{_box(own.id in chosen)}{own.zh}（自筹经费来源：{source or '　　　　'}）"


def _read_funding(field: forms.Field, text: str) -> tuple[Any, str | None]:
    fiscal, own = field.options
    match = re.fullmatch(rf"({_BOX})\s*{fiscal.zh}\s*({_BOX})\s*{own.zh}\s*[（(]自筹经费来源[：:](.*)[）)]", text.strip(), re.S)
    if not match:
        return text, None
    chosen = [o.id for o, mark in ((fiscal, match[1]), (own, match[2])) if _is_ticked(mark)]
    source = match[3].strip() or None
    return (chosen[0] if len(chosen) == 1 else chosen or None), source


def base_text(field: forms.Field, value: Any, batch: str | None) -> str:
    """是否继续教育基地: ☐是第__批国家级继续教育基地　☐是省级继续教育基地　☐否."""
    chosen = value if isinstance(value, list) else [value]
    return "　　".join(f"{_box(o.id in chosen)}{o.label('zh', batch=batch) if batch else o.label('zh')}" for o in field.options)


def _read_base(field: forms.Field, text: str) -> tuple[Any, str | None]:
    national, provincial, no = field.options
    pattern = rf"({_BOX})\s*是第(.*?)批国家级继续教育基地\s*({_BOX})\s*{provincial.zh}\s*({_BOX})\s*{no.zh}"
    match = re.fullmatch(pattern, text.strip(), re.S)
    if not match:
        return text, None
    chosen = [o.id for o, mark in ((national, match[1]), (provincial, match[3]), (no, match[4])) if _is_ticked(mark)]
    batch = match[2].strip(" _　") or None
    return (chosen[0] if len(chosen) == 1 else chosen or None), batch


def topic_text(option: forms.Option, entry: dict[str, Any] | None) -> str:
    """One line of 是否符合选题范围: ☑服务重大战略：…"""
    entry = entry or {}
    return f"{_box(entry.get('ticked', False))}{option.zh}：{entry.get('text', '')}"


def _read_topic(option: forms.Option, text: str) -> dict[str, Any] | None:
    match = re.fullmatch(rf"({_BOX})\s*{option.zh}\s*[：:]?(.*)", text.strip(), re.S)
    if not match:
        return {"ticked": False, "text": text.strip()} if text.strip() else None
    entry = {"ticked": _is_ticked(match[1]), "text": drafts.normalise_text(match[2])}
    return entry if entry["ticked"] or entry["text"] else None


def longtext_text(form: forms.Form, field: forms.Field, value: str | None, app: drafts.Application) -> str:
    """A long-text cell: the official help first, then the text (and, in 培训对象, the trainee sentence)."""
    parts = [field.help(form.id), value or ""]
    trainees = next((f for f in form.fields if f.raw.get("written_into") == field.id), None)
    if trainees and app.get(trainees.id):
        parts.append(trainees_sentence(app))
    return "\n".join(p for p in parts if p)


def trainees_sentence(app: drafts.Application) -> str:
    """面向全国招收学员，计划招收50人。 — the planned count, written into 培训对象."""
    return app.edition.level_of(app.form.id).trainees_sentence.format(n=app.get("trainees"))


def _sentence_pattern(app_form: str, edition: editions.Edition) -> re.Pattern[str]:
    template = re.escape(edition.level_of(app_form).trainees_sentence).replace(re.escape("{n}"), r"(\d+)")
    return re.compile(rf"(?:^|\n){template}$")


def _read_longtext(form: forms.Form, field: forms.Field, edition: editions.Edition, text: str) -> dict[str, Any]:
    text = drafts.normalise_text(text)
    found: dict[str, Any] = {}
    help_text = field.help(form.id)
    if help_text and text.startswith(help_text):
        text = text[len(help_text) :].lstrip("\n")
    if any(f.raw.get("written_into") == field.id for f in form.fields):
        match = _sentence_pattern(form.id, edition).search(text)
        if match:
            found["trainees"] = int(match[1])
            text = text[: match.start()]
    found[field.id] = drafts.normalise_text(text) or None
    return found


# ---- the layout: which cells hold which field --------------------------------


@dataclass
class Piece:
    """One merged range of a table row: a label, or the value of a field (or of one option)."""

    first: str
    last: str
    text: str = ""
    field: str | None = None
    option: str | None = None


@dataclass
class Row:
    """One row of the table and the pieces it is made of."""

    pieces: list[Piece]
    tall: bool = False
    block: str | None = None


@dataclass
class Layout:
    """The rows of 附件1 or 附件2, with block labels merged down column A."""

    rows: list[Row] = field(default_factory=list)
    first_row: int = 5

    def cells(self) -> dict[tuple[str, str | None], str]:
        """Map (field, option) to the coordinate of its value cell."""
        found = {}
        for number, row in enumerate(self.rows, self.first_row):
            for piece in row.pieces:
                if piece.field:
                    found[(piece.field, piece.option)] = f"{piece.first}{number}"
        return found


def layout(form: forms.Form) -> Layout:
    """Lay the form's table out as the official one: label | value (| label | value)."""
    groups = forms.groups()
    fields = [f for f in form.fields if f.in_table]
    result = Layout()
    i = 0
    while i < len(fields):
        f = fields[i]
        nxt = fields[i + 1] if i + 1 < len(fields) else None
        label = f.label(form.id)
        if f.type == "topics":
            for option in f.options:
                result.rows.append(Row([Piece("B", "E", field=f.id, option=option.id)], block=label))
        elif f.group:
            block = groups[f.group]["zh"]
            if f.half and nxt and nxt.half and nxt.group == f.group:
                pieces = [Piece("B", "B", f.label(form.id)), Piece("C", "C", field=f.id)]
                pieces += [Piece("D", "D", nxt.label(form.id)), Piece("E", "E", field=nxt.id)]
                i += 1
            else:
                pieces = [Piece("B", "B", label), Piece("C", "E", field=f.id)]
            result.rows.append(Row(pieces, block=block))
        elif f.half and nxt and nxt.half and not nxt.group:
            pieces = [Piece("A", "A", label), Piece("B", "C", field=f.id), Piece("D", "D", nxt.label(form.id)), Piece("E", "E", field=nxt.id)]
            result.rows.append(Row(pieces))
            i += 1
        else:
            result.rows.append(Row([Piece("A", "A", label), Piece("B", "E", field=f.id)], tall=f.type == "longtext"))
        i += 1
    return result


# ---- writing -------------------------------------------------------------------


def _font(size: float = 12, bold: bool = False, name: str = TEXT_FONT) -> Font:
    return Font(name=name, size=size, bold=bold)


def storable(text: str) -> str:
    """Replace the characters an .xlsx file cannot hold (reported by the rule text.unstorable)."""
    return drafts.UNSTORABLE.sub(drafts.REPLACEMENT, text)


def _put(ws: Worksheet, first: str, last: str, text: str, *, align: Alignment = CENTER, font: Font | None = None, border: bool = True) -> Cell:
    cell = ws[first]
    cell.value = storable(text) if text else None
    if text:
        cell.data_type = "s"  # always text: "=SUM(A1)" or "+86…" stay literal
        cell.quotePrefix = text[0] in "=+-@"
    cell.alignment = align
    cell.font = font or _font()
    if first != last:
        ws.merge_cells(f"{first}:{last}")
    if border:
        for row in ws[f"{first}:{last}"]:
            for c in row:
                c.border = BORDER
    return cell


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    """How many lines the text takes in a wrapped cell `width` characters wide (12pt text)."""
    usable = max(width * 0.9, 4)
    return sum(max(1, math.ceil(_display_width(line) * 1.25 / usable)) for line in (text or "").split("\n"))


def _width(columns: dict[str, float], first: str, last: str) -> float:
    keys = list(columns)
    return sum(columns[k] for k in keys[keys.index(first) : keys.index(last) + 1])


def _setup_page(ws: Worksheet, landscape: bool = False) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.sheet_view.showGridLines = False


def _cell_text(form: forms.Form, app: drafts.Application, piece: Piece) -> str:
    f = form.field(piece.field)
    value = app.get(f.id)
    if f.filled_by(form.id) == "reviewer":
        return value or ""
    if f.type == "topics":
        return topic_text(f.option(piece.option), (value or {}).get(piece.option))
    if f.id == "funding":
        return funding_text(f, value, app.get("funding_source"))
    if f.id == "base":
        return base_text(f, value, app.get("base_batch"))
    if f.type == "daterange":
        return period_text(value)
    if f.type == "date":
        return _cn_date(value) if value else ""
    if f.type == "longtext":
        return longtext_text(form, f, value, app)
    return "" if value is None else str(value)


def _heading(ws: Worksheet, edition: editions.Edition, key: str, last_col: str) -> None:
    attachment = edition.attachments[key]
    ws["A1"].value = f"附件{attachment['number']}"
    ws["A1"].font = _font(14, name=TITLE_FONT)
    _put(ws, "A2", f"{last_col}2", attachment["heading"], font=_font(18, name=TITLE_FONT), border=False)
    ws.row_dimensions[2].height = 48


def application_workbook(app: drafts.Application) -> Workbook:
    """附件1 or 附件2 for one project, laid out like the official table."""
    form, edition = app.form, app.edition
    wb = Workbook()
    ws = wb.active
    ws.title = f"附件{form.attachment}"
    for col, width in APP_COLUMNS.items():
        ws.column_dimensions[col].width = width
    _heading(ws, edition, form.id, "E")
    declarant = app.get("declarant") or ""
    _put(ws, "A3", "E3", f"申报单位：{declarant}（盖章）", align=LEFT, border=False)
    _put(ws, "A4", "E4", f"申报时间：{_cn_date(app.get('declared_on'))}", align=LEFT, border=False)
    ws.row_dimensions[3].height = ws.row_dimensions[4].height = 24

    plan = layout(form)
    blocks: dict[str, list[int]] = {}
    for number, row in enumerate(plan.rows, plan.first_row):
        lines = 1
        for piece in row.pieces:
            if piece.field is None:
                _put(ws, f"{piece.first}{number}", f"{piece.last}{number}", piece.text)
                continue
            f = form.field(piece.field)
            text = _cell_text(form, app, piece)
            reviewer = f.filled_by(form.id) == "reviewer"
            align = RIGHT_BOTTOM if reviewer else (TOP_LEFT if f.type == "longtext" else LEFT)
            if reviewer:
                text = "\n".join(filter(None, [text, "（盖章）", "年    月    日"]))
            _put(ws, f"{piece.first}{number}", f"{piece.last}{number}", text, align=align)
            lines = max(lines, _lines(text, _width(APP_COLUMNS, piece.first, piece.last)))
        if row.block:
            blocks.setdefault(row.block, []).append(number)
        minimum = 80 if row.tall else 30
        ws.row_dimensions[number].height = max(minimum, lines * 17 + 8)
    for label, numbers in blocks.items():
        _put(ws, f"A{numbers[0]}", f"A{numbers[-1]}", label)

    last = plan.first_row + len(plan.rows) - 1
    ws.print_area = f"A1:E{last}"
    _setup_page(ws)
    _properties(wb, app)
    return wb


def _properties(wb: Workbook, app: drafts.Application) -> None:
    """Record what the workbook is, and the answers that have no cell, so it can be read back."""
    extra = {f.id: app.get(f.id) for f in app.form.fields if not f.raw.get("cell", True) and not f.raw.get("written_into") and app.get(f.id) is not None}
    wb.properties.title = f"附件{app.form.attachment} {app.edition.attachments[app.form.id]['title']}"
    wb.properties.subject = app.get("project_name") or ""
    wb.properties.creator = "knowledge-update-forms"
    for name, value in (
        ("format", drafts.FORMAT),
        ("version", str(drafts.VERSION)),
        ("edition", str(app.edition.year)),
        ("form", app.form.id),
        ("answers", json.dumps(extra, ensure_ascii=False)),
    ):
        wb.custom_doc_props.append(StringProperty(name=f"{PROP}:{name}", value=value))


def to_bytes(wb: Workbook) -> bytes:
    """Serialise a workbook."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_application(app: drafts.Application) -> bytes:
    """The .xlsx bytes of 附件1 or 附件2."""
    return to_bytes(application_workbook(app))


def summary_row(app: drafts.Application) -> list[str]:
    """One application's row of 附件3, without its 序号."""
    row = []
    for column in forms.summary_columns(app.edition.year)[1:]:
        row.append("、".join(str(app.get(source)) for source in column.sources if app.get(source)))
    return row


def summary_workbook(apps: list[drafts.Application], unit: str = "", date: dt.date | None = None, year: int | None = None) -> Workbook:
    """附件3 with one numbered row per application, under the heading of the notice."""
    edition = editions.load(year if year is not None else (apps[0].edition.year if apps else None))
    columns = forms.summary_columns(edition.year)
    header = {h["id"]: h["zh"] for h in forms.summary_header(edition.year)}
    letters = list(SUMMARY_WIDTHS)[: len(columns)]
    last_col = letters[-1]
    wb = Workbook()
    ws = wb.active
    ws.title = "附件3"
    for col, width in SUMMARY_WIDTHS.items():
        ws.column_dimensions[col].width = width
    _heading(ws, edition, "summary", last_col)
    _put(ws, "A3", f"{last_col}3", f"{header['unit']}：{unit}", align=LEFT, border=False)
    _put(ws, "A4", f"{last_col}4", f"{header['date']}：{_cn_date(date)}", align=LEFT, border=False)
    for letter, column in zip(letters, columns):
        _put(ws, f"{letter}5", f"{letter}5", column.zh, font=_font(12, bold=True))
    ws.row_dimensions[5].height = 30
    for number, app in enumerate(apps, 1):
        r = 5 + number
        values = [str(number), *summary_row(app)]
        lines = 1
        for letter, value in zip(letters, values):
            _put(ws, f"{letter}{r}", f"{letter}{r}", value, align=CENTER if letter in "AD" else LEFT)
            lines = max(lines, _lines(value, SUMMARY_WIDTHS[letter]))
        ws.row_dimensions[r].height = max(30, lines * 17 + 8)
    ws.print_title_rows = "5:5"
    ws.print_area = f"A1:{last_col}{max(6, 5 + len(apps))}"
    _setup_page(ws)
    wb.properties.title = f"附件3 {edition.attachments['summary']['title']}"
    wb.custom_doc_props.append(StringProperty(name=f"{PROP}:format", value=drafts.BATCH_FORMAT))
    wb.custom_doc_props.append(StringProperty(name=f"{PROP}:edition", value=str(edition.year)))
    return wb


def write_summary(apps: list[drafts.Application], unit: str = "", date: dt.date | None = None, year: int | None = None) -> bytes:
    """The .xlsx bytes of 附件3."""
    return to_bytes(summary_workbook(apps, unit, date, year))


# ---- file names ----------------------------------------------------------------

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _safe(text: str, limit: int = 50) -> str:
    text = re.sub(r"\s+", " ", _UNSAFE.sub("", text)).strip(" .")
    return text[:limit]


def filename(app: drafts.Application, suffix: str = ".xlsx") -> str:
    """附件1-专业技术人才知识更新工程2025年高级研修项目申报表-〈项目名称〉.xlsx"""
    attachment = app.edition.attachments[app.form.id]
    name = _safe(app.get("project_name") or "") or "未命名项目"
    return f"附件{attachment['number']}-{attachment['title']}-{name}{suffix}"


def summary_filename(year: int | None = None, unit: str = "", suffix: str = ".xlsx") -> str:
    """附件3-福建省专业技术人才知识更新工程2025年高级研修项目汇总表(-〈单位〉).xlsx"""
    attachment = editions.load(year).attachments["summary"]
    tail = f"-{_safe(unit)}" if _safe(unit) else ""
    return f"附件{attachment['number']}-{attachment['title']}{tail}{suffix}"


# ---- reading back ----------------------------------------------------------------


def _open(data: bytes) -> Workbook:
    try:
        return load_workbook(io.BytesIO(data))
    except Exception:
        raise ReadError(
            "无法打开这个文件：它不是 .xlsx 格式的 Excel 工作簿（.xls 请先另存为 .xlsx）。",
            "Cannot open this file: it is not an .xlsx workbook (save an .xls file as .xlsx first).",
        ) from None


def _props(wb: Workbook) -> dict[str, str]:
    prefix = f"{PROP}:"
    return {p.name[len(prefix) :]: str(p.value) for p in wb.custom_doc_props.props if p.name.startswith(prefix)}


def _identify(wb: Workbook) -> tuple[str, int]:
    """Which form and edition a workbook holds: from its properties, else from its heading."""
    props = _props(wb)
    if props.get("format") == drafts.FORMAT and props.get("form") in forms.FORMS and props.get("edition", "").isdigit():
        return props["form"], int(props["edition"])
    heading = str(wb.worksheets[0]["A2"].value or "").replace(" ", "")
    for year in editions.available():
        for form in forms.FORMS:
            if heading == editions.load(year).attachments[form]["heading"]:
                return form, year
    raise ReadError(
        "这个工作簿不是本工具生成的附件1或附件2申报表（第2行的标题不符），无法读取。请上传本工具下载的申报表，或重新填写。",
        "This workbook is not an 附件1 or 附件2 application written by this tool (the title in row 2 does not match). "
        "Upload a form downloaded from this tool, or fill the form in again.",
    )


def _text(ws: Worksheet, coordinate: str) -> str:
    value = ws[coordinate].value
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return _cn_date(value if isinstance(value, dt.date) else value.date())
    return str(value)


def read_application(data: bytes) -> dict[str, Any]:
    """Read 附件1/附件2 written by this package back into a draft (unparseable cells are kept as typed)."""
    wb = _open(data)
    form_id, year = _identify(wb)
    form, edition = forms.load(form_id, year), editions.load(year)
    ws = wb.worksheets[0]
    values: dict[str, Any] = {}

    heading3 = re.fullmatch(r"申报单位[：:](.*?)[（(]盖章[）)]", _text(ws, "A3").strip(), re.S)
    if heading3 and heading3[1].strip():
        values["declarant"] = heading3[1].strip()
    declared = re.sub(r"^申报时间[：:]", "", _text(ws, "A4").strip()).strip()
    if declared.strip(" 年月日"):
        values["declared_on"] = _parse_cn_date(declared) or declared

    for (field_id, option), coordinate in layout(form).cells().items():
        f = form.field(field_id)
        text = drafts.normalise_text(_text(ws, coordinate))
        if f.type == "topics":
            entry = _read_topic(f.option(option), text)
            if entry:
                values.setdefault(field_id, {})[option] = entry
        elif field_id == "funding":
            values["funding"], values["funding_source"] = _read_funding(f, text)
        elif field_id == "base":
            values["base"], values["base_batch"] = _read_base(f, text)
        elif f.type == "daterange":
            values[field_id] = _read_period(text) if text else None
        elif f.filled_by(form.id) == "reviewer":
            text = re.sub(r"\n?（盖章）\n年\s+月\s+日$", "", text).strip()
            values[field_id] = text or None
        elif f.type == "longtext":
            values.update(_read_longtext(form, f, edition, text))
        else:
            values[field_id] = text or None

    answers = _props(wb).get("answers")
    if answers:
        try:
            extra = json.loads(answers)
        except ValueError:
            extra = {}
        if isinstance(extra, dict):
            values.update({k: v for k, v in extra.items() if form.has(k)})
    data_ = {k: v for k, v in values.items() if v not in (None, "", {}, [])}
    return drafts.new_draft(form.id, edition.year, data_)
