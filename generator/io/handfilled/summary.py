"""附件3: its header row, its rows of courses and the lines above its table."""

from __future__ import annotations

import re

from ...core import forms
from ...core.bilingual import Bilingual
from ...core.findings import Note
from ...core.reference import VOCABULARY
from ...core.types import normalise_text, read_date
from ...core.words import say
from ..cells import Cell, Sheet
from .labels import BLANK, COLON, GUIDE, Label, bare, flexible
from .written import arabic

_FOOTER = re.compile(r"\s*[^\s:：]{1,6}\s*[:：]")  # 填表人：, 联系电话：, 注：: a line under a table, not a row of it


def summary_header(sheet: Sheet) -> tuple[int, int, dict[int, tuple[str, Cell]]] | None:
    """The header row of 附件3 (table, row, {column index: (column id, cell)}): a row with at least three of its column labels."""
    columns = forms.summary_columns()
    labels = [Label.of(c.id, c.name.zh) for c in columns]
    rows: dict[tuple[int, int], dict[int, tuple[str, Cell]]] = {}
    for cell in sheet.cells:
        if cell.table == 0:
            continue
        for label in labels:
            if label.exact(cell.text):
                rows.setdefault((cell.table, cell.row), {})[cell.col] = (label.key, cell)
    best = max(rows.items(), key=lambda item: len(item[1]), default=None)
    if not best or len(best[1]) < 3:
        return None
    (table, row), cols = best
    return table, row, cols


def read_summary(sheet: Sheet) -> tuple[list[tuple[list[str], Cell]], list[Note]]:
    """The rows of a hand-filled 附件3 (without 序号), each with the first cell it was read from; notes on the header."""
    header = summary_header(sheet)
    if header is None:
        return [], []
    table, row, cols = header
    columns = forms.summary_columns()[1:]
    by_id = {key: cell for key, cell in cols.values()}
    notes = [_missing_column(column) for column in columns if column.id not in by_id]
    labels = [Label.of(c.id, c.name.zh) for c in columns]
    rows = []
    for line in _lines_below(sheet, table, row):
        texts = _texts(line, cols)
        if _is_course(line, texts, columns, labels, by_id):
            rows.append(([texts.get(c.id, "") for c in columns], min(line, key=lambda c: c.col)))
    return rows, notes


def _missing_column(column: forms.SummaryColumn) -> Note:
    """The note on a column of 附件3 its header row does not have."""
    label = Bilingual.each(
        lambda lang: say("marks", "quote", lang, {"text": column.name.zh if lang == "zh" else f"{column.name.zh} ({column.name.en})"})
    )
    return Note.of("missing_column", None, label=label)


def _lines_below(sheet: Sheet, table: int, row: int) -> list[list[Cell]]:
    """The cells of each row of a table below its header row, top first."""
    lines: dict[int, list[Cell]] = {}
    for cell in sheet.cells:
        if cell.table == table and cell.row > row:
            lines.setdefault(cell.row, []).append(cell)
    return [lines[number] for number in sorted(lines)]


def _texts(line: list[Cell], cols: dict[int, tuple[str, Cell]]) -> dict[str, str]:
    """A row's text under each column of the header, by column id (cells merged across or under a header cell read together)."""
    texts = {}
    for key, head in cols.values():
        here = [c for c in line if c.col <= head.col < c.col + c.cols or head.col <= c.col < head.col + head.cols]
        texts[key] = normalise_text("\n".join(c.text for c in here)) if here else ""
    return texts


def _is_course(
    line: list[Cell], texts: dict[str, str], columns: tuple[forms.SummaryColumn, ...], labels: list[Label], by_id: dict[str, Cell]
) -> bool:
    """Whether a row below the header is a course: not empty, not the header again, not a line of sums or a footer."""
    if not any(texts.get(c.id) for c in columns):
        return False
    if sum(label.exact(texts.get(label.key, "")) for label in labels) >= 3:
        return False  # the header again, on a new page
    seq = next((normalise_text(c.text) for c in line if "seq" in by_id and c.col == by_id["seq"].col), "")
    if re.sub(r"\s+", "", seq) in VOCABULARY["summary_totals"]:
        return False  # 合计 …: a line of sums, no course
    # 填表人：…　联系电话：…: the lines under the table
    return not all(_FOOTER.match(c.text) for c in line if c.text.strip())


def summary_heading(sheet: Sheet) -> dict[str, str]:
    """The lines above 附件3's table as written: {"unit": 主管部门或申报单位, "date": 填表日期} ("" where not found);
    both may share one line (a value ends where the other label starts)."""
    lines = forms.summary_header()
    labels = {line["id"]: re.compile(flexible(bare(line["zh"])) + GUIDE + COLON) for line in lines}
    found: dict[str, str] = {}
    for cell in sheet.cells:
        for key, label in labels.items():
            match = label.search(cell.text)
            if not match or key in found:
                continue
            rest = cell.text[match.end() :]
            ends = [m.start() for other in labels.values() if (m := other.search(rest))]
            value = normalise_text(rest[: min(ends, default=len(rest))]).strip(BLANK)
            if not value:  # the value in the cell beside the label's
                beside = [c for c in sheet.cells if (c.table, c.row) == (cell.table, cell.row) and c.col > cell.col and c.text.strip()]
                value = normalise_text(min(beside, key=lambda c: c.col).text).strip(BLANK) if beside else ""
            if read_date(arabic(value)):  # a date written in characters (二〇二五年二月十五日) as the figures read it
                value = arabic(value)
            found[key] = value
    return {line["id"]: found.get(line["id"], "") for line in lines}
