"""Where a value was found, in the person's words, and a value as a note shows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...core import editions, forms
from ...core.bilingual import Bilingual
from ...core.findings import Note
from ...core.words import entry, listed
from ..cells import Cell


def place(cell: Cell) -> Bilingual:
    """Where a cell is, as a person finds it: 表1第3行第2格 / table 1, row 3, cell 2; 第2段; 单元格B5."""
    if cell.name:
        key, params = "cell_xlsx", {"name": cell.name}
    elif cell.table == 0:
        key, params = "cell_line", {"row": cell.row}
    else:
        key, params = "cell_docx", {"table": cell.table, "row": cell.row, "nth": cell.nth}
    return entry("reading", key, **params)


def places(cells: list[Cell]) -> Bilingual:
    spots = [place(c) for c in cells]
    return Bilingual.each(lambda lang: listed([s[lang] for s in spots], lang))


def shown(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "…"


@dataclass(frozen=True)
class FieldAt:
    """A field being read: its form and edition, where its text stood, and the labels of the form's fields by id."""

    form: forms.Form
    edition: editions.Edition
    field: forms.Field
    spot: Bilingual
    label_of: dict[str, Any]

    @property
    def id(self) -> str:
        """The field's id."""
        return self.field.id

    def note(self, rule: str, **params: Any) -> Note:
        """A note on this field, naming its label and where it was read."""
        return Note.of(rule, self.id, label=self.label_of[self.id], where=self.spot, **params)
