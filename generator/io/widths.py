"""Column widths from what the columns hold: 附件3 and the review sheet, in Excel and in Word.

Widths are in points of the printed page. A Chinese character is as wide as the font is high; a Latin
letter or digit is half that in 仿宋 but up to 0.65 of it in the fonts an office program falls back to where
仿宋 is missing (DejaVu Sans in LibreOffice on Linux), and is counted so. Each column gets room for its header on one line, for
its longest unbreakable line (phone numbers, 序号, rule names) and, up to a cap, for its longest text, which
wraps beyond that. The columns together stay within the printable width, so nothing is cut off or shrunk.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

# The narrowest a wrapping column gets, in half-ems (four Chinese characters), where its texts are longer.
MIN_WRAP = 8
NARROW = 1.3  # half-ems of a Latin letter or digit, at most (see above)


def half_ems(text: str) -> float:
    """The width of the text's longest line, in half-ems: a Chinese (wide) character counts 2, others 1.3."""
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in "WF" else NARROW for ch in line) for line in (text or "").split("\n")), default=0
    )


@dataclass(frozen=True)
class Column:
    """What one column must hold: its header and its cells' texts."""

    header: str
    texts: tuple[str, ...] = ()
    whole: bool = False  # its lines never wrap (phone numbers, numbers, rule names): it is as wide as the longest
    cap: int = 40  # the widest it grows for a long text, in half-ems; longer texts wrap

    def natural(self) -> float:
        """Half-ems to hold the header and every line unwrapped."""
        return max([half_ems(self.header), *map(half_ems, self.texts)])

    def least(self) -> float:
        """Half-ems it cannot do without: the header on one line, and every line of a column that does not wrap."""
        return max(half_ems(self.header), self.natural() if self.whole else min(self.natural(), MIN_WRAP))


def fit(columns: list[Column], size: float, room: float, pad: float) -> list[float]:
    """Each column's width in points for text of `size` points with `pad` points of cell padding, within `room`
    points: first what each needs up to its cap; when that is too wide, the wrapping columns give way (never below
    what they cannot do without); what room is left widens the columns whose texts still wrap, then all of them;
    last, no column is left where its texts would wrap into a lone “）”."""
    unit = size / 2  # one half-em in points
    least = [c.least() * unit + pad for c in columns]
    want = [max(lo, min(c.natural(), max(c.cap, c.least())) * unit + pad) for c, lo in zip(columns, least)]
    natural = [max(w, c.natural() * unit + pad) for c, w in zip(columns, want)]
    if sum(want) > room:
        give = [w - lo for w, lo in zip(want, least)]
        share = min(1.0, (sum(want) - room) / sum(give)) if sum(give) else 0.0
        return _unstranded(columns, [w - g * share for w, g in zip(want, give)], least, size, pad)
    left = room - sum(want)
    more = [n - w for n, w in zip(natural, want)]
    if sum(more):  # the texts that would wrap get the room first
        share = min(1.0, left / sum(more))
        want = [w + m * share for w, m in zip(want, more)]
        left = room - sum(want)
    widths = [w + left * w / sum(want) for w in want]  # then the table fills the page's width, as the official one does
    return _unstranded(columns, widths, least, size, pad)


# LibreOffice measures a column of Excel's units about 6 % wider (Carlito for Calibri) and keeps less room inside a cell.
LIBREOFFICE = 1.06


def _strands_in(column: Column, width: float, size: float, pad: float) -> bool:
    """Whether a text of the column would leave a line stranded (`strands`) at this width, as an office program
    that fits characters by its own metrics (Excel, Word) or as LibreOffice does (a little more on a line)."""
    least, most = (width - pad) / (size / 2), width * LIBREOFFICE / (size / 2)
    capacities = [least + step / 2 for step in range(int((most - least) * 2) + 1)]
    return not column.whole and any(strands(text, cap) for text in column.texts for cap in capacities)


def _unstranded(columns: list[Column], widths: list[float], least: list[float], size: float, pad: float) -> list[float]:
    """The widths, each column whose texts a program would wrap into a lone “）” (or one character) made a
    character or so wider or narrower, the difference taken from or given to another wrapping column."""
    widths = list(widths)
    for i, column in enumerate(columns):
        if not _strands_in(column, widths[i], size, pad):
            continue
        others = sorted((j for j, c in enumerate(columns) if j != i and not c.whole), key=lambda j: -widths[j])
        options = ((step * size / 2, j) for step in (2, -2, 1, -1, 3, -3, 4, -4, 6, -6) for j in others)
        for change, j in options:
            mine, theirs = widths[i] + change, widths[j] - change
            if mine < least[i] or theirs < least[j]:
                continue
            if not _strands_in(column, mine, size, pad) and not _strands_in(columns[j], theirs, size, pad):
                widths[i], widths[j] = mine, theirs
                break
    return widths


def lines(text: str, width: float, size: float, pad: float, whole: bool = False) -> int:
    """How many lines the text takes in a column `width` points wide (a little less than the whole width is
    counted, as an office program breaks Latin words whole rather than anywhere)."""
    usable = max((width - pad) * 0.9, size)
    if whole:
        return max(1, len((text or "").split("\n")))
    return sum(max(1, math.ceil(half_ems(line) * size / 2 / usable)) for line in (text or "").split("\n"))


# Characters that may not begin a line (the closing half of a pair, and the marks that end a clause), as Chinese
# typesetting keeps them: Word and Excel do so themselves; LibreOffice Calc breaks anywhere, so a cell it wraps
# can end in a line of only “）”.
NO_START = "）)】」』”’》〉、，。；：！？"


def title_size(text: str, room: float, largest: float) -> float:
    """The size in points, at most `largest`, that keeps a title on one line `room` points wide: a title that
    wraps leaves its last character or two alone (“表”), so it is set a little smaller instead, in half points.
    Counted as an office program's fallback fonts draw it (digits 0.65 em), with a thirtieth to spare."""
    ems = half_ems(text) / 2
    return min(largest, math.floor(room * 0.97 / ems * 2) / 2) if ems else largest


def _wrapped(text: str, capacity: float) -> list[str]:
    """The lines a program that breaks between any two characters makes of one line of text, `capacity` half-ems wide."""
    lines, line, used = [], "", 0.0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else NARROW
        if line and used + w > capacity:
            lines.append(line)
            line, used = "", 0.0
        line, used = line + ch, used + w
    return [*lines, line]


def strands(text: str, capacity: float) -> bool:
    """Whether wrapping the text `capacity` half-ems wide would strand a line: one of closing marks alone
    (NO_START), or a last line of a single character."""
    for paragraph in (text or "").split("\n"):
        lines = _wrapped(paragraph, capacity)
        if len(lines) > 1 and (len(lines[-1]) == 1 or any(not line.strip(NO_START) for line in lines[1:])):
            return True
    return False


def balanced(text: str, capacity: float) -> str:
    """The text broken by hand into as few lines as wrapping `capacity` half-ems wide needs, of even length and
    none beginning with a closing mark, for fixed labels a program would otherwise break badly."""
    if half_ems(text) <= capacity or "\n" in text:
        return text
    count = len(_wrapped(text, capacity))
    while True:
        lines, rest = [], text
        for left in range(count, 0, -1):  # as even as can be: 10 characters on 3 lines are 4, 3 and 3
            cut = min(math.ceil(len(rest) / left), len(rest))
            while 0 < cut < len(rest) and rest[cut] in NO_START:  # the closing mark goes up with what it closes
                cut += 1
            lines.append(rest[:cut])
            rest = rest[cut:]
        lines = [line for line in lines if line]
        if not rest and all(half_ems(line) <= capacity for line in lines) or count >= len(text):
            return "\n".join(lines + ([rest] if rest else []))
        count += 1
