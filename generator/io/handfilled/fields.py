"""One field's value from the text of its cell, by the field's type, with the notes on how it was read."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...core import editions, forms
from ...core.findings import Note
from ...core.types import is_blank_date, normalise_text
from ..cells import Cell
from ..layout import _read_longtext, _said_count
from .boxes import read_boxes
from .labels import BLANK, STAMP, flexible
from .places import FieldAt, place, shown
from .written import APPROXIMATE, arabic, read_dates


def read_field(
    form: forms.Form, edition: editions.Edition, f: forms.Field, text: str, where: Cell, values: dict[str, Any], label_of: dict[str, Any]
) -> list[Note]:
    """One field's value from the text of its cell, into `values`; the notes on how it was read."""
    field = FieldAt(form, edition, f, place(where), label_of)
    text = normalise_text(text.replace("\u3000", " ") if f.type in ("date", "daterange") else text)
    if f.type == "date":
        return _date(field, text, values)
    if f.type == "daterange":
        return _period(field, text, values)
    if f.type in ("choice", "topics"):
        return read_boxes(field, text, values)
    if f.filled_by(form.id) == "reviewer":
        return _opinion(field, text, values)
    if f.type == "longtext":
        return _longtext(field, text, values)
    if f.type == "integer":
        return _integer(field, text, values)
    return _plain(field, text, values)


def _date(field: FieldAt, text: str, values: dict[str, Any]) -> list[Note]:
    """One date (申报时间), its （盖章） left out; a blank date (年 月 日) is empty."""
    text = STAMP.sub("", text).strip()
    if not text or is_blank_date(text):
        return [field.note("empty")]
    return _dated(field, text, values, lambda dates: dates[0] if len(dates) == 1 else None)


def _period(field: FieldAt, text: str, values: dict[str, Any]) -> list[Note]:
    """A first and a last day (研修时间)."""
    if not text:
        return [field.note("empty")]
    return _dated(field, text, values, lambda dates: {"start": dates[0], "end": dates[1]} if len(dates) == 2 else None)


def _dated(field: FieldAt, text: str, values: dict[str, Any], value_of: Callable[[list[str]], Any]) -> list[Note]:
    """The value `value_of` makes of the dates `text` says (None: not this field's dates), else `text` kept as typed."""
    dates = read_dates(text, field.edition.year)
    value = value_of(dates[0]) if dates else None
    if value is None:
        values[field.id] = text
        return [field.note("unclear", value=shown(text))]
    values[field.id] = value
    return [field.note("read_year" if dates[1] else "read", year=field.edition.year)]


def _opinion(field: FieldAt, text: str, values: dict[str, Any]) -> list[Note]:
    """A reviewer's opinion, without its （盖章） and the date line under it: kept only where one was written."""
    foot = STAMP.sub("", text)
    foot = re.sub(r"(?:\d{4}|\s)*年[\s\d]*月[\s\d]*日\s*$", "", foot).strip()
    if foot:
        values[field.id] = foot
    return []


def _longtext(field: FieldAt, text: str, values: dict[str, Any]) -> list[Note]:
    """A long text without the guidance printed in its cell, with the number of trainees it says (培训对象)."""
    f, form = field.field, field.form
    for help_text in {f.help(key) for key in f.forms} - {""}:
        text = re.sub(rf"^\s*{flexible(help_text)}\s*", "", text, flags=re.S)
    read = _read_longtext(form, f, field.edition, text)
    trainees = next((g for g in form.fields if g.written_into == f.id), None)
    notes = _said_trainees(field, trainees, text, read) if trainees else []
    values.update({k: v for k, v in read.items() if v is not None})
    notes.append(field.note("read" if read.get(f.id) else "empty"))
    if trainees and trainees.id in read:
        notes.append(Note.of("count", trainees.id, label=field.label_of[trainees.id], where=field.spot, n=read[trainees.id]))
    return notes


def _said_trainees(field: FieldAt, trainees: forms.Field, text: str, read: dict[str, Any]) -> list[Note]:
    """The number of trainees a long text says (招收学员五十人) into `read`; a note, and no number, where it is approximate."""
    if "trainees" not in read and (n := _said_count(arabic(text))) is not None:
        read[trainees.id] = n
    if trainees.id in read and (about := APPROXIMATE.search(re.sub(r"\s+", "", arabic(text)))):
        # 约50人, 50人左右: the form page refuses such a count, so it is not taken as the planned number here either
        read.pop(trainees.id)
        return [Note.of("count_approximate", trainees.id, label=field.label_of[trainees.id], where=field.spot, value=about[0])]
    return []


def _integer(field: FieldAt, text: str, values: dict[str, Any]) -> list[Note]:
    """A count (50, 五十人, ５０名); anything else kept as typed."""
    number = arabic(text)
    values[field.id] = int(m[1]) if (m := re.fullmatch(r"\s*(\d+)\s*(?:人|名)?\s*", number)) else text or None
    if isinstance(values[field.id], str):
        return [field.note("unclear", value=shown(text))]  # 约50人, 50-60人: kept as typed, as the form page keeps them
    return [field.note("read" if values[field.id] is not None else "empty")]


def _plain(field: FieldAt, text: str, values: dict[str, Any]) -> list[Note]:
    """Any other field's text, as its kind reads a cell (a heading line's （盖章） left out: 申报单位：…（盖章））."""
    if field.field.placement == "heading":
        text = STAMP.sub("", text)
    value = field.field.kind.read_cell(text.strip(BLANK))
    if value:
        values[field.id] = value
    return [field.note("read" if value else "empty")]
