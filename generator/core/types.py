"""The kinds of value a field holds, one class each: how a value is cleaned, its JSON Schema, its cell text
and read-back, how the pages describe it and which input the form page draws for it.

A new kind of field is one class here and its words ([types], [kinds], [ask] in data/words/<lang>.toml).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import TYPE_CHECKING, Any, ClassVar

from . import datafiles
from .words import WORDS

if TYPE_CHECKING:
    from .forms import Field

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# 30, ３０, 30人, 三十人, 30 people: the count as people write it on either page (the form page hands Python what was typed)
_VOCABULARY = datafiles.read_toml("vocabulary.toml")
_UNITS = "|".join(map(re.escape, _VOCABULARY["count_units"]))
_COUNT = re.compile(rf"^\s*([0-9]+)\s*(?:{_UNITS})?\s*$", re.IGNORECASE)
WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# 五十人, 三十: a count in characters, as a clerk types it and as hand-filled forms hold it
_CN_DIGITS = {ch: str(n) for n, chars in enumerate(_VOCABULARY["cn_digits"]) for ch in chars}
_TEN = _VOCABULARY["cn_ten"]
_CN_NUMBER = re.compile(f"[{''.join(_CN_DIGITS)}{_TEN}]+")


def _cn_number(match: re.Match[str]) -> str:
    """The digits of one number in characters (五十 is 50, 二〇二五 is 2025)."""
    text = match[0]
    if _TEN not in text:
        return "".join(_CN_DIGITS[ch] for ch in text)
    tens, _, ones = text.partition(_TEN)
    # 十十 or 五十十 (a slip) has 十 where a digit stands: read as one ten, never an error of ours
    return str((int(_CN_DIGITS.get(tens[-1], "1")) if tens else 1) * 10 + (int(_CN_DIGITS.get(ones[0], "0")) if ones else 0))


def arabic(text: str) -> str:
    """Digits for the numbers people write in characters or full width: 五十人, ２０２５."""
    return _CN_NUMBER.sub(_cn_number, text.translate(WIDE_DIGITS))


class BadValue(Exception):
    """A value of the wrong shape; `kind` names what was expected."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def is_empty(value: Any) -> bool:
    """Nothing typed: None, blanks, an empty object or list."""
    return value is None or (isinstance(value, str) and not value.strip()) or value == {} or value == []


def normalise_text(value: str) -> str:
    """One newline convention and no surrounding blanks, as Excel and HTML forms give it back."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_date(value: Any) -> dt.date:
    """An ISO date string (YYYY-MM-DD) as a date."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not ISO_DATE.match(value.strip()):
        raise BadValue("date")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadValue("date") from None


# ---- dates as the paper forms write them (2025年6月10日, 2025年6月10日至2025年6月15日) and back ----

_RANGE = re.compile(r"\s*(?:至|到|—|～|~)\s*")
PAPER: dict[str, Any] = datafiles.read_toml("paper.toml")  # the forms are Chinese whatever the reader's language


_EITHER_WIDTH = {"：": "[：:]", ":": "[：:]", "（": "[（(]", "(": "[（(]", "）": "[）)]", ")": "[）)]"}


def printed_pattern(template: str) -> str:
    """A regular expression for the text a printed template gives: its words as printed (colons and brackets in
    either width, any spacing), each {name} a group of that name."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        for ch in literal:
            out.append(r"\s*" if ch.isspace() else _EITHER_WIDTH.get(ch) or re.escape(ch))
        if name:
            out.append(rf"\s*(?P<{name}>.*?)\s*")
    return "".join(out)


def is_blank_date(text: str) -> bool:
    """Whether a date cell holds only the printed blank (    年    月    日)."""
    return not text.strip(" " + PAPER["date_blank"])


def cn_date(value: dt.date | None) -> str:
    """A date as the paper form writes it; the printed blank when there is none."""
    return WORDS["zh"]["marks"]["date"].format(year=value.year, month=value.month, day=value.day) if value else PAPER["date_blank"]


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_YMD = re.compile(r"(\d{4})(\d{2})(\d{2})|(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", re.ASCII)
_DAY_MONTH = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})", re.ASCII)
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?", re.ASCII)  # 7月14日, the year left to the form's


def read_date(text: str, year: int | None = None) -> str | None:
    """A date as people type or print it (20251013, 2025-10-13, 2025/10/13, 2025年10月13日, 14/07/2025) as an ISO
    date, and with `year` (the form's edition) 7月14日 in that year; None when it is none, or when day and month could
    be either (07/08/2025 is not guessed). The pages' assets/shared/dates.js reads the same texts the same way."""
    text = text.translate(_FULL_WIDTH_DIGITS).strip()
    if year and (match := _MONTH_DAY.fullmatch(text)):
        month, day = (int(g) for g in match.groups())
    elif match := _YMD.fullmatch(text):
        year, month, day = (int(g) for g in match.groups() if g is not None)
    elif match := _DAY_MONTH.fullmatch(text):
        a, b, year = (int(g) for g in match.groups())
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_cn_date(text: str) -> str | None:
    """A date cell (2025年6月10日, 2025.6.10, 2025-06-10 …) as an ISO date; None when it is no date."""
    return read_date(text)


def period_text(value: dict[str, Any] | None) -> str:
    """办班时间 as written in its cell: 2025年6月10日至2025年6月15日."""
    value = value or {}
    if not (value.get("start") or value.get("end")):
        return ""
    return PAPER["range"].format(start=cn_date(value.get("start")), end=cn_date(value.get("end")))


def read_period(text: str) -> Any:
    """A period cell back as {start, end}; kept as typed when it is not two dates (the rules explain)."""
    parts = _RANGE.split(text.strip())
    if len(parts) == 2:
        ends = [parse_cn_date(p) if not is_blank_date(p) else "" for p in parts]
        if None not in ends:
            return {k: v for k, v in zip(("start", "end"), ends) if v}
    return text


DATE_SCHEMA = {"type": "string", "format": "date", "pattern": ISO_DATE.pattern}


# What people type between two phone numbers in one field; on paper a line break follows it (and is read back away).
_NUMBER_SEP = re.compile(r"([、，,；;／/])(?=[ \t]*\S)")
_NUMBER_SEP_LINE = re.compile(r"([、，,；;／/])\n")


class FieldType:
    """What every kind of field answers; the base is plain text."""

    name: ClassVar[str] = "text"
    input: ClassVar[str] = "text"  # the input the form page draws (overrides/form.html) and reads (form.js)
    grouped: ClassVar[bool] = False  # an input of several controls (boxes, two dates), labelled as a group
    is_text: ClassVar[bool] = True  # a value people type as words (phone numbers too)

    def clean(self, field: Field, value: Any) -> Any:
        """The value in its clean shape (never empty: callers pass only what was typed), or BadValue."""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise BadValue("text")
        return field.fill_blank(normalise_text(str(value))) or None

    def schema(self, field: Field) -> dict[str, Any]:
        """The JSON Schema of the value."""
        return {"type": "string"}

    def cell_text(self, value: Any) -> str:
        """The value as its cell of the official form says it."""
        return "" if value is None else str(value)

    def read_cell(self, text: str) -> Any:
        """The draft value of a cell's text (kept as typed where it cannot be read: the rules say why)."""
        return text or None


class Text(FieldType):
    """One line of text."""


class LongText(FieldType):
    """Several lines: 项目内容, 培训对象 …"""

    name = "longtext"
    input = "textarea"


class Phone(FieldType):
    """A landline, with its area code."""

    name = "phone"
    input = "tel"

    def cell_text(self, value: Any) -> str:
        """Several numbers (0591-…、0592-…) each start a line of the cell, so that none breaks across lines on paper."""
        return "" if value is None else _NUMBER_SEP.sub("\\1\n", str(value))

    def read_cell(self, text: str) -> Any:
        return _NUMBER_SEP_LINE.sub("\\1", text) or None


class Mobile(Phone):
    """An 11-digit mobile number."""

    name = "mobile"


class Fax(Phone):
    """A fax number, or 无."""

    name = "fax"


class Date(FieldType):
    """One day: 申报时间."""

    name = "date"
    input = "date"
    is_text = False

    def clean(self, field: Field, value: Any) -> Any:
        return parse_date(value)

    def schema(self, field: Field) -> dict[str, Any]:
        return dict(DATE_SCHEMA)

    def cell_text(self, value: Any) -> str:
        return cn_date(value) if value else ""

    def read_cell(self, text: str) -> Any:
        return (parse_cn_date(text) or text) if text else None


class DateRange(FieldType):
    """A first and a last day: 办班时间."""

    name = "daterange"
    input = "daterange"
    is_text = False
    grouped = True

    def clean(self, field: Field, value: Any) -> Any:
        if not isinstance(value, dict):
            raise BadValue("daterange")
        ends = {end: None if is_empty(value.get(end)) else parse_date(value.get(end)) for end in ("start", "end")}
        return ends if any(ends.values()) else None

    def schema(self, field: Field) -> dict[str, Any]:
        return {"type": "object", "properties": {"start": DATE_SCHEMA, "end": DATE_SCHEMA}, "additionalProperties": False}

    def cell_text(self, value: Any) -> str:
        return period_text(value)

    def read_cell(self, text: str) -> Any:
        return read_period(text) if text else None


class Integer(FieldType):
    """A count above zero: 计划招收学员人数 (30, ３０, 30人, 三十人 and 30 people are all 30)."""

    name = "integer"
    input = "number"
    is_text = False

    def clean(self, field: Field, value: Any) -> Any:
        if isinstance(value, str) and (count := _COUNT.match(arabic(value))):
            value = int(count[1])
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise BadValue("integer")
        return value

    def schema(self, field: Field) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1}


class YesNo(FieldType):
    """是 or 否: the tool's own questions."""

    name = "yesno"
    input = "yesno"
    is_text = False
    grouped = True

    def clean(self, field: Field, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        raise BadValue("yesno")

    def schema(self, field: Field) -> dict[str, Any]:
        return {"type": "boolean"}


class Choice(FieldType):
    """One of the printed boxes (a list where the notice allows no more than one shows the extra ticks)."""

    name = "choice"
    input = "choice"
    is_text = False
    grouped = True

    def clean(self, field: Field, value: Any) -> Any:
        ids = {o.id for o in field.options}
        if isinstance(value, str) and value in ids:
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) and v in ids for v in value):
            return list(dict.fromkeys(value)) if len(set(value)) > 1 else value[0]
        raise BadValue("choice")

    def schema(self, field: Field) -> dict[str, Any]:
        return {"enum": [o.id for o in field.options]}


class Topics(FieldType):
    """Boxes to tick, each with its explanation: 是否符合选题范围."""

    name = "topics"
    input = "topics"
    is_text = False
    grouped = True

    def clean(self, field: Field, value: Any) -> Any:
        if not isinstance(value, dict) or not set(value) <= {o.id for o in field.options}:
            raise BadValue("topics")
        result = {}
        for option in field.options:
            entry = value.get(option.id)
            if entry is None:
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("ticked", False), bool):
                raise BadValue("topics")
            text = entry.get("text") or ""
            if not isinstance(text, str):
                raise BadValue("topics")
            ticked, text = entry.get("ticked", False), normalise_text(text)
            if ticked or text:
                result[option.id] = {"ticked": ticked, "text": text}
        return result or None

    def schema(self, field: Field) -> dict[str, Any]:
        entry = {"type": "object", "properties": {"ticked": {"type": "boolean"}, "text": {"type": "string"}}, "additionalProperties": False}
        return {"type": "object", "properties": {o.id: {**entry, "title": o.name.zh} for o in field.options}, "additionalProperties": False}


TYPES: dict[str, FieldType] = {
    kind.name: kind() for kind in (Text, LongText, Phone, Mobile, Fax, Date, DateRange, Integer, YesNo, Choice, Topics)
}
