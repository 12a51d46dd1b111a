"""Boxes: which options of a choice or the topics are ticked, however ticked, and the words after each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...core import forms
from ...core.bilingual import Bilingual
from ...core.findings import Note
from ...core.types import normalise_text
from ...core.words import listed, say
from .labels import BLANK, CLOSE, OPEN, flexible
from .places import FieldAt, shown

TICKS = "☑☒✔✓√■▣●✅"
BOXES = "☐□"
EDGE = TICKS + BOXES + "_＿ 　\t\n:：；;，,、"  # what stands around an option's words: its mark, a colon, a separator
_BRACKETED_TICK = re.compile(rf"[{OPEN}]\s*[{TICKS}xX×]\s*[{CLOSE}]")
_BRACKETED_BOX = re.compile(rf"[{OPEN}]\s*[{CLOSE}]")


def _marks(text: str) -> str:
    """The text with ticks written in brackets ([√], （√）, 【✓】) as ☑ and empty brackets ([ ], （ ）) as ☐."""
    return _BRACKETED_BOX.sub("☐", _BRACKETED_TICK.sub("☑", text))


@dataclass
class Found:
    """An option's wording in a cell: where it stands, its mark (tick, box or none) and the words of its blank."""

    option: forms.Option
    start: int
    end: int
    mark: str  # "tick", "box" or ""
    blank: str | None = None


def _mark_before(text: str) -> str:
    tail = text.rstrip(" 　\t")
    if tail and tail[-1] in TICKS:
        return "tick"
    if tail and tail[-1] in BOXES:
        return "box"
    return ""


def _head(segment: str) -> str:
    """The mark just after an option's wording on its line (财政资助项目√, 服务重大战略（√）：…), or ""."""
    head = segment.lstrip(" 　\t:：")[:1]
    return head if head and head in TICKS + BOXES else ""


def _tail(segment: str) -> str:
    """The mark an option's part of a cell ends with (服务重大战略：…☑；), or ""."""
    tail = segment.rstrip(EDGE.replace(TICKS, "").replace(BOXES, ""))[-1:]
    return tail if tail and tail in TICKS + BOXES else ""


def find_options(form: forms.Form, field: forms.Field, text: str) -> list[Found]:
    """Each option of a choice or topic field whose wording stands in `text`, in the order they stand, with its mark."""
    found = _wordings(form, field, text)
    if found:
        _mark(found, text)
    return found


def _wordings(form: forms.Form, field: forms.Field, text: str) -> list[Found]:
    """Where each option's wording stands in `text` (with the words of its blank: 自筹经费项目（资金来源：…）), in order."""
    found: list[Found] = []
    for option in field.options:
        detail = form.field(option.detail) if option.detail and form.has(option.detail) else None
        patterns = []
        if detail and detail.printed:
            before, _, after = detail.printed.partition("{blank}")
            # the words of the blank may hold brackets of their own: （示例）
            patterns.append(rf"{flexible(before)}(?P<blank>(?:[^（()）]|[（(][^（()）]*[）)])*?){flexible(after)}")
            patterns.append(flexible(before.split("（")[0]))  # 自筹经费项目 without its bracket
        else:
            patterns.append(flexible(option.name.zh))
        for pattern in patterns:
            match = re.search(pattern, text, re.S)
            if match and not any(f.start <= match.start() < f.end for f in found):
                blank = match.groupdict().get("blank")
                found.append(Found(option, match.start(), match.end(), "", blank))
                break
    found.sort(key=lambda f: f.start)
    return found


def _mark(found: list[Found], text: str) -> None:
    """Each option's mark: the one after its words where the ticks are written after the options, else the one before."""
    ends = [found[i + 1].start if i + 1 < len(found) else len(text) for i in range(len(found))]
    heads = [_head(text[item.end : end]) for item, end in zip(found, ends)]
    tails = [_tail(text[item.end : end]) for item, end in zip(found, ends)]
    # a mark ending an option's words is its own only where the last option's is marked too: else it is the next one's
    after = [h or t for h, t in zip(heads, tails)] if heads[-1] or tails[-1] else heads
    if not _mark_before(text[: found[0].start]) and any(mark and mark in TICKS for mark in after):
        # ticks written after the options (财政资助项目√ 自筹经费项目), or after a topic's words (服务重大战略：…☑；):
        # each mark belongs to the option before it
        for item, mark in zip(found, after):
            item.mark = "tick" if mark and mark in TICKS else "box" if mark and mark in BOXES else ""
        return
    previous = 0
    for item in found:
        item.mark = _mark_before(text[previous : item.start])
        previous = item.end


def chosen(found: list[Found], every: int, by_text: dict[str, str] | None = None) -> list[forms.Option] | None:
    """The options ticked: those with a tick; else those whose box was deleted while others kept theirs; else, when
    the others' wording was deleted, those left; else (all there, no marks) those with words after them (topics).
    None when the marks say nothing."""
    ticked = [f.option for f in found if f.mark == "tick"]
    if ticked:
        return ticked
    boxed = [f for f in found if f.mark == "box"]
    if boxed and len(boxed) < len(found):
        return [f.option for f in found if f.mark != "box"]
    if boxed:
        return []
    if found and len(found) < every:
        return [f.option for f in found]
    if by_text is not None:
        return [f.option for f in found if by_text.get(f.option.id)]
    return None


def blank_words(text: str | None, field: forms.Field | None = None) -> str:
    """What fills a printed blank, without the line or spaces that draw it."""
    text = (text or "").strip(BLANK + "\n")
    if field is not None and field.blank and not text.strip(field.blank + BLANK):
        return ""
    return text


def read_boxes(field: FieldAt, text: str, values: dict[str, Any]) -> list[Note]:
    """A choice or the topics from their cell: which boxes are ticked, however ticked, and the words after each."""
    form, f = field.form, field.field
    marked = _marks(text)
    found = find_options(form, f, marked)
    if not text.strip(BLANK + "\n"):
        return [field.note("empty")]
    if not found:
        values[f.id] = text
        return [field.note("unclear", value=shown(text))]
    if f.type == "topics":
        entry = _topics(f, found, marked)
        if entry:
            values[f.id] = entry
        return [field.note("read" if entry else "empty")]
    return _choice(field, text, marked, found, values)


def _topics(f: forms.Field, found: list[Found], marked: str) -> dict[str, dict[str, Any]]:
    """The topics ticked or written about: {option: {"ticked": …, "text": the words after it}}."""
    words = {}
    for i, item in enumerate(found):
        end = found[i + 1].start if i + 1 < len(found) else len(marked)
        words[item.option.id] = normalise_text(marked[item.end : end].strip(EDGE))
    ticked = chosen(found, len(f.options), words) or []
    entry = {}
    for item in found:
        on = item.option in ticked
        if on or words[item.option.id]:
            entry[item.option.id] = {"ticked": on, "text": words[item.option.id]}
    return entry


def _choice(field: FieldAt, text: str, marked: str, found: list[Found], values: dict[str, Any]) -> list[Note]:
    """A choice's option (or options) ticked, and the words of their blanks; kept as typed where the marks say nothing."""
    form, f = field.form, field.field
    ticked = chosen(found, len(f.options))
    if ticked is not None and _stray_words(marked, found) and any(ch in TICKS + BOXES for ch in marked):
        ticked = None  # 是☑ 否□ beside 是否继续教育基地: a mark beside words that are no option's cannot be placed
    values.update(_blanks(form, found))
    if ticked is None:
        values[f.id] = text
        return [field.note("unclear", value=shown(text))]
    if not ticked:
        return [field.note("none_ticked")]
    values[f.id] = ticked[0].id if len(ticked) == 1 else [o.id for o in ticked]
    if len(ticked) > 1:  # kept as ticked, none picked: the rules say what the form allows (仅单选)
        options = Bilingual.each(lambda lang: listed([say("marks", "quote", lang, {"text": o.label(lang)}) for o in ticked], lang))
        return [field.note("several_ticked", options=options)]
    return [field.note("read")]


def _blanks(form: forms.Form, found: list[Found]) -> dict[str, str]:
    """What fills the printed blanks of the options found (自筹经费项目（资金来源：____）), by the detail field's id."""
    filled = {}
    for item in found:
        if item.option.detail and item.blank is not None:
            detail = form.field(item.option.detail)
            words = blank_words(item.blank, detail)
            if words:
                filled[detail.id] = words
    return filled


def _stray_words(text: str, found: list[Found]) -> str:
    """What a choice's cell says besides its options' wording, marks, blanks and bracketed remarks: 是 in 是☑ 否□."""
    rest = list(text)
    for item in found:
        rest[item.start : item.end] = " " * (item.end - item.start)
    left = re.sub(rf"[{OPEN}][^{OPEN}{CLOSE}]*[{CLOSE}]", "", "".join(rest))
    return re.sub(rf"[\s{TICKS}{BOXES}{BLANK}:：,，;；、。.xX×*]", "", left)
