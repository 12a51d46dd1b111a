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


Candidate = tuple[str, Cell, Cell]  # the text read for a field, the cell it is in, the label's cell
Region = tuple[str, Cell, int, int]  # a block: its key, its label's cell, its first and last row


def read_application(sheet: Sheet, form: forms.Form, edition: editions.Edition) -> Reading:
    """The draft values of a hand-filled 附件1/附件2, and the notes on what was read from where."""
    labels = form_labels(form)
    grid = Grid(sheet, every_label())
    candidates, blocks = _candidates(grid, form, labels)
    top = [lab for lab in labels.values() if not lab.key.startswith("group:") and not form.field(lab.key).group]
    regions = _group_regions(grid, blocks, top)
    label_of = {f.id: Bilingual.each(lambda lang, f=f: f.named(form.id, lang)) for f in form.fields}
    reading = Reading({}, [])
    spots: dict[str, Cell] = {}
    for f in form.fields:
        if f.id not in labels:
            continue
        found, outside = _in_block(form, f, candidates.get(f.id, []), regions)
        if outside:
            reading.notes.append(Note.of("outside_block", f.id, label=label_of[f.id], places=places([c[2] for c in outside])))
        elif not found:
            reading.notes += _not_found(form, f, reading, label_of)
        else:
            spots[f.id] = _read_found(form, edition, f, found, grid, reading, label_of)
    reading.notes = split_phones(form, reading.values, reading.notes, label_of, spots)
    return reading


def _candidates(grid: Grid, form: forms.Form, labels: dict[str, Label]) -> tuple[dict[str, list[Candidate]], dict[str, list[Cell]]]:
    """Each field's candidate values, from every cell that says its label (alone, on its first lines, or before a
    colon), and the cells of each block label."""
    candidates: dict[str, list[Candidate]] = {}
    blocks: dict[str, list[Cell]] = {}
    fields = [lab for lab in labels.values() if not lab.key.startswith("group:")]
    for cell in grid.cells:
        for key, label in labels.items():
            if label.exact(cell.text):
                if key.startswith("group:"):
                    blocks.setdefault(key.removeprefix("group:"), []).append(cell)
                else:
                    candidates.setdefault(key, []).append(_beside(grid, form, key, cell))
                continue
            if not key.startswith("group:") and (rest := label.leading(cell.text)) is not None:
                candidates.setdefault(key, []).append((rest, cell, cell))  # 培训对象⏎面向全省…: the label's own cell
                break
            if (found := _after_colon(grid, form, key, label, cell, fields)) is not None:
                candidates.setdefault(key, []).append(found)
    return candidates, blocks


def _beside(grid: Grid, form: forms.Form, key: str, cell: Cell) -> Candidate:
    """The value beside (or below) a label's cell; a row's filled cells read together for dates and boxes."""
    text, where = grid.value_of(cell, join=form.field(key).type in JOINED)
    return text, where, cell


def _after_colon(grid: Grid, form: forms.Form, key: str, label: Label, cell: Cell, others: list[Label]) -> Candidate | None:
    """The value after a label and its colon in a cell (项目名称：甲研修班), up to the next label in it; the value beside
    the cell where nothing follows the colon in a table; None where the cell does not say the label so."""
    heading = form.has(key) and form.field(key).placement == "heading"
    for match in label.inline.finditer(cell.text):
        if cell.table and not heading and match.start() and cell.text[: match.start()].strip():
            continue  # in a table a label starts its cell; a heading line may hold two (申报单位：…　申报时间：…)
        value = cell.text[match.end() :]
        cuts = [m.start() for other in others if other is not label for m in other.inline.finditer(value)]
        value = value[: min(cuts)] if cuts else value
        if value.strip(BLANK + "\n") or cell.table == 0:
            return value, cell, cell
        return _beside(grid, form, key, cell)
    return None


def _group_regions(grid: Grid, groups: dict[str, list[Cell]], top: list[Label]) -> list[Region]:
    """Each block label's rows: those it spans (merged down, or left unmerged with its column empty below), or, for a
    block label that is a row of its own, the rows after it up to the next label that is no sub-label."""
    regions = []
    for key, cells in groups.items():
        for cell in cells:
            table_cells = [c for c in grid.cells if c.table == cell.table]
            if grid.right(cell):
                regions.append((key, cell, cell.row, _last_spanned(cell, table_cells)))
            else:
                regions.append((key, cell, cell.row + 1, _last_under(cell, table_cells, top)))
    return regions


def _last_spanned(cell: Cell, table_cells: list[Cell]) -> int:
    """The last row a block label beside its sub-labels spans: merged down, or on over rows its column leaves empty."""
    last = cell.row + cell.rows - 1
    while True:
        below = [c for c in table_cells if c.row == last + 1 and c.col <= cell.col < c.col + c.cols]
        if below and not below[0].text.strip() and any(c.row == last + 1 and c.col > cell.col for c in table_cells):
            last += 1
        else:
            return last


def _last_under(cell: Cell, table_cells: list[Cell], top: list[Label]) -> int:
    """The last row under a block label that is a row of its own: the one before the next label that is no sub-label."""
    end = cell.row
    for row in sorted({c.row for c in table_cells if c.row > cell.row}):
        if any(label.exact(c.text) or label.inline.match(c.text) for c in table_cells if c.row == row for label in top):
            break
        end = row
    return end


def _in_block(form: forms.Form, f: forms.Field, found: list[Candidate], regions: list[Region]) -> tuple[list[Candidate], list[Candidate]]:
    """The candidates kept for a field: for a sub-label, those in its block's rows, or, where no other block has its
    label, those outside every block; and the candidates outside every block where none is kept (said so)."""
    if not f.group:
        return found, []
    own = [c for c in found if _in_group(c[2], f.group, regions)]
    stray = [c for c in found if not any(_in_region(c[2], r) for r in regions)]
    only_block = sum(1 for g in form.fields if g.label(form.id) == f.label(form.id) and g.group) == 1
    kept = own or (stray if only_block else [])
    return kept, (stray if not kept and not own else [])


def _not_found(form: forms.Form, f: forms.Field, reading: Reading, label_of: dict[str, Any]) -> list[Note]:
    """The note on a field whose label is not in the file: a count that belongs in another field's text, or a field
    the institution fills in."""
    if f.written_into and f.id not in reading.values and not any(n.rule == "count_approximate" for n in reading.notes):
        into = form.field(f.written_into)
        return [Note.of("no_count", f.id, label=label_of[f.id], into=label_of[into.id])]
    if f.filled_by(form.id) == "institution" and not f.written_into:
        return [Note.of("missing", f.id, label=label_of[f.id])]
    return []


def _read_found(
    form: forms.Form,
    edition: editions.Edition,
    f: forms.Field,
    found: list[Candidate],
    grid: Grid,
    reading: Reading,
    label_of: dict[str, Any],
) -> Cell:
    """A field's value from the first filled of its candidates, into `reading`, with a note where others differ and
    where its row holds cells not read; the cell it was read from."""
    filled = [c for c in found if c[0].strip(BLANK + "\n")]
    distinct = list(dict.fromkeys(normalise_text(c[0]) for c in filled))
    text, where, _ = filled[0] if filled else found[0]
    if len(distinct) > 1:
        reading.notes.append(Note.of("ambiguous", f.id, label=label_of[f.id], places=places([c[1] for c in filled]), where=place(where)))
    reading.notes += read_field(form, edition, f, text, where, reading.values, label_of)
    if grid.unread.get(id(where)):
        reading.notes.append(
            Note.of("unread_beside", f.id, label=label_of[f.id], where=place(where), places=places(grid.unread[id(where)]))
        )
    return where


def _in_region(cell: Cell, region: Region) -> bool:
    """Whether a cell lies in a block's rows: right of its label, or anywhere below a block label that is a row of its own."""
    _, head, first, last = region
    beside = first == head.row
    return cell.table == head.table and first <= cell.row <= last and (cell.col > head.col or not beside)


def _in_group(cell: Cell, group: str, regions: list[Region]) -> bool:
    """Whether a sub-label cell lies in the rows of block `group` (the nearest block above it where blocks nest)."""
    inside = [r for r in regions if _in_region(cell, r)]
    return bool(inside) and max(inside, key=lambda r: (r[2], r[1].row))[0] == group
