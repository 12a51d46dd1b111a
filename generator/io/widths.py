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
    what they cannot do without); what room is left widens the columns whose texts still wrap, then all of them."""
    unit = size / 2  # one half-em in points
    least = [c.least() * unit + pad for c in columns]
    want = [max(lo, min(c.natural(), max(c.cap, c.least())) * unit + pad) for c, lo in zip(columns, least)]
    natural = [max(w, c.natural() * unit + pad) for c, w in zip(columns, want)]
    if sum(want) > room:
        give = [w - lo for w, lo in zip(want, least)]
        share = min(1.0, (sum(want) - room) / sum(give)) if sum(give) else 0.0
        return [w - g * share for w, g in zip(want, give)]
    left = room - sum(want)
    more = [n - w for n, w in zip(natural, want)]
    if sum(more):  # the texts that would wrap get the room first
        share = min(1.0, left / sum(more))
        want = [w + m * share for w, m in zip(want, more)]
        left = room - sum(want)
    return [w + left * w / sum(want) for w in want]  # then the table fills the page's width, as the official one does


def lines(text: str, width: float, size: float, pad: float, whole: bool = False) -> int:
    """How many lines the text takes in a column `width` points wide (a little less than the whole width is
    counted, as an office program breaks Latin words whole rather than anywhere)."""
    usable = max((width - pad) * 0.9, size)
    if whole:
        return max(1, len((text or "").split("\n")))
    return sum(max(1, math.ceil(half_ems(line) * size / 2 / usable)) for line in (text or "").split("\n"))
