"""A file's cells with their neighbours: where a label's value stands, beside it or below it."""

from __future__ import annotations

from ..cells import Cell, Sheet
from .labels import Label

# Fields whose text is read as a whole and checked (dates, boxes): a row's filled cells are read together for them.
JOINED = ("date", "daterange", "choice", "topics")
MAX_RUN = 12  # cells read to the right of a label: a form is a few columns wide
FORM_LABELS = 3  # a nested table with this many labels is a form (pasted into a frame), not a value's list


class Grid:
    """The cells of a file with their neighbours: beside (to the right) and below."""

    def __init__(self, sheet: Sheet, labels: list[Label]) -> None:
        self.labels = labels
        self.cells = self._joined(list(sheet.cells))
        self.unread: dict[int, list[Cell]] = {}  # a value's cell: the other filled cells of its row, not read

    def _joined(self, cells: list[Cell]) -> list[Cell]:
        """The cells, with a label typed over two cells one above the other (选题所属 / 专业技术领域) as one cell."""
        at = {(c.table, c.row, c.col): c for c in cells if c.table}
        gone: set[int] = set()
        out = []
        for cell in cells:
            if id(cell) in gone:
                continue
            below = at.get((cell.table, cell.row + cell.rows, cell.col))
            if (
                below is not None
                and below.cols == cell.cols
                and cell.text.strip()
                and below.text.strip()
                and not self.is_label(cell)
                and not self.is_label(below)
                and any(label.exact(f"{cell.text}\n{below.text}") for label in self.labels)
            ):
                cell = Cell(
                    cell.table, cell.row, cell.col, f"{cell.text}\n{below.text}", cell.rows + below.rows, cell.cols, cell.nth, cell.name
                )
                gone.add(id(below))
            out.append(cell)
        return out

    def is_label(self, cell: Cell) -> bool:
        """Whether a cell is a label (alone, before a colon: 申报时间：…, or on the lines above its value), so no field's value."""
        text = cell.text.lstrip()
        return any(label.exact(text) or label.inline.match(text) or label.leading(text) is not None for label in self.labels)

    def right(self, cell: Cell, rows: Cell | None = None) -> list[Cell]:
        """The cells just right of `cell`, over the rows it (or `rows`) spans, top first."""
        first = (rows or cell).row
        last = first + (rows or cell).rows - 1
        found = [
            c
            for c in self.cells
            if c.table == cell.table and c.col == cell.col + cell.cols and c.row <= last and c.row + c.rows - 1 >= first
        ]
        return sorted(found, key=lambda c: c.row)

    def below(self, cell: Cell) -> Cell | None:
        """The cell just below `cell`, starting in one of its columns."""
        row = cell.row + cell.rows
        found = [c for c in self.cells if c.table == cell.table and c.row == row and cell.col <= c.col < cell.col + max(cell.cols, 1)]
        if not found:
            found = [c for c in self.cells if c.table == cell.table and c.row == row and c.col <= cell.col < c.col + c.cols]
        return min(found, key=lambda c: c.col) if found else None

    def run(self, cell: Cell) -> list[Cell]:
        """The cells right of a one-row label up to the next label or the row's end: an added empty column, a second date
        in a cell of its own, a tick typed in the cell after its option."""
        found: list[Cell] = []
        right = self.right(cell)
        while right and not self.is_label(right[0]) and len(found) < MAX_RUN:
            found.append(right[0])
            right = self.right(right[0]) if right[0].rows == 1 else []
        return found

    def text_of(self, cell: Cell) -> str:
        """A value cell's text, with the tables nested in it (a list of the teachers pasted into 授课专家情况) a row a
        line; a nested table with the labels of a form is that form, read by its own cells."""
        if not cell.inner:
            return cell.text
        lines = [cell.text] if cell.text.strip() else []
        for number in cell.inner:
            inner = [c for c in self.cells if c.table == number]
            if sum(1 for c in inner if self.is_label(c)) >= FORM_LABELS:
                continue
            for row in sorted({c.row for c in inner}):
                line = " ".join(c.text for c in inner if c.row == row and c.text.strip())
                if line:
                    lines.append(line)
        return "\n".join(lines)

    def value_of(self, cell: Cell, join: bool = True) -> tuple[str, Cell]:
        """The text beside a label cell, past empty cells up to the next label (all rows of it, where the label spans
        several), else below it; "" if none. With `join` the filled cells of a row are read together (a date in each,
        a tick after its option); without, the first is read and the others are kept in `unread` by the cell read."""
        right = self.right(cell)
        if cell.rows == 1:
            run = self.run(cell)
            filled = [c for c in run if self.text_of(c).strip()]
            if filled and not join and len(filled) > 1:
                self.unread[id(filled[0])] = filled[1:]
            if filled:
                return " ".join(self.text_of(c) for c in (filled if join else filled[:1])), filled[0]
        else:
            column, steps = right, 0
            while column and not self.is_label(column[0]) and steps < MAX_RUN:
                if any(self.text_of(c).strip() for c in column):
                    return "\n".join(self.text_of(c) for c in column if self.text_of(c).strip()), column[0]
                column, steps = self.right(column[0], rows=cell), steps + 1
        if right and not self.is_label(right[0]):
            return "", right[0]
        below = self.below(cell)
        if below is not None and not self.is_label(below) and cell.table != 0:
            return self.text_of(below), below
        return "", right[0] if right else cell
