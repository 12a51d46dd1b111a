"""Dates, counts and phone numbers as people write them: in characters, full width, two in one cell."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ...core import forms, rules
from ...core.findings import Note
from ...core.reference import VOCABULARY
from ...core.types import arabic
from ..cells import Cell
from .places import place

# a date (2025年7月14日, 2025.7.14, 7月14日), or a day of the month before (…至18日, and 2025.7.14-18 at the end)
_DATE = re.compile(
    r"(?:(\d{4})\s*[年./\-－]\s*)?(\d{1,2})\s*[月./\-－]\s*(\d{1,2})\s*[日号]?"
    r"|(\d{1,2})\s*(?:[日号]|(?=\s*(?:$|[（(，,]|共)))"
)
_BETWEEN = re.compile(r"\s*(?:至|到|—+|－|~|～|–|-{1,2})?\s*")
_REMARK = re.compile(r"\s*(?:[（(][^）)]*[）)]|[，,]?\s*共\s*\d+\s*天)?\s*")  # （共5天）, 共5天
APPROXIMATE = re.compile(VOCABULARY["approximate_count"])


def read_dates(text: str, year: int) -> tuple[list[str], bool] | None:
    """The dates a cell says, in order, as ISO dates, and whether a year was taken from the form's edition (6月10日);
    None when the text is anything more than dates, separators and a bracketed remark."""
    text = arabic(text).strip()
    found, at, borrowed = [], 0, False
    last: tuple[int, int] | None = None
    for match in _DATE.finditer(text):
        gap = text[at : match.start()]
        if not (_BETWEEN.fullmatch(gap) if found else not gap.strip()):
            return None
        if match[4]:
            if last is None:
                return None
            y, m, d = last[0], last[1], int(match[4])
        else:
            y = int(match[1]) if match[1] else (last[0] if last else None)
            if y is None:
                y, borrowed = year, True
            m, d = int(match[2]), int(match[3])
        try:
            found.append(dt.date(y, m, d).isoformat())
        except ValueError:
            return None
        last, at = (y, m), match.end()
    if not found or not _REMARK.fullmatch(text[at:]):
        return None
    return found, borrowed


def split_phones(
    form: forms.Form, values: dict[str, Any], notes: list[Note], label_of: dict[str, Any], spots: dict[str, Cell]
) -> list[Note]:
    """A landline and a mobile written in one office-phone cell (0591-12345678 / 13800000000) while its 手机 is empty:
    the mobile number goes to 手机, and a note says so; any other mix is kept as typed, for the rules to judge."""
    for phone in form.fields:
        mobile = next((g for g in form.fields if g.type == "mobile" and g.group == phone.group), None)
        typed = values.get(phone.id)
        if phone.type != "phone" or mobile is None or not isinstance(typed, str) or values.get(mobile.id):
            continue
        numbers = rules.phone_numbers(typed)
        mobiles = [n for n in numbers if rules.is_mobile(n)]
        landlines = [n for n in numbers if not rules.is_mobile(n)]
        if len(mobiles) != 1 or not landlines or not all(rules.is_landline(n) for n in landlines):
            continue
        values[phone.id], values[mobile.id] = "、".join(landlines), mobiles[0]
        notes = [n for n in notes if n.field != mobile.id]  # its cell was empty or missing: said by the note below
        notes.append(
            Note.of(
                "phone_split",
                mobile.id,
                label=label_of[phone.id],
                where=place(spots[phone.id]),
                mobile=mobiles[0],
                into=label_of[mobile.id],
            )
        )
    return notes
