"""Write 附件1/附件2 (one project) and 附件3 (many rows) as Excel workbooks laid out like the
official tables, and read an application workbook back into a draft."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import unicodedata
import zipfile
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from ..core import drafts, editions, forms
from ..core.batch import Entry
from ..core.findings import ReadError
from ..core.types import PAPER, cn_date, parse_cn_date
from ..core.words import WORDS
from .layout import APP_WIDTHS, SUMMARY_WIDTHS, attachment_mark, cell_text, document_title, heading_lines, layout, read_cells, summary_lines

TEXT_FONT = PAPER["fonts"]["text"]
TITLE_FONT = PAPER["fonts"]["heading"]
PROP = "knowledge-update"

_thin = Side(style="thin")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
RIGHT_BOTTOM = Alignment(horizontal="right", vertical="bottom", wrap_text=True)

SUMMARY_FIRST_ROW = 6


def _font(size: float = 12, bold: bool = False, name: str = TEXT_FONT) -> Font:
    return Font(name=name, size=size, bold=bold)


def _put(
    ws: Worksheet, first: str, last: str, text: str | int, *, align: Alignment = CENTER, font: Font | None = None, border: bool = True
) -> Cell:
    cell = ws[first]
    if isinstance(text, int):  # a number of our own (序号), never what a user typed
        cell.value = text
    else:
        cell.value = drafts.storable(text) if text else None
    if text and isinstance(text, str):
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


def _heading(ws: Worksheet, edition: editions.Edition, key: str, last_col: str) -> None:
    attachment = edition.attachments[key]
    ws["A1"].value = attachment_mark(edition, key)
    ws["A1"].font = _font(14, name=TITLE_FONT)
    _put(ws, "A2", f"{last_col}2", attachment["heading"], font=_font(18, name=TITLE_FONT), border=False)
    ws.row_dimensions[2].height = 48


def application_workbook(app: drafts.Application) -> Workbook:
    """附件1 or 附件2 for one project, laid out like the official table."""
    form, edition = app.form, app.edition
    wb = Workbook()
    ws = wb.active
    ws.title = attachment_mark(edition, form.id)
    for col, width in APP_WIDTHS.items():
        ws.column_dimensions[col].width = width
    _heading(ws, edition, form.id, "E")
    for number, line in enumerate(heading_lines(app), 3):
        _put(ws, f"A{number}", f"E{number}", line, align=LEFT, border=False)
        ws.row_dimensions[number].height = 24

    plan = layout(form)
    blocks: dict[str, list[int]] = {}
    for number, row in enumerate(plan.rows, plan.first_row):
        lines = 1
        for piece in row.pieces:
            first, last = f"{piece.first}{number}", f"{piece.last}{number}"
            if piece.field is None:
                _put(ws, first, last, piece.text)
                continue
            f = form.field(piece.field)
            text = cell_text(form, app, piece)
            if f.filled_by(form.id) == "reviewer":
                align = RIGHT_BOTTOM
            else:
                align = TOP_LEFT if f.type == "longtext" else LEFT
            _put(ws, first, last, text, align=align)
            lines = max(lines, _lines(text, _width(APP_WIDTHS, piece.first, piece.last)))
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
    extra = {f.id: app.get(f.id) for f in app.form.fields if not f.cell and not f.written_into and app.get(f.id) is not None}
    wb.properties.title = document_title(app.edition, app.form.id)
    wb.properties.subject = drafts.storable(app.get("project_name") or "")
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


def summary_workbook(
    rows: list[list[str]],
    unit: str = "",
    date: dt.date | None = None,
    year: int | None = None,
    review: list[Entry] | None = None,
) -> Workbook:
    """附件3: one numbered row per application under the heading of the notice, and optionally a
    second sheet (审核记录) with every file's findings, or why it could not be read, for the department's own review."""
    edition = editions.load(year)
    columns = forms.summary_columns(edition.year)
    letters = list(SUMMARY_WIDTHS)[: len(columns)]
    last_col = letters[-1]
    wb = Workbook()
    ws = wb.active
    ws.title = attachment_mark(edition, "summary")
    for col, width in SUMMARY_WIDTHS.items():
        ws.column_dimensions[col].width = width
    _heading(ws, edition, "summary", last_col)
    for row, line in enumerate(summary_lines(edition, unit, date), 3):
        _put(ws, f"A{row}", f"{last_col}{row}", line, align=LEFT, border=False)
    for letter, column in zip(letters, columns):
        _put(ws, f"{letter}5", f"{letter}5", column.zh, font=_font(12, bold=True))
    ws.row_dimensions[5].height = 30
    for number, row in enumerate(rows, 1):
        r = SUMMARY_FIRST_ROW - 1 + number
        lines = 1
        for letter, value in zip(letters, [number, *row]):  # 序号 is a number, as a clerk sorts and counts it
            _put(ws, f"{letter}{r}", f"{letter}{r}", value, align=CENTER if letter in "AD" else LEFT)
            lines = max(lines, _lines(str(value), SUMMARY_WIDTHS[letter]))
        ws.row_dimensions[r].height = max(30, lines * 17 + 8)
    ws.print_title_rows = "5:5"
    ws.print_area = f"A1:{last_col}{max(SUMMARY_FIRST_ROW, SUMMARY_FIRST_ROW - 1 + len(rows))}"
    _setup_page(ws)
    if review is not None:
        _review_sheet(wb, review)
    wb.properties.title = document_title(edition, "summary")
    wb.custom_doc_props.append(StringProperty(name=f"{PROP}:format", value=drafts.BATCH_FORMAT))
    wb.custom_doc_props.append(StringProperty(name=f"{PROP}:edition", value=str(edition.year)))
    return wb


def _review_sheet(wb: Workbook, review: list[Entry]) -> None:
    """审核记录: every file of the batch, one row per finding (or why it could not be read), for the department."""
    said = WORDS["zh"]["review"]  # a department's record, in the forms' language
    ws = wb.create_sheet(said["sheet"])
    titles = [said[key] for key in ("number", "file", "severity", "rule", "field", "message", "clause")]
    widths = (6, 28, 10, 22, 16, 60, 12)
    for col, (title, width) in enumerate(zip(titles, widths), 1):
        letter = ws.cell(row=1, column=col).column_letter
        ws.column_dimensions[letter].width = width
        _put(ws, f"{letter}1", f"{letter}1", title, font=_font(11, bold=True))
    r = 2
    for number, entry in enumerate(review, 1):
        if entry.error:
            lines = [[said["unreadable"], "", "", entry.error["zh"], ""]]
        elif entry.findings:
            lines = [[WORDS["zh"]["form"][f.severity], f.rule, f.field or "", f.zh, f.clause] for f in entry.findings]
        else:
            lines = [["", "", "", said["none"], ""]]
        for line in lines:
            values = [str(number), entry.source, *line]
            for col, value in enumerate(values, 1):
                letter = ws.cell(row=r, column=col).column_letter
                _put(ws, f"{letter}{r}", f"{letter}{r}", value, align=LEFT, font=_font(11))
            # the row as tall as its longest cell, so that wrapped text is never cut off (LibreOffice keeps set heights)
            ws.row_dimensions[r].height = max(_lines(v, w) for v, w in zip(values, widths)) * 15 + 6
            r += 1
    ws.freeze_panes = "A2"
    _setup_page(ws, landscape=True)
    ws.print_title_rows = "1:1"


def write_summary(
    rows: list[list[str]],
    unit: str = "",
    date: dt.date | None = None,
    year: int | None = None,
    review: list[Entry] | None = None,
) -> bytes:
    """The .xlsx bytes of 附件3."""
    return to_bytes(summary_workbook(rows, unit, date, year, review))


# ---- reading back ----------------------------------------------------------------


MAX_UNPACKED = 100 * 1024 * 1024  # what a workbook may expand to: a zip bomb is refused before openpyxl reads it


def _open(data: bytes) -> Workbook:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        unpacked = 0
    if unpacked > MAX_UNPACKED:
        raise ReadError.of("unpacks_too_large", limit=MAX_UNPACKED // 1024 // 1024)
    try:
        return load_workbook(io.BytesIO(data))
    except Exception:
        raise ReadError.of("not_xlsx") from None


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
    raise ReadError.of("not_our_workbook")


def _text(ws: Worksheet, coordinate: str) -> str:
    value = ws[coordinate].value
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return cn_date(value.date() if isinstance(value, dt.datetime) else value)
    return str(value)


def read_application(data: bytes) -> dict[str, Any]:
    """Read 附件1/附件2 written by this package back into a draft (unparseable cells are kept as typed)."""
    wb = _open(data)
    form_id, year = _identify(wb)
    form, edition = forms.load(form_id, year), editions.load(year)
    ws = wb.worksheets[0]
    values = read_cells(form, edition, _text(ws, "A3"), _text(ws, "A4"), lambda coordinate: _text(ws, coordinate))
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


def is_summary(data: bytes) -> bool:
    """Whether the bytes are a 附件3 workbook (ours, or one with the official heading)."""
    try:
        wb = _open(data)
    except ReadError:
        return False
    if _props(wb).get("format") == drafts.BATCH_FORMAT:
        return True
    heading = str(wb.worksheets[0]["A2"].value or "").replace(" ", "")
    return any(heading == editions.load(year).attachments["summary"]["heading"] for year in editions.available())


def read_summary(data: bytes) -> tuple[dict[str, str], list[list[str]]]:
    """The heading (unit, date) and the rows (without 序号) of a 附件3, to extend it with new applications."""
    ws = _open(data).worksheets[0]
    header = {
        "unit": re.sub(r"^[^：:]*[：:]", "", _text(ws, "A3")).strip(),
        "date": parse_cn_date(re.sub(r"^[^：:]*[：:]", "", _text(ws, "A4")).strip()) or "",
    }
    width = len(forms.summary_columns()) - 1
    rows = []
    for r in range(SUMMARY_FIRST_ROW, ws.max_row + 1):
        cells = [_text(ws, f"{col}{r}").strip() for col in list(SUMMARY_WIDTHS)[1 : width + 1]]
        if any(cells):
            rows.append(cells)
    return header, rows
