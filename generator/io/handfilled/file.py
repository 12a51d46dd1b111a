"""The whole file: cut at each form's title (or a workbook's sheets), each part read as the form it holds."""

from __future__ import annotations

from typing import Any

from ...core import drafts, editions, forms
from ...core.bilingual import Bilingual
from ...core.findings import Note, ReadError
from ..cells import Sheet
from .application import read_application
from .identify import Kind, form_mismatch, identify, title_in
from .labels import form_labels
from .places import place
from .summary import read_summary, summary_header


def split(sheet: Sheet) -> list[Sheet]:
    """A file's cells cut at each form's title, where it holds several forms (a sheet each, or one after another), and
    a workbook's sheets apart where several name a course of their own (a sheet a course, its title left out)."""
    starts = [i for i, cell in enumerate(sheet.cells) if title_in(cell.text)]
    bounds = [0, *starts[1:], len(sheet.cells)] if len(starts) > 1 else [0, len(sheet.cells)]
    pieces = [Sheet(sheet.kind, sheet.cells[a:b]) for a, b in zip(bounds, bounds[1:])]
    return [part for piece in pieces for part in _by_sheet(piece)] if sheet.kind == "xlsx" else pieces


def _by_sheet(piece: Sheet) -> list[Sheet]:
    """A part of a workbook cut before each sheet that holds a 项目名称 label, where two or more do (a form that runs
    on over a second sheet does not repeat it); else the part whole."""
    tables = list(dict.fromkeys(c.table for c in piece.cells))
    if len(tables) < 2:
        return [piece]
    name = form_labels(forms.load("national"))["project_name"]
    named = {c.table for c in piece.cells if name.exact(c.text) or name.leading(c.text) is not None or name.inline.match(c.text.lstrip())}
    if len(named) < 2:
        return [piece]
    groups: list[list[int]] = []
    for table in tables:  # a sheet without 项目名称 (a 续页) goes with the course before it
        if not groups or (table in named and any(t in named for t in groups[-1])):
            groups.append([table])
        else:
            groups[-1].append(table)
    return [Sheet(piece.kind, [c for c in piece.cells if c.table in group]) for group in groups]


def read_all(sheet: Sheet) -> list[tuple[str, Any, list[Note]]]:
    """Every form in a file (see `read`), in order; ReadError when it holds none."""
    pieces = split(sheet)
    if len(pieces) == 1:
        return [read(sheet)]
    found = []
    for piece in pieces:
        try:
            found.append(read(piece))
        except ReadError:
            continue  # a part with no form of its own (a sheet of notes): the others are read
    if not found:
        raise ReadError.of("no_form_found")
    # a part that only quotes a title (a 填表说明 sheet: 请用《…申报表》填写) reads no field: no application of its own
    filled = [item for item in found if item[0] != "application" or item[1]["data"]]
    return filled or found


def read(sheet: Sheet) -> tuple[str, Any, list[Note]]:
    """A file's cells read by their labels: ("application", draft, notes) or ("summary", [(row, cell)], notes);
    ReadError when it holds none of the forms."""
    kind = identify(sheet)
    if kind is None:
        raise ReadError.of("no_form_found")
    if kind.form == "summary":
        return _summary(sheet)
    return _application(sheet, kind)


def _summary(sheet: Sheet) -> tuple[str, Any, list[Note]]:
    """A 附件3's rows; ReadError where it has neither rows nor a header row."""
    rows, notes = read_summary(sheet)
    if not rows and summary_header(sheet) is None:
        raise ReadError.of("no_form_found")
    return "summary", rows, notes


def _application(sheet: Sheet, kind: Kind) -> tuple[str, Any, list[Note]]:
    """A 附件1/附件2 as a draft of the edition its title names (this one where that year has none)."""
    year = kind.year if kind.year in editions.available() else None
    edition = editions.load(year)
    form = forms.load(kind.form, edition.year)
    notes = _found_notes(kind, form, edition)
    if kind.where is not None:  # what stands before the title (a cover text, 填报说明 quoting the labels) is no form
        sheet = Sheet(sheet.kind, sheet.cells[next(i for i, c in enumerate(sheet.cells) if c is kind.where) :])
        if (mismatch := form_mismatch(sheet, form, edition.year)) is not None:
            notes.append(mismatch)
    reading = read_application(sheet, form, edition)
    values = {k: v for k, v in reading.values.items() if v not in (None, "", {}, [])}
    return "application", drafts.new_draft(form.id, edition.year, values), notes + reading.notes


def _found_notes(kind: Kind, form: forms.Form, edition: editions.Edition) -> list[Note]:
    """The notes on how the form was told (its title and where, or its labels) and on a title of another year."""
    title = Bilingual.each(form.label)
    if kind.where is not None:
        notes = [Note.of("form_title", None, form=title, where=place(kind.where))]
    else:
        notes = [Note.of("form_labels", None, form=title)]
    if kind.year and kind.year != edition.year:
        notes.append(Note.of("other_year", None, found=kind.year, year=edition.year))
    return notes
