"""Which form a file holds and which year its title names: by its title, its mark or its labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ...core import editions, forms
from ...core.bilingual import Bilingual
from ...core.findings import Note
from ...core.types import PAPER
from ...core.words import listed, say
from ..cells import Cell, Sheet
from .labels import flexible, form_labels
from .summary import summary_header
from .written import arabic


@dataclass
class Kind:
    """What a file holds: a form (national, provincial or summary), the year its title names, and where that was seen."""

    form: str
    year: int | None
    where: Cell | None


@cache
def _titles() -> list[tuple[str, re.Pattern[str]]]:
    """The title of each form with any year: 专业技术人员知识更新工程2026年省级高级研修项目申报表."""
    edition = editions.load()
    found = []
    for key in ("provincial", "national", "summary"):
        for text in (edition.attachments[key]["heading"], edition.attachments[key]["title"]):
            before, _, after = text.partition(str(edition.year))
            found.append((key, re.compile(rf"(\d{{4}})\s*{flexible(after)}")))
    return found


def title_in(text: str) -> tuple[str, int] | None:
    """The form and year a form's title in `text` names (the year written in any digits), or None."""
    if not any(pattern.pattern[-1] in text for _, pattern in _titles()):
        return None  # most cells hold no title: its last character (表) is enough to tell
    text = arabic(text)
    for key, pattern in _titles():
        match = pattern.search(text)
        if match:
            return key, int(match[1])
    return None


def own_labels(sheet: Sheet) -> dict[str, list[str]]:
    """The labels a file shows that only one of 附件1 and 附件2 has (选题所属行业领域, 申报项目类别, 申报单位信息 are 附件1's;
    选题所属专业技术领域 and the 审核意见 row are 附件2's), by form, each once, in reading order."""
    found: dict[str, list[str]] = {}
    for form_id in forms.FORMS:
        mine = form_labels(forms.load(form_id))
        other = form_labels(forms.load("provincial" if form_id == "national" else "national"))
        own = {lab.words for lab in mine.values()} - {lab.words for lab in other.values()}
        seen = [
            lab.words
            for cell in sheet.cells
            for lab in mine.values()
            if lab.words in own and (lab.exact(cell.text) or lab.leading(cell.text) is not None or lab.inline.match(cell.text.lstrip()))
        ]
        found[form_id] = list(dict.fromkeys(seen))
    return found


def form_mismatch(sheet: Sheet, form: forms.Form, year: int) -> Note | None:
    """A note when the title names one form and the labels are mostly the other's (附件1's title over 附件2's rows)."""
    found = own_labels(sheet)
    other = forms.load("provincial" if form.id == "national" else "national", year)
    if len(found.get(other.id, [])) <= len(found.get(form.id, [])):
        return None
    labels = Bilingual.each(lambda lang: listed([say("marks", "quote", lang, {"text": w}) for w in found[other.id]], lang))
    return Note.of("form_mismatch", None, form=Bilingual.each(form.label), other=Bilingual.each(other.label), labels=labels)


def identify(sheet: Sheet) -> Kind | None:
    """Which form a file holds: by its title (whatever year it names), else its mark (附件2), else its labels."""
    return _by_title(sheet) or _by_mark(sheet) or _by_labels(sheet)


def _by_title(sheet: Sheet) -> Kind | None:
    """The form and year the first form's title in the file names."""
    for cell in sheet.cells:
        title = title_in(cell.text)
        if title:
            return Kind(title[0], title[1], cell)
    return None


def _by_mark(sheet: Sheet) -> Kind | None:
    """The form a cell that says only its mark (附件2) names."""
    edition = editions.load()
    for cell in sheet.cells:
        for key in ("national", "provincial", "summary"):
            mark = PAPER["attachment"].format(n=edition.attachments[key]["number"])
            if re.fullmatch(rf"\s*{flexible(mark)}\s*", cell.text):
                return Kind(key, None, cell)
    return None


def _by_labels(sheet: Sheet) -> Kind | None:
    """附件3 by its header row where few form labels stand; else the form whose own labels the file shows most."""
    score = {}
    for form_id in forms.FORMS:
        mine = form_labels(forms.load(form_id))
        other = form_labels(forms.load("provincial" if form_id == "national" else "national"))
        own_words = {lab.words for lab in mine.values()} - {lab.words for lab in other.values()}
        score[form_id] = sum(1 for cell in sheet.cells for lab in mine.values() if lab.words in own_words and lab.exact(cell.text))
    common = sum(1 for cell in sheet.cells for lab in form_labels(forms.load("national")).values() if lab.exact(cell.text))
    if summary_header(sheet) and common < 3:
        return Kind("summary", None, None)
    if common >= 3:
        return Kind(max(score, key=lambda k: (score[k], k == "provincial")), None, None)
    return None
