"""附件1, 附件2 and 附件3 as people fill them in Word, WPS or Excel from the official templates, read by their labels.

Each field's cell is found by the official wording of its label (forms.toml), whatever spaces, line breaks, bracket
widths or printed guidance the cell holds, and its value is taken from the cell beside it (or below it). What was
read from where, each label not found, each value not understood (kept as typed) and each field found twice are
said as notes, first in the findings: nothing is guessed silently.
"""

from __future__ import annotations

from ..cells import Cell
from .file import read_all
from .places import place
from .places import places as _places  # tests/test_bilingual.py reaches it by its old name
from .summary import summary_heading
from .written import read_dates

__all__ = ["Cell", "_places", "place", "read_all", "read_dates", "summary_heading"]  # what other modules and the tests use
