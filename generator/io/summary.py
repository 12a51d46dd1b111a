"""附件3 of a checked batch as a file, in Excel or Word: what the desk and `summary` both write."""

from __future__ import annotations

import datetime as dt

from ..core.batch import Batch
from . import docx, xlsx


def write(result: Batch, fmt: str, unit: str, date: dt.date | None, review: bool) -> bytes:
    """附件3's rows in the batch's order under the department's heading; with `review`, 审核记录 too (the batch's own
    findings and every file's, those that could not be read included)."""
    writer = docx if fmt == "docx" else xlsx
    return writer.write_summary(result.rows(), unit=unit, date=date, review=result if review else None)
