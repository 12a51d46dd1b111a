"""Write 附件1/附件2 (one project) and 附件3 (many rows) as Excel workbooks laid out like the
official tables, and read an application workbook back into a draft."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ..core import drafts, editions, forms
from ..core.batch import Batch
from ..core.findings import ReadError
from ..core.types import PAPER, cn_date, parse_cn_date
from ..core.words import WORDS
from . import widths
from .layout import (
    APP_WIDTHS,
    PROP,
    answers,
    attachment_mark,
    cell_text,
    document_title,
    heading_lines,
    layout,
    properties,
    read_cells,
    review_plan,
    review_rows,
    summary_lines,
    summary_plan,
)

TEXT_FONT = PAPER["fonts"]["text"]
TITLE_FONT = PAPER["fonts"]["heading"]

_thin = Side(style="thin")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
RIGHT_BOTTOM = Alignment(horizontal="right", vertical="bottom", wrap_text=True)

SUMMARY_FIRST_ROW = 6
REVIEW_HEIGHT = 120  # points (4.2 cm): the 审核意见 box holds an opinion and a 4 cm seal

# Excel's column width unit: the widest digit of the workbook's font (Calibri 11: 7 pixels, 5.25 points). LibreOffice
# measures it with Carlito a little wider (5.55 points), so the tables plan on 94 % of the page to fit both unscaled.
UNIT = 5.25
MARGIN = 0.6  # inches, left and right
LANDSCAPE_ROOM = (841.9 - 2 * 72 * MARGIN) * 0.94  # points of A4 landscape between the margins
CELL_PAD = 6.0  # points an office program keeps free inside a cell, both sides together


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
    ws.page_margins.left = ws.page_margins.right = MARGIN
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.sheet_view.showGridLines = False


def _heading(ws: Worksheet, edition: editions.Edition, key: str, last_col: str) -> None:
    attachment = edition.attachments[key]
    ws["A1"].value = attachment_mark(edition, key)
    ws["A1"].font = _font(14, name=TITLE_FONT)
    room = sum(ws.column_dimensions[get_column_letter(i)].width for i in range(1, column_index_from_string(last_col) + 1)) * UNIT
    size = widths.title_size(attachment["heading"], room - CELL_PAD, 18)  # on one line: no “表” alone below it
    _put(ws, "A2", f"{last_col}2", attachment["heading"], font=_font(size, name=TITLE_FONT), border=False)
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
        lines, reviewer = 1, False
        for piece in row.pieces:
            first, last = f"{piece.first}{number}", f"{piece.last}{number}"
            if piece.field is None:
                # a label LibreOffice would break anywhere (“申报项目类别（仅单选” over a lone “）”) is broken by hand
                width = _width(APP_WIDTHS, piece.first, piece.last) * UNIT
                text = widths.balanced(piece.label.zh, (width - CELL_PAD) / 6)
                _put(ws, first, last, text)
                lines = max(lines, text.count("\n") + 1)
                continue
            f = form.field(piece.field)
            text = cell_text(form, app, piece)
            if f.filled_by(form.id) == "reviewer":
                align, reviewer = RIGHT_BOTTOM, True
            else:
                align = TOP_LEFT if f.type == "longtext" else LEFT
            _put(ws, first, last, text, align=align)
            lines = max(lines, _lines(text, _width(APP_WIDTHS, piece.first, piece.last)))
        if row.block:
            blocks.setdefault(row.block.zh, []).append(number)
        minimum = REVIEW_HEIGHT if reviewer else 80 if row.tall else 30
        ws.row_dimensions[number].height = max(minimum, lines * 17 + 8)
    for label, numbers in blocks.items():
        _put(ws, f"A{numbers[0]}", f"A{numbers[-1]}", widths.balanced(label, (APP_WIDTHS["A"] * UNIT - CELL_PAD) / 6))

    last = plan.first_row + len(plan.rows) - 1
    ws.print_area = f"A1:E{last}"
    _setup_page(ws)
    _properties(wb, app)
    return wb


def _properties(wb: Workbook, app: drafts.Application) -> None:
    """Record what the workbook is, and the answers that have no cell, so it can be read back."""
    wb.properties.title = document_title(app.edition, app.form.id)
    wb.properties.subject = drafts.storable(app.get("project_name") or "")
    wb.properties.creator = "knowledge-update-forms"
    for name, value in properties(app).items():
        wb.custom_doc_props.append(StringProperty(name=f"{PROP}:{name}", value=value))


def to_bytes(wb: Workbook) -> bytes:
    """Serialise a workbook."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_application(app: drafts.Application) -> bytes:
    """The .xlsx bytes of 附件1 or 附件2."""
    return to_bytes(application_workbook(app))


def _set_widths(ws: Worksheet, points: list[float]) -> list[str]:
    """Set the columns' widths (in points of the page) and return their letters."""
    letters = [get_column_letter(i) for i in range(1, len(points) + 1)]
    for letter, width in zip(letters, points):
        ws.column_dimensions[letter].width = round(width / UNIT, 2)
    return letters


def summary_workbook(
    rows: list[list[str]],
    unit: str = "",
    date: dt.date | None = None,
    year: int | None = None,
    review: Batch | None = None,
) -> Workbook:
    """附件3: one numbered row per application under the heading of the notice, and optionally a
    second sheet (审核记录) with the batch's own findings and every file's, or why it could not be read, for the
    department's own review.
    A4 landscape, each column as wide as what it holds (widths.fit), as the Word file."""
    edition = editions.load(year)
    columns = forms.summary_columns(edition.year)
    wb = Workbook()
    ws = wb.active
    ws.title = attachment_mark(edition, "summary")
    plan = summary_plan(rows, edition.year)
    points = widths.fit(plan, 12, LANDSCAPE_ROOM, CELL_PAD)
    letters = _set_widths(ws, points)
    last_col = letters[-1]
    _heading(ws, edition, "summary", last_col)
    for row, line in enumerate(summary_lines(edition, unit, date), 3):
        _put(ws, f"A{row}", f"{last_col}{row}", line, align=LEFT, border=False)
        ws.row_dimensions[row].height = 24
    for letter, column in zip(letters, columns):
        _put(ws, f"{letter}5", f"{letter}5", column.name.zh, font=_font(12, bold=True))
    ws.row_dimensions[5].height = 30
    for number, row in enumerate(rows, 1):
        r = SUMMARY_FIRST_ROW - 1 + number
        lines = 1
        for letter, value, width, column in zip(letters, [number, *row], points, plan):  # 序号 a number, as a clerk sorts and counts it
            _put(ws, f"{letter}{r}", f"{letter}{r}", value, align=CENTER if letter in "AD" else LEFT)
            lines = max(lines, widths.lines(str(value), width, 12, CELL_PAD, column.whole))
        ws.row_dimensions[r].height = max(30, lines * 17 + 8)
    ws.print_title_rows = "5:5"
    ws.print_area = f"A1:{last_col}{max(SUMMARY_FIRST_ROW, SUMMARY_FIRST_ROW - 1 + len(rows))}"
    _setup_page(ws, landscape=True)
    if review is not None:
        _review_sheet(wb, review)
    wb.properties.title = document_title(edition, "summary")
    wb.custom_doc_props.append(StringProperty(name=f"{PROP}:format", value=drafts.BATCH_FORMAT))
    wb.custom_doc_props.append(StringProperty(name=f"{PROP}:edition", value=str(edition.year)))
    return wb


def _review_sheet(wb: Workbook, review: Batch) -> None:
    """审核记录: the batch's own findings, then every file of the batch, one row per finding (or why it could not be
    read), for the department (layout.review_rows). A4 landscape at 11 points; file names and messages wrap in
    columns as wide as the page allows."""
    ws = wb.create_sheet(WORDS["zh"]["review"]["sheet"])
    rows = review_rows(review.entries, review.findings)
    plan = review_plan(rows)
    points = widths.fit(plan, 11, LANDSCAPE_ROOM, CELL_PAD)
    letters = _set_widths(ws, points)
    for letter, column in zip(letters, plan):
        _put(ws, f"{letter}1", f"{letter}1", column.header, font=_font(11, bold=True))
    ws.row_dimensions[1].height = 22
    for r, values in enumerate(rows, 2):
        for letter, value in zip(letters, values):
            _put(ws, f"{letter}{r}", f"{letter}{r}", value, align=LEFT, font=_font(11))
        # the row as tall as its longest cell, so that wrapped text is never cut off (LibreOffice keeps set heights)
        ws.row_dimensions[r].height = max(widths.lines(v, w, 11, CELL_PAD, c.whole) for v, w, c in zip(values, points, plan)) * 15 + 6
    ws.freeze_panes = "A2"
    _setup_page(ws, landscape=True)
    ws.print_title_rows = "1:1"


def write_summary(
    rows: list[list[str]],
    unit: str = "",
    date: dt.date | None = None,
    year: int | None = None,
    review: Batch | None = None,
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
    # A workbook opened here is only read, never saved: the borders openpyxl draws around each merged range as it
    # loads (half the time of loading one of our forms) are left out, the cells and ranges are the same.
    drawn, MergedCellRange.format = MergedCellRange.format, lambda self: None
    try:
        return load_workbook(io.BytesIO(data))
    except Exception:
        raise ReadError.of("not_xlsx") from None
    finally:
        MergedCellRange.format = drawn


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


def read_application(data: bytes, wb: Workbook | None = None) -> dict[str, Any]:
    """Read 附件1/附件2 written by this package back into a draft (unparseable cells are kept as typed); `wb`: the
    bytes already opened."""
    wb = wb or _open(data)
    form_id, year = _identify(wb)
    form, edition = forms.load(form_id, year), editions.load(year)
    ws = wb.worksheets[0]
    values = read_cells(form, edition, _text(ws, "A3"), _text(ws, "A4"), lambda coordinate: _text(ws, coordinate))
    values.update(answers(_props(wb), form))
    data_ = {k: v for k, v in values.items() if v not in (None, "", {}, [])}
    return drafts.new_draft(form.id, edition.year, data_)


def is_summary(data: bytes, wb: Workbook | None = None) -> bool:
    """Whether the bytes (or `wb`, the bytes already opened) are a 附件3 workbook (ours, or one with the official heading)."""
    try:
        wb = wb or _open(data)
    except ReadError:
        return False
    if _props(wb).get("format") == drafts.BATCH_FORMAT:
        return True
    heading = str(wb.worksheets[0]["A2"].value or "").replace(" ", "")
    return any(heading == editions.load(year).attachments["summary"]["heading"] for year in editions.available())


def read_summary(data: bytes, wb: Workbook | None = None) -> tuple[dict[str, str], list[list[str]]]:
    """The heading (unit, date) and the rows (without 序号) of a 附件3, to extend it with new applications."""
    ws = (wb or _open(data)).worksheets[0]
    header = {
        "unit": re.sub(r"^[^：:]*[：:]", "", _text(ws, "A3")).strip(),
        "date": parse_cn_date(re.sub(r"^[^：:]*[：:]", "", _text(ws, "A4")).strip()) or "",
    }
    width = len(forms.summary_columns()) - 1
    rows = []
    for r in range(SUMMARY_FIRST_ROW, ws.max_row + 1):
        cells = [_text(ws, f"{get_column_letter(col)}{r}").strip() for col in range(2, width + 2)]
        if any(cells):
            rows.append(cells)
    return header, rows
