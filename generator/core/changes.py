"""What changed from one edition to the next: the facts, the levels' limits, the topics, the fields of the forms
and the clauses' words, each change with the clause it belongs to. The "what changed" page is drawn from it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import batch, drafts, editions, forms, rules  # noqa: F401 (batch: its rules are declared)
from .bilingual import Bilingual
from .editions import Edition, dates
from .findings import Finding
from .words import entry, listed


@dataclass(frozen=True)
class Round:
    """What an edition is made of, as far as applicants see it: its facts and its forms."""

    edition: Edition
    forms: dict[str, forms.Form]

    @classmethod
    def of(cls, year: int) -> Round:
        """The round of an edition this tool has."""
        return cls(editions.load(year), {form: forms.load(form, year) for form in forms.FORMS})


@dataclass(frozen=True)
class Change:
    """One difference: what (in both languages), the old and the new value as shown ("" when none), its clause key."""

    what: Bilingual
    old: Bilingual
    new: Bilingual
    clause: str = ""


def _facts(e: Edition) -> Iterator[tuple[str, Bilingual, str]]:
    """(key, value, clause) of every fact of an edition an applicant plans by."""
    yield "number", Bilingual.same(e.number), ""
    yield "issued", dates(e.issued), ""
    yield "finish_by", dates(e.finish_by), "course_format"
    yield "methods", listed(e.methods), "course_content"
    yield "topics", listed(e.topics) if e.topics else Bilingual.same(""), "topic_scope"
    for key, level in e.levels.items():
        clause = "course_format"
        yield f"deadline.{key}", dates(level.deadline), "submission"
        yield f"days.{key}", level.days_wording, clause
        yield f"recruit.{key}", level.recruit, clause
        yield f"trainees_min.{key}", Bilingual.same(level.trainees_min), clause
        yield f"trainees_about.{key}", Bilingual.same(level.trainees_about), clause
        yield f"trainees_max.{key}", Bilingual.same(level.trainees_max), clause
    yield "office", Bilingual.same(e.office.get("name")), "contact"
    yield "contacts", Bilingual.same(listed(e.office.get("contacts", ()), "zh")), "contact"
    yield "phones", Bilingual.same(listed(e.office.get("phones", ()), "zh")), "contact"
    yield "email", Bilingual.same(e.office.get("email")), "contact"
    # where the forms are posted, in the notice's words (an English address written last year may not be this one)
    address = " ".join(str(e.office[k]) for k in ("address", "postcode") if e.office.get(k))
    yield "address", Bilingual.same(address), "submission"
    for key, attachment in e.attachments.items():
        yield (
            f"attachment.{key}",
            Bilingual.same(attachment["title"]),
            f"form_{key}" if key in ("national", "provincial", "summary") else "",
        )


def _fact_label(key: str, old: Edition, new: Edition) -> Bilingual:
    """What a fact is called on the page: 国家级 申报截止 / National: deadline."""
    name, _, level = key.partition(".")
    if name == "attachment":
        number = new.attachments.get(level, old.attachments.get(level, {})).get("number", "")
        return entry("changes", "attachment", n=number)
    if level:
        levels = new.levels if level in new.levels else old.levels
        return entry("changes", f"fact_{name}", level=levels[level].name)
    return entry("changes", f"fact_{name}")


def _yearless(value: Bilingual, year: int) -> Bilingual:
    """A value with its edition's years as placeholders: a title that only moves with the year has not changed."""
    return value.map(lambda text: text.replace(str(year), "{year}").replace(str(year - 1), "{prev_year}"))


def _fact_changes(old: Edition, new: Edition) -> Iterator[Change]:
    before = {key: (value, clause) for key, value, clause in _facts(old)}
    for key, value, clause in _facts(new):
        was = before.get(key, (Bilingual.same(""), clause))[0]
        moves_with_year = key.startswith("attachment.") or key == "number"
        if was != value and not (moves_with_year and _yearless(was, old.year) == _yearless(value, new.year)):
            yield Change(_fact_label(key, old, new), was, value, clause if clause in new.clauses else "")


def _topics(round_: Round) -> dict[str, forms.Option]:
    fields = [f for form in round_.forms.values() for f in form.fields]
    topics = next((f for f in fields if f.type == "topics"), None)
    return {o.id: o for o in topics.options} if topics else {}


def _label(option: forms.Option | None) -> Bilingual:
    return option.name if option else Bilingual.same("")


def _topic_changes(old: Round, new: Round) -> Iterator[Change]:
    before, after = _topics(old), _topics(new)
    for key in [*before, *(k for k in after if k not in before)]:
        if _label(before.get(key)) != _label(after.get(key)):
            yield Change(entry("changes", "topic"), _label(before.get(key)), _label(after.get(key)), "topic_scope")


def _field_changes(old: Round, new: Round) -> Iterator[Change]:
    for form in forms.FORMS:
        before = {f.id: f for f in old.forms[form].fields}
        after = {f.id: f for f in new.forms[form].fields}
        clause = f"form_{form}"
        label = Bilingual.each(new.forms[form].label)
        for field_id in [*before, *(k for k in after if k not in before)]:
            was, now = before.get(field_id), after.get(field_id)
            shown = [Bilingual.each(lambda lang, f=f, form=form: f.title(form, lang)) if f else Bilingual.same("") for f in (was, now)]
            if was is None or now is None:
                yield Change(entry("changes", "field_added" if was is None else "field_removed", form=label), shown[0], shown[1], clause)
            elif _yearless(shown[0], old.edition.year) != _yearless(shown[1], new.edition.year):
                yield Change(entry("changes", "field_relabelled", form=label), shown[0], shown[1], clause)
            elif was.required(form) != now.required(form):
                marks = [entry("changes", "required" if f.required(form) else "optional") for f in (was, now)]
                yield Change(entry("changes", "field_required", form=label, field=shown[1]), marks[0], marks[1], clause)


def _words(quote: str, year: int) -> str:
    """A quote as compared across years: its digits of either width alike, without punctuation or spacing, its
    edition's year and the year before as placeholders (a quote that only moved with the year has not changed)."""
    text = re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", quote))
    return text.replace(str(year), "{year}").replace(str(year - 1), "{prev_year}")


def _clause_changes(old: Edition, new: Edition) -> Iterator[Change]:
    for key, clause in new.clauses.items():
        was = old.clauses.get(key)
        if was is None or _words(was.quote, old.year) != _words(clause.quote, new.year):
            yield Change(
                entry("changes", "clause", ref=clause.ref.zh), Bilingual.same(was.quote if was else ""), Bilingual.same(clause.quote), key
            )


def between(old: Round, new: Round) -> list[Change]:
    """Every change from `old` to `new`: facts first, then topics, fields and the clauses' words."""
    return [
        *_fact_changes(old.edition, new.edition),
        *_topic_changes(old, new),
        *_field_changes(old, new),
        *_clause_changes(old.edition, new.edition),
    ]


def previous_year(year: int | None = None) -> int | None:
    """The year of the edition before `year` (the newest when None), None for the first one this tool has."""
    year = editions.load(year).year
    earlier = [y for y in editions.available() if y < year]
    return earlier[-1] if earlier else None


# ---- a draft carried from one round to another ------------------------------------


@dataclass(frozen=True)
class CarryOver:
    """A draft moved to another edition, and what the move did to it: nothing dropped without being named."""

    draft: dict[str, Any]  # the draft of the new edition
    came_from: int
    kept: list[str]  # field ids carried as they were
    relabelled: list[tuple[str, Bilingual, Bilingual]]  # (field id, old label, new label)
    dropped: list[tuple[str, Bilingual, Any]]  # (field id, old label, value) the new form has no field for
    findings: list[Finding]  # what the new edition's rules say of the carried draft
    # (field id, its label, the option's old label, the value as the old form printed it) for an option gone (a topic)
    options_dropped: list[tuple[str, Bilingual, Bilingual, Any]] = field(default_factory=list)


def carry_over(draft: Any, to_year: int) -> CarryOver:
    """The draft of one edition as a draft of `to_year` (ReadError when it is no draft)."""
    read = drafts.read(draft)
    old_form, form = read.app.form, forms.load(read.app.form.id, to_year)
    data = read.app.to_draft()["data"]
    kept, relabelled, dropped, gone, carried = [], [], [], [], {}
    for field_id, kind, raw in read.problems:  # what the old form could not use either ("四十" trainees): as typed
        if kind == "unknown":
            dropped.append((field_id, Bilingual.same(field_id), raw))
        else:
            data.setdefault(field_id, raw)
    for field_id, value in data.items():
        was = old_form.field(field_id)
        old_label = Bilingual.each(lambda lang, was=was: was.named(old_form.id, lang))
        if not form.has(field_id):
            dropped.append((field_id, old_label, was.shown(value) or value))
            continue
        now = form.field(field_id)
        value, lost = _options_kept(was, now, value)
        gone += [(field_id, old_label, option, answer) for option, answer in lost]
        if value is None:
            continue
        carried[field_id] = value
        new_label = Bilingual.each(lambda lang, now=now: now.named(form.id, lang))
        if new_label != old_label:
            relabelled.append((field_id, old_label, new_label))
        elif not lost:  # a field some of whose options were left out is not carried "as it was"
            kept.append(field_id)
    moved = drafts.new_draft(form.id, to_year, carried)
    return CarryOver(moved, read.app.edition.year, kept, relabelled, dropped, rules.validate(moved), gone)


def _options_kept(was: forms.Field, now: forms.Field, value: Any) -> tuple[Any, list[tuple[Bilingual, Any]]]:
    """A choice's or the topics' value with only the options the new field still has (None: nothing left), and each
    option left out with its old label and what was answered for it (a topic heading the new notice no longer has)."""
    if not now.options:
        return value, []
    if isinstance(value, str):
        option = was.option(value)
        return (value, []) if now.option(value) or option is None else (None, [(option.name, "")])
    if not isinstance(value, dict):
        return value, []
    gone = {k: v for k, v in value.items() if not now.option(k) and was.option(k)}
    kept = {k: v for k, v in value.items() if k not in gone}
    lost = [(was.option(k).name, v.get("text", "")) for k, v in gone.items() if isinstance(v, dict) and (v.get("text") or v.get("ticked"))]
    return (kept or None), lost


# ---- the rules a sentence of the notice concerns ------------------------------------------


def _quote_sentences(quote: str) -> list[str]:
    """A clause's quote cut at its "……" and after each 。: the sentences it is made of."""
    return [s for part in quote.split("……") for s in re.split(r"(?<=[。；])", part) if s]


def citing(quotes: dict[str, str], sentence: str, edition: Edition | None = None) -> list[tuple[rules.Rule, str]]:
    """The rules (each with its severity, error/warning where it differs by form: as declared, or under `edition`)
    that cite a clause whose quote shares a sentence with `sentence`: holds it, or is held by it."""
    keys = {key for key, quote in quotes.items() if any(s in sentence or sentence in s for s in _quote_sentences(quote))}
    found = []
    for rule in rules.declared("application") + rules.declared("batch"):
        on = [form for form in rule.forms if keys & set(rule.clause_keys(form))]
        if on:
            each = {rule.severity_in(form, edition) if edition else rule.severity_on(form) for form in on}
            found.append((rule, "/".join(sorted(each))))
    return found
