"""One 附件1/附件2 read by its labels: each field's candidates, the blocks they lie in, the value kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...core import editions, forms
from ...core.bilingual import Bilingual
from ...core.findings import Note
from ...core.types import normalise_text
from ..cells import Cell, Sheet
from .fields import read_field
from .grid import JOINED, Grid
from .labels import BLANK, Label, every_label, form_labels
from .places import place, places
from .written import split_phones


@dataclass
class Reading:
    """What reading a form found: the draft's values and the notes that say where each came from."""

    values: dict[str, Any]
    notes: list[Note]


def _group_regions(grid: Grid, groups: dict[str, list[Cell]], top: list[Label]) -> list[tuple[str, Cell, int, int]]:
    """Each block label's rows: those it spans (merged down, or left unmerged with its column empty below), or, for a
    block label that is a row of its own, the rows after it up to the next label that is no sub-label."""
    regions = []
    for key, cells in groups.items():
        for cell in cells:
            table_cells = [c for c in grid.cells if c.table == cell.table]
            last = cell.row + cell.rows - 1
            if grid.right(cell):
                while True:
                    below = [c for c in table_cells if c.row == last + 1 and c.col <= cell.col < c.col + c.cols]
                    if below and not below[0].text.strip() and any(c.row == last + 1 and c.col > cell.col for c in table_cells):
                        last += 1
                    else:
                        break
                regions.append((key, cell, cell.row, last))
            else:
                end = cell.row
                rows = sorted({c.row for c in table_cells if c.row > cell.row})
                for row in rows:
                    if any(label.exact(c.text) or label.inline.match(c.text) for c in table_cells if c.row == row for label in top):
                        break
                    end = row
                regions.append((key, cell, cell.row + 1, end))
    return regions


def read_application(sheet: Sheet, form: forms.Form, edition: editions.Edition) -> Reading:
    """The draft values of a hand-filled 附件1/附件2, and the notes on what was read from where."""
    labels = form_labels(form)
    grid = Grid(sheet, every_label())
    notes: list[Note] = []
    candidates: dict[str, list[tuple[str, Cell, Cell]]] = {}  # field: (text, the cell it is in, the label's cell)
    group_cells: dict[str, list[Cell]] = {}
    inline_all = [lab for lab in labels.values() if not lab.key.startswith("group:")]

    for cell in grid.cells:
        for key, label in labels.items():
            if label.exact(cell.text):
                if key.startswith("group:"):
                    group_cells.setdefault(key.removeprefix("group:"), []).append(cell)
                else:
                    text, where = grid.value_of(cell, join=form.field(key).type in JOINED)
                    candidates.setdefault(key, []).append((text, where, cell))
                continue
            if not key.startswith("group:") and (rest := label.leading(cell.text)) is not None:
                candidates.setdefault(key, []).append((rest, cell, cell))  # 培训对象⏎面向全省…: the label's own cell
                break
            heading = form.has(key) and form.field(key).placement == "heading"
            for match in label.inline.finditer(cell.text):
                if cell.table and not heading and match.start() and cell.text[: match.start()].strip():
                    continue  # in a table a label starts its cell; a heading line may hold two (申报单位：…　申报时间：…)
                value = cell.text[match.end() :]
                cuts = [m.start() for other in inline_all if other is not label for m in other.inline.finditer(value)]
                value = value[: min(cuts)] if cuts else value
                if value.strip(BLANK + "\n") or cell.table == 0:
                    candidates.setdefault(key, []).append((value, cell, cell))
                else:
                    text, where = grid.value_of(cell, join=form.field(key).type in JOINED)
                    candidates.setdefault(key, []).append((text, where, cell))
                break

    top = [lab for lab in labels.values() if not lab.key.startswith("group:") and not form.field(lab.key).group]
    regions = _group_regions(grid, group_cells, top)
    values: dict[str, Any] = {}
    spots: dict[str, Cell] = {}
    label_of = {f.id: Bilingual.each(lambda lang, f=f: f.named(form.id, lang)) for f in form.fields}

    for f in form.fields:
        if f.id not in labels:
            continue
        found = candidates.get(f.id, [])
        if f.group:
            own = [c for c in found if _in_group(c[2], f.group, regions)]
            stray = [c for c in found if not any(_in_region(c[2], r) for r in regions)]
            only_block = sum(1 for g in form.fields if g.label(form.id) == f.label(form.id) and g.group) == 1
            found = own or (stray if only_block else [])
            if not found and stray and not own:
                notes.append(Note.of("outside_block", f.id, label=label_of[f.id], places=places([c[2] for c in stray])))
                continue
        if not found:
            if f.written_into and f.id not in values and not any(n.rule == "count_approximate" for n in notes):
                into = form.field(f.written_into)
                notes.append(Note.of("no_count", f.id, label=label_of[f.id], into=label_of[into.id]))
            elif f.filled_by(form.id) == "institution" and not f.written_into:
                notes.append(Note.of("missing", f.id, label=label_of[f.id]))
            continue
        filled = [c for c in found if c[0].strip(BLANK + "\n")]
        distinct = list(dict.fromkeys(normalise_text(c[0]) for c in filled))
        text, where, _ = filled[0] if filled else found[0]
        if len(distinct) > 1:
            notes.append(Note.of("ambiguous", f.id, label=label_of[f.id], places=places([c[1] for c in filled]), where=place(where)))
        notes += read_field(form, edition, f, text, where, values, label_of)
        spots[f.id] = where
        if grid.unread.get(id(where)):
            notes.append(Note.of("unread_beside", f.id, label=label_of[f.id], where=place(where), places=places(grid.unread[id(where)])))
    notes = split_phones(form, values, notes, label_of, spots)
    return Reading(values, notes)


def _in_region(cell: Cell, region: tuple[str, Cell, int, int]) -> bool:
    """Whether a cell lies in a block's rows: right of its label, or anywhere below a block label that is a row of its own."""
    _, head, first, last = region
    beside = first == head.row
    return cell.table == head.table and first <= cell.row <= last and (cell.col > head.col or not beside)


def _in_group(cell: Cell, group: str, regions: list[tuple[str, Cell, int, int]]) -> bool:
    """Whether a sub-label cell lies in the rows of block `group` (the nearest block above it where blocks nest)."""
    inside = [r for r in regions if _in_region(cell, r)]
    return bool(inside) and max(inside, key=lambda r: (r[2], r[1].row))[0] == group
