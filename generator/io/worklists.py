"""The receiving office's master workbook: every application on one row with every field, its department, its
findings and the office's choice; a sheet per list the office keeps; the reconciliation; the figures beside native
Excel bar charts. Labelled on every sheet as the office's working lists, not a format the notice prescribes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..core import drafts, forms, intake, words
from ..core.findings import NOTE
from . import xlsx

WRAP = Alignment(vertical="top", wrap_text=True)
BOLD = Font(bold=True)
FIGURE_ROWS_APART = 18  # rows from one figure's table to the next: a chart of 15 rows sits beside each


def filename(year: int, lang: str = "zh") -> str:
    """The workbook's file name, in the page's language."""
    return words.say("office", "workbook_file", lang, {"year": year})


def _said(key: str, lang: str, **params: Any) -> str:
    """A word of the workbook: Chinese, with the English beside it on the English page."""
    zh = words.say("office", key, "zh", params)
    return zh if lang == "zh" else f"{zh} / {words.say('office', key, 'en', params)}"


def _both(text: dict[str, str], lang: str) -> str:
    return text["zh"] if lang == "zh" or text["zh"] == text["en"] else f"{text['zh']} / {text['en']}"


def _fields() -> list[tuple[forms.Form, forms.Field]]:
    """Every field of 附件1, then those only 附件2 has, each with the form whose label names it."""
    national, provincial = forms.load("national"), forms.load("provincial")
    return [(national, f) for f in national.fields] + [(provincial, f) for f in provincial.fields if not national.has(f.id)]


def _value(field: forms.Field, app: Any) -> str:
    """A field's value as one cell shows it (dates ISO, boxes by their label, topics with their explanation)."""
    value = app.get(field.id)
    if value is None or not app.form.has(field.id):
        return ""
    if isinstance(value, bool):
        return words.say("marks", "yes" if value else "no", "zh")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if field.type == "daterange" and isinstance(value, dict):
        return words.say("marks", "range", "zh", {k: v.isoformat() if isinstance(v, dt.date) else str(v) for k, v in value.items()})
    if field.type == "choice":
        chosen = value if isinstance(value, list) else [value]
        return words.listed((o.label("zh", batch=app.get("base_batch") or "") for o in field.options if o.id in chosen), "zh")
    if field.type == "topics" and isinstance(value, dict):
        ticked = [(o, value[o.id]) for o in field.options if value.get(o.id, {}).get("ticked")]
        return "\n".join(words.say("marks", "pair", "zh", {"key": o.zh, "value": entry.get("text", "")}) for o, entry in ticked)
    return str(value)


def _text(cell: Any, value: Any) -> None:
    """A value into a cell; text always as text (what was typed may start with "=": never a formula), storable."""
    if isinstance(value, str):
        cell.value = drafts.storable(value) or None
        if value:
            cell.data_type = "s"
            cell.quotePrefix = value[0] in "=+-@"
    else:
        cell.value = value


def _append(ws: Worksheet, values: list[Any]) -> None:
    """A row after the last one, each value written as _text writes it."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws["A1"].value is not None else 1
    for col, value in enumerate(values, 1):
        _text(ws.cell(row, col), value)


def _note(ws: Worksheet, lang: str, width: int) -> None:
    _append(ws, [_said("note", lang)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
    ws["A1"].font = BOLD
    ws["A1"].alignment = WRAP
    ws.row_dimensions[1].height = 32


def _applications(ws: Worksheet, filed: list[intake.Filed], chosen: dict[str, str], lang: str) -> None:
    """One row per application: department, file, level, every field, findings and the office's choice."""
    fields = _fields()
    head = [_said(k, lang) for k in ("column_department", "column_source", "column_level", "column_edition")]
    head += [_both({code: f.title(form.id, code) for code in words.LANGS}, lang) for form, f in fields]
    head += [_said(k, lang) for k in ("column_errors", "column_warnings", "column_findings", "column_choice", "column_key")]
    _note(ws, lang, len(head))
    _append(ws, head)
    for cell in ws[2]:
        cell.font, cell.alignment = BOLD, WRAP
    for f in filed:
        level = f.app.edition.level_of(f.app.form.id)
        found = [x for x in f.entry.findings if x.severity != NOTE]
        lines = "\n".join(_said("finding_line", lang, severity=words.say("form", x.severity, "zh"), message=x.message("zh")) for x in found)
        choice = chosen.get(f.key, "")
        row = [
            words.listed(f.departments, "zh") or _said("no_department", lang),
            f.entry.source,
            _both({"zh": level.name, "en": level.name_en}, lang),
        ]
        row += [f.app.edition.year] + [_value(field, f.app) for _, field in fields]
        row += [f.errors, sum(x.severity == "warning" for x in found), lines, _said(f"choice_{choice}", lang) if choice else "", f.key]
        _append(ws, row)
    for col in range(1, len(head) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 18
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = WRAP
    ws.freeze_panes = "B3"


def _reconciliation(ws: Worksheet, round_: intake.Round, lang: str) -> None:
    _note(ws, lang, 2)
    _append(ws, [_said("column_list", lang), _said("column_entry", lang)])
    for cell in ws[2]:
        cell.font = BOLD
    for listed in intake.lists(round_):
        _append(ws, [_both(listed["title"], lang), "" if listed["items"] else _said("list_empty", lang)])
        ws.cell(ws.max_row, 1).font = BOLD
        for item in listed["items"]:
            _append(ws, ["", _both(item["text"], lang)])
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 100


def _figures(ws: Worksheet, round_: intake.Round, lang: str) -> None:
    """Each figure's table, and beside it a native bar chart of the same cells."""
    _note(ws, lang, 6)
    row = 3
    for figure in intake.figures(round_):
        for r, c, value in (
            (row, 1, _both(figure.title, lang)),
            (row + 1, 1, _said("column_item", lang)),
            (row + 1, 2, _said("column_value", lang)),
        ):
            _text(ws.cell(r, c), value)
            ws.cell(r, c).font = BOLD
        for n, (label, value) in enumerate(figure.rows, row + 2):
            _text(ws.cell(n, 1), _both(label, lang))
            ws.cell(n, 2, value)
        last = row + 1 + max(len(figure.rows), 1)
        chart = BarChart()
        chart.type, chart.title, chart.legend = "bar", _both(figure.title, lang), None
        chart.add_data(Reference(ws, min_col=2, min_row=row + 1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=row + 2, max_row=last))
        chart.height, chart.width = 7, 14
        ws.add_chart(chart, f"D{row}")
        row += max(FIGURE_ROWS_APART, len(figure.rows) + 4)
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 10


def workbook(round_: intake.Round, chosen: dict[str, str], lang: str = "zh") -> Workbook:
    """The master workbook: all applications, one sheet per choice list, the reconciliation and the figures."""
    wb = Workbook()
    ws = wb.active
    ws.title = words.say("office", "sheet_all", lang)[:31]
    _applications(ws, round_.filed, chosen, lang)
    for choice in intake.CHOICES:
        sheet = wb.create_sheet(words.say("office", f"sheet_{choice}", lang)[:31])
        _applications(sheet, [f for f in round_.filed if chosen.get(f.key) == choice], chosen, lang)
    _reconciliation(wb.create_sheet(words.say("office", "sheet_reconciliation", lang)[:31]), round_, lang)
    _figures(wb.create_sheet(words.say("office", "sheet_figures", lang)[:31]), round_, lang)
    return wb


def write(round_: intake.Round, chosen: dict[str, str], lang: str = "zh") -> bytes:
    """The .xlsx bytes of the master workbook."""
    return xlsx.to_bytes(workbook(round_, chosen, lang))
