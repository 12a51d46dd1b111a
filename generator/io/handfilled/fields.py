"""One field's value from the text of its cell, by the field's type, with the notes on how it was read."""

from __future__ import annotations

import re
from typing import Any

from ...core import editions, forms
from ...core.findings import Note
from ...core.types import is_blank_date, normalise_text
from ..cells import Cell
from ..layout import _read_longtext, _said_count
from .boxes import read_boxes
from .labels import BLANK, STAMP, flexible
from .places import place, shown
from .written import APPROXIMATE, arabic, read_dates


def read_field(
    form: forms.Form, edition: editions.Edition, f: forms.Field, text: str, where: Cell, values: dict[str, Any], label_of: dict[str, Any]
) -> list[Note]:
    """One field's value from the text of its cell, into `values`; the notes on how it was read."""
    label = label_of[f.id]
    spot = place(where)
    text = normalise_text(text.replace("\u3000", " ") if f.type in ("date", "daterange") else text)
    notes: list[Note] = []

    def unclear(value: str) -> None:
        notes.append(Note.of("unclear", f.id, label=label, where=spot, value=shown(value)))

    if f.type == "date":
        text = STAMP.sub("", text).strip()
        if not text or is_blank_date(text):
            notes.append(Note.of("empty", f.id, label=label, where=spot))
            return notes
        dates = read_dates(text, edition.year)
        if dates and len(dates[0]) == 1:
            values[f.id] = dates[0][0]
            notes.append(Note.of("read_year" if dates[1] else "read", f.id, label=label, where=spot, year=edition.year))
        else:
            values[f.id] = text
            unclear(text)
        return notes
    if f.type == "daterange":
        if not text:
            notes.append(Note.of("empty", f.id, label=label, where=spot))
            return notes
        dates = read_dates(text, edition.year)
        if dates and len(dates[0]) == 2:
            values[f.id] = {"start": dates[0][0], "end": dates[0][1]}
            notes.append(Note.of("read_year" if dates[1] else "read", f.id, label=label, where=spot, year=edition.year))
        else:
            values[f.id] = text
            unclear(text)
        return notes
    if f.type in ("choice", "topics"):
        return read_boxes(form, f, text, spot, values, label)
    if f.filled_by(form.id) == "reviewer":
        foot = STAMP.sub("", text)
        foot = re.sub(r"(?:\d{4}|\s)*年[\s\d]*月[\s\d]*日\s*$", "", foot).strip()
        if foot:
            values[f.id] = foot
        return notes
    if f.type == "longtext":
        for help_text in {f.help(key) for key in f.forms} - {""}:
            text = re.sub(rf"^\s*{flexible(help_text)}\s*", "", text, flags=re.S)
        read = _read_longtext(form, f, edition, text)
        trainees = next((g for g in form.fields if g.written_into == f.id), None)
        if trainees and "trainees" not in read and (n := _said_count(arabic(text))) is not None:
            read[trainees.id] = n
        if trainees and trainees.id in read and (about := APPROXIMATE.search(re.sub(r"\s+", "", arabic(text)))):
            # 约50人, 50人左右: the form page refuses such a count, so it is not taken as the planned number here either
            read.pop(trainees.id)
            notes.append(Note.of("count_approximate", trainees.id, label=label_of[trainees.id], where=spot, value=about[0]))
        values.update({k: v for k, v in read.items() if v is not None})
        notes.append(Note.of("read" if read.get(f.id) else "empty", f.id, label=label, where=spot))
        if trainees and trainees.id in read:
            notes.append(Note.of("count", trainees.id, label=label_of[trainees.id], where=spot, n=read[trainees.id]))
        return notes
    if f.type == "integer":
        number = arabic(text)
        values[f.id] = int(m[1]) if (m := re.fullmatch(r"\s*(\d+)\s*(?:人|名)?\s*", number)) else text or None
        if isinstance(values[f.id], str):
            unclear(text)  # 约50人, 50-60人: kept as typed, as the form page keeps them
        else:
            notes.append(Note.of("read" if values[f.id] is not None else "empty", f.id, label=label, where=spot))
        return notes
    if f.placement == "heading":
        text = STAMP.sub("", text)  # 申报单位：…（盖章）
    value = f.kind.read_cell(text.strip(BLANK))
    if value:
        values[f.id] = value
    notes.append(Note.of("read" if value else "empty", f.id, label=label, where=spot))
    return notes
