"""The cells of a Word (.docx) or Excel (.xlsx) file as people fill them: each table as a grid of merged cells, and the
paragraphs outside tables. Pure Python (zipfile, xml.etree) for Word; openpyxl for Excel, as in the browser."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from ..core.findings import ReadError
from ..core.types import cn_date

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_ROWS, MAX_COLS = 5000, 60  # a form or a 附件3 of thousands of rows; formatting to row 1048576 is not read
MAX_DEPTH = 64  # elements nested deeper are not read: a form nests a dozen deep; the browser's stack is small
MAX_UNPACKED = 100 * 1024 * 1024  # as xlsx.MAX_UNPACKED: a zip bomb is refused before it is read

# Boxes inserted as symbols (Insert › Symbol in Word and WPS): font and code → the box they show.
_SYMBOLS = {
    ("wingdings", "F0FE"): "☑",
    ("wingdings", "F078"): "☒",
    ("wingdings", "F0FD"): "☒",
    ("wingdings", "F0FC"): "✓",
    ("wingdings", "F0A8"): "☐",
    ("wingdings", "F06F"): "☐",
    ("wingdings 2", "F052"): "☑",
    ("wingdings 2", "F053"): "☒",
    ("wingdings 2", "F054"): "☒",
    ("wingdings 2", "F050"): "✓",
    ("wingdings 2", "F0A3"): "☐",
    ("wingdings 2", "F02A"): "☐",
}


@dataclass
class Cell:
    """One cell (a merged range counts once): where it starts, how far it spans and what it says."""

    table: int  # 0: the paragraphs outside tables (each a row of one cell)
    row: int
    col: int
    text: str
    rows: int = 1
    cols: int = 1
    nth: int = 0  # in Word: the cell's place in its row, as a person counts it
    name: str = ""  # in Excel: the cell's coordinate (B5, or 附件1!B5 where there are several sheets)
    inner: tuple[int, ...] = ()  # in Word: the tables nested in the cell (read as tables of their own), by number


@dataclass
class Sheet:
    """Everything a file holds as cells, in reading order; `kind` is docx or xlsx."""

    kind: str
    cells: list[Cell] = field(default_factory=list)

    def table(self, number: int) -> list[Cell]:
        """The cells of one table."""
        return [c for c in self.cells if c.table == number]


# ---- Word -----------------------------------------------------------------------


def _checkbox(element: ElementTree.Element) -> str:
    """A legacy form-field box (FORMCHECKBOX): ticked when its checked or default value says so."""
    for key in ("checked", "default"):
        found = element.find(W + key)
        if found is not None:
            return "☑" if found.get(W + "val", "1") not in ("0", "false") else "☐"
    return "☐"


def _control_box(sdt: ElementTree.Element) -> str | None:
    """A checkbox content control (Word 2010 and later): ☑ or ☐ by its checked flag, whatever glyph it shows; None for
    any other control."""
    box = sdt.find(f"{W}sdtPr/{W14}checkbox")
    if box is None:
        return None
    checked = box.find(W14 + "checked")
    return "☑" if checked is not None and checked.get(W14 + "val", "1") in ("1", "true", "on") else "☐"


def _symbol_font(run: ElementTree.Element) -> str | None:
    """The symbol font (Wingdings, Wingdings 2) a run's letters are shown in, if any: R in Wingdings 2 shows ☑."""
    fonts = run.find(f"{W}rPr/{W}rFonts")
    if fonts is None:
        return None
    name = (fonts.get(W + "ascii") or fonts.get(W + "hAnsi") or "").lower()
    return name if any(key[0] == name for key in _SYMBOLS) else None


def _glyph(font: str, ch: str) -> str:
    """The box a character shows in a symbol font (R, £ or U+F052 in Wingdings 2), else the character."""
    code = ord(ch)
    if code <= 0xFF or 0xF000 <= code <= 0xF0FF:
        return _SYMBOLS.get((font, f"F0{code & 0xFF:02X}"), ch)
    return ch


def _walk(element: ElementTree.Element, out: list[str], depth: int = 0) -> None:
    """The text of a part of a paragraph, in document order (deleted text and the fallback copy of a drawing skipped;
    a table nested in a cell is a table of its own, not the cell's text)."""
    if depth > MAX_DEPTH:
        return
    for child in element:
        tag = child.tag
        if tag == W + "sdt" and (box := _control_box(child)) is not None:
            out.append(box)  # the glyph inside (☒, or a font's own) may say either state: the flag is what Word keeps
        elif tag == W + "r" and (font := _symbol_font(child)):
            inner: list[str] = []
            _walk(child, inner, depth + 1)
            out.append("".join(_glyph(font, ch) for ch in "".join(inner)))
        elif tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "sym":
            font, char = (child.get(W + "font") or "").lower(), (child.get(W + "char") or "").upper()
            out.append(_SYMBOLS.get((font, char), _SYMBOLS.get((font, "F0" + char[-2:]), "")))
        elif tag == W + "checkBox":
            out.append(_checkbox(child))
        elif tag in (W + "del", MC + "Fallback", W + "instrText", W + "delText", W + "tbl"):
            continue
        elif tag == W + "p":
            _walk(child, out, depth + 1)
            out.append("\n")
        else:
            _walk(child, out, depth + 1)


def _paragraph(p: ElementTree.Element) -> str:
    """A paragraph's text (its line breaks kept)."""
    out: list[str] = []
    _walk(p, out)
    return "".join(out)


def _cell_text(tc: ElementTree.Element) -> str:
    """A cell's paragraphs (and the text of a table nested in it), one per line."""
    out: list[str] = []
    _walk(tc, out)
    return "".join(out).strip("\n")


def _children(element: ElementTree.Element, tag: str, depth: int = 0) -> list[ElementTree.Element]:
    """The children with `tag`, looking through content controls (w:sdt) and tracked insertions that wrap them."""
    found = []
    for child in element:
        if child.tag == tag:
            found.append(child)
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "smartTag") and depth < MAX_DEPTH:
            found += _children(child, tag, depth + 1)
    return found


def _int(element: ElementTree.Element | None, default: int = 0) -> int:
    """An element's w:val as a number (gridSpan, gridBefore), or `default` where it is absent or no number."""
    try:
        return int(element.get(W + "val")) if element is not None else default
    except (TypeError, ValueError):
        return default


def _nested(tc: ElementTree.Element, depth: int = 0) -> list[ElementTree.Element]:
    """The tables nested in a cell (a form pasted into a frame table), in document order."""
    found = []
    for child in tc:
        if child.tag == W + "tbl":
            found.append(child)
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml") and depth < MAX_DEPTH:
            found += _nested(child, depth + 1)
    return found


def _word_table(tbl: ElementTree.Element, counter: dict[str, int], sheet: Sheet, depth: int = 0) -> None:
    """A table's cells into `sheet`, as table number counter["table"]; each table nested in a cell follows that cell."""
    counter["table"] += 1
    number = counter["table"]
    open_cells: dict[int, Cell] = {}  # the cell that a vertically merged cell below continues, by column
    for r, tr in enumerate(_children(tbl, W + "tr"), 1):
        col = _int(tr.find(f"{W}trPr/{W}gridBefore"))
        for n, tc in enumerate(_children(tr, W + "tc"), 1):
            props = tc.find(W + "tcPr")
            span = max(1, _int(props.find(W + "gridSpan") if props is not None else None, 1))
            vmerge = props.find(W + "vMerge") if props is not None else None
            if vmerge is not None and vmerge.get(W + "val", "continue") == "continue" and col in open_cells:
                cell = open_cells[col]
                cell.rows = r - cell.row + 1
                extra = _cell_text(tc)
                if extra.strip():
                    cell.text = f"{cell.text}\n{extra}" if cell.text else extra
            else:
                cell = Cell(number, r, col, _cell_text(tc), 1, span, nth=n)
                sheet.cells.append(cell)
                for c in range(col, col + span):
                    open_cells[c] = cell
            for inner in _nested(tc) if depth < MAX_DEPTH else []:
                cell.inner += (counter["table"] + 1,)
                _word_table(inner, counter, sheet, depth + 1)
            col += span


def read_docx(data: bytes) -> Sheet:
    """A Word file's body: paragraphs outside tables (table 0) and each table (1, 2, …) as a grid."""
    archive = _archive(data)
    try:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        raise ReadError.of("not_docx") from None
    body = root.find(W + "body")
    sheet = Sheet("docx")
    if body is None:
        return sheet
    _body(body, {"table": 0, "line": 0}, sheet)
    return sheet


def _body(parent: ElementTree.Element, counter: dict[str, int], sheet: Sheet, depth: int = 0) -> None:
    """The paragraphs (as lines of table 0, numbered by counter["line"]) and tables of a body, into `sheet`, looking
    through the content controls that wrap them."""
    for child in parent:
        if child.tag == W + "p":
            counter["line"] += 1
            text = _paragraph(child)
            if text.strip():
                sheet.cells.append(Cell(0, counter["line"], 0, text))
        elif child.tag == W + "tbl":
            _word_table(child, counter, sheet)
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml") and depth < MAX_DEPTH:
            _body(child, counter, sheet, depth + 1)


def _archive(data: bytes) -> zipfile.ZipFile:
    """A Word file's zip archive, refused where it is none or unpacks larger than MAX_UNPACKED."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReadError.of("not_docx") from None
    if unpacked > MAX_UNPACKED:
        raise ReadError.of("unpacks_too_large", limit=MAX_UNPACKED // 1024 // 1024)
    return archive


# ---- Excel ----------------------------------------------------------------------


def _value_text(value: object) -> str:
    """An Excel cell's value as text: a date as the paper form writes it, a whole number without “.0”."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return cn_date(value.date())
    if isinstance(value, dt.date):
        return cn_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number or a count Excel stored as a number
    return str(value)


def _maybe_glyphs(value: object) -> bool:
    """Whether a cell's value could be boxes typed in a symbol font (a few Latin-1 or private-use characters)."""
    return isinstance(value, str) and 0 < len(value) <= 3 and all(ord(ch) <= 0xFF or 0xF000 <= ord(ch) <= 0xF0FF for ch in value)


def read_workbook(wb: object) -> Sheet:
    """Each worksheet of an openpyxl workbook as a table (1, 2, …), merged ranges as one cell. Only the cells the file
    holds are read (a sheet formatted down to row 1048576 holds few), in order, up to MAX_ROWS and MAX_COLS."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import get_column_letter

    sheet = Sheet("xlsx")
    for number, ws in enumerate(wb.worksheets, 1):
        spans = {(m.min_row, m.min_col): (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1) for m in ws.merged_cells.ranges}
        held = getattr(ws, "_cells", None)
        if held is None:  # an openpyxl without the mapping: every cell of the used range
            held = {(c.row, c.column): c for row in ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS) for c in row}
        for r, c in sorted(key for key in held if key[0] <= MAX_ROWS and key[1] <= MAX_COLS):
            cell = held[(r, c)]
            if isinstance(cell, MergedCell):
                continue  # covered by a merged range, whose first cell holds the text
            rows, cols = spans.get((r, c), (1, 1))
            name = f"{ws.title}!{get_column_letter(c)}{r}" if len(wb.worksheets) > 1 else f"{get_column_letter(c)}{r}"
            text = _value_text(cell.value)
            if _maybe_glyphs(cell.value) and cell.font is not None and any(key[0] == (cell.font.name or "").lower() for key in _SYMBOLS):
                text = "".join(_glyph((cell.font.name or "").lower(), ch) for ch in text)  # R in Wingdings 2, a tick's cell
            sheet.cells.append(Cell(number, r, c, text, rows, cols, name=name))
    return sheet
