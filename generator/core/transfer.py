"""A national application not selected, carried to the provincial round (附件4第1条: 自动转入申报省级高级研修项目):
every field 附件2 shares is carried; what 附件2 asks of the institution and 附件1 left to others is named to
complete; 附件1's own cells are named as dropped. Pure Python (runs in the browser)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import drafts, forms, rules
from .findings import Finding, ReadError

Bilingual = dict[str, str]


@dataclass(frozen=True)
class Transfer:
    """The provincial draft, and what the move left for the institution and what it dropped (labels in both languages)."""

    draft: dict[str, Any]
    carried: list[str]  # field ids
    to_complete: list[tuple[str, Bilingual]]  # (field id, its 附件2 label): the institution fills these on 附件2
    dropped: list[tuple[str, Bilingual, Any]]  # (field id, its 附件1 label, value): 附件1 only
    findings: list[Finding]  # what the provincial rules say of the carried draft


def _label(form: forms.Form, field_id: str) -> Bilingual:
    field = form.field(field_id)
    return {lang: field.named(form.id, lang) for lang in ("zh", "en")}


def to_provincial(draft: Any) -> Transfer:
    """A national draft as a provincial one of the same edition (ReadError when it is no draft or not national)."""
    app = drafts.application(draft)
    if app.form.id != "national":
        raise ReadError.of("not_national")
    national, provincial = app.form, forms.load("provincial", app.edition.year)
    data = app.to_draft()["data"]
    carried, kept, dropped = {}, [], []
    for field_id, value in data.items():
        if not provincial.has(field_id):
            dropped.append((field_id, _label(national, field_id), value))
        elif national.field(field_id).filled_by("national") == "institution":
            carried[field_id] = value
            kept.append(field_id)
    # 附件2 asks the institution for what 附件1 left to the department (申报单位, 申报时间), and the reviewer's opinion
    to_complete = [
        (f.id, _label(provincial, f.id))
        for f in provincial.fields
        if f.id not in carried
        and (f.required("provincial") or f.filled_by("provincial") == "reviewer" or not national.has(f.id))
        and f.cell
    ]
    moved = drafts.new_draft("provincial", app.edition.year, carried)
    return Transfer(moved, kept, to_complete, dropped, rules.validate(moved))
