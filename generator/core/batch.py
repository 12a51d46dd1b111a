"""A batch of applications gathered by a department: each checked by the rules, checks across the
batch, and the rows of 附件3 in the order the department chose."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import drafts, editions, forms, rules, words
from .bilingual import Bilingual, plain
from .findings import ERROR, FAULT, WARNING, Finding, ReadError
from .rules import Hit


@dataclass
class Input:
    """One application as handed in: where it came from, and its draft, or a row of an earlier 附件3
    (which carries no application to check), or why it could not be read."""

    source: str
    draft: Any = None
    error: ReadError | None = None
    row: list[str] | None = None
    notes: list[Finding] = field(default_factory=list)  # what reading a hand-filled form found, said first
    heading: dict[str, str] | None = None  # a 附件3 row's: its file's 主管部门或申报单位 and 填表日期 as written ({unit, date})


@dataclass
class Entry:
    """One line of the batch: an application (with its findings), a carried-over 附件3 row, or an unreadable file."""

    source: str
    app: drafts.Application | None = None
    draft: Any = None
    row: list[str] | None = None
    findings: list[Finding] = field(default_factory=list)
    error: Bilingual | None = None  # why it could not be read

    @property
    def usable(self) -> bool:
        """Whether it gives a row of 附件3."""
        return self.app is not None or self.row is not None

    def summary_row(self) -> list[str]:
        """Its row of 附件3, without 序号."""
        return list(self.row) if self.row is not None else self.app.summary_row()

    def to_dict(self) -> dict[str, Any]:
        """What the collecting page lists for it."""
        row = self.summary_row() if self.usable else []
        return {
            "source": self.source,
            "kind": "application" if self.app else "row" if self.row is not None else "unreadable",
            "form": self.app.form.id if self.app else None,
            "title": row[0] if row else "",
            "host": row[1] if row else "",
            "row": row,
            "errors": sum(f.severity == ERROR for f in self.findings),
            "warnings": sum(f.severity == WARNING for f in self.findings),
            "faults": sum(f.severity == FAULT for f in self.findings),
            "findings": [f.to_dict() for f in self.findings],
            "error": plain(self.error),
        }


@dataclass
class Batch:
    """Entries in the chosen order, and the findings across them."""

    entries: list[Entry]
    findings: list[Finding]

    def rows(self) -> list[list[str]]:
        """The rows of 附件3, in order."""
        return [e.summary_row() for e in self.entries if e.usable]

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for e in self.entries for f in e.findings) or any(f.severity == ERROR for f in self.findings)

    @property
    def unreadable(self) -> list[Entry]:
        return [e for e in self.entries if not e.usable]


# ---- checks across the batch ------------------------------------------------------
# What the notice binds across a batch is the deadline of each level (batch.deadline, an error); the rest
# are observations, warnings for the department to look at.


@dataclass
class BatchContext:
    """What a batch rule looks at: the entries in order, the 填表日期 of 附件3 and the edition."""

    entries: list[Entry]
    date: dt.date | None
    edition: editions.Edition


def _key(text: str) -> str:
    return re.sub(r"[\s（）()“”\"'《》]", "", text or "")


def _files(entries: list[Entry]) -> Bilingual:
    return words.listed(e.source for e in entries)


def _titles(titles: list[str], most: int | None = None) -> Bilingual:
    """“A”、“B”等: the titles quoted and listed, the first `most` of them."""
    shown = titles[:most] if most else titles

    def say(lang: str) -> str:
        more = words.WORDS[lang]["marks"]["more"] if len(shown) < len(titles) else ""
        return words.listed((words.say("marks", "quote", lang, {"text": t}) for t in shown), lang) + more

    return Bilingual.each(say)


@rules.predicate("batch.deadline")
def deadline(ctx: BatchContext) -> Iterator[Hit]:
    """附件3 is dated no later than the deadline of each level whose applications it lists."""
    if not ctx.date:
        return
    for level in ctx.edition.levels.values():
        titles = [e.summary_row()[0] or e.source for e in ctx.entries if e.app and e.app.form.id == level.form]
        if titles and ctx.date > level.deadline:
            yield {
                "date": editions.dates(ctx.date),
                "level": level.name.map(str.lower),  # lower-case inside an English sentence; Chinese has no case
                "deadline": editions.dates(level.deadline),
                "n": len(titles),
                "titles": _titles(titles, 5),
            }


@rules.predicate("batch.duplicate")
def duplicates(ctx: BatchContext) -> Iterator[Hit]:
    """The same course (same title and host) is in the batch only once."""
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in ctx.entries:
        if entry.usable:
            row = entry.summary_row()
            if row[0]:
                groups[(_key(row[0]), _key(row[1]))].append(entry)
    for same in groups.values():
        if len(same) > 1:
            row = same[0].summary_row()
            yield {"title": row[0], "host": row[1], "n": len(same), "files": _files(same)}


@rules.predicate("batch.same_host")
def same_host(ctx: BatchContext) -> Iterator[Hit]:
    """One host with several (different) courses is shown."""
    hosts: dict[str, dict[str, str]] = defaultdict(dict)
    names: dict[str, str] = {}
    for entry in ctx.entries:
        if entry.usable:
            title, host = entry.summary_row()[:2]
            if host:
                hosts[_key(host)][_key(title)] = title
                names[_key(host)] = host
    for key, titles in hosts.items():
        if len(titles) > 1:
            yield {"host": names[key], "n": len(titles), "titles": _titles(list(titles.values()))}


@rules.predicate("batch.unreadable")
def unreadable(ctx: BatchContext) -> Iterator[Hit]:
    """Every file handed in is accounted for: those that could not be read are named (they give no row of 附件3)."""
    broken = [e for e in ctx.entries if e.error]
    if broken:
        yield {"n": len(broken), "files": _files(broken)}


@rules.predicate("batch.mixed_editions")
def mixed_editions(ctx: BatchContext) -> Iterator[Hit]:
    """One 附件3 summarises the applications of one year's notice (its title names the year)."""
    by_year: dict[int, list[str]] = defaultdict(list)
    for entry in ctx.entries:
        if entry.app:
            by_year[entry.app.edition.year].append(entry.source)
    if len(by_year) > 1:
        groups = [words.entry("marks", "pair", key=str(year), value=words.listed(sources)) for year, sources in sorted(by_year.items())]
        yield {
            "year": ctx.edition.year,
            "groups": Bilingual.each(lambda lang: words.WORDS[lang]["marks"]["items"].join(g[lang] for g in groups)),
        }


@rules.predicate("batch.mixed_levels")
def mixed_levels(ctx: BatchContext) -> Iterator[Hit]:
    """National and provincial applications in one batch are allowed and shown."""
    counts = defaultdict(int)
    for entry in ctx.entries:
        if entry.app:
            counts[entry.app.form.id] += 1
    if counts["national"] and counts["provincial"]:
        yield {"national": counts["national"], "provincial": counts["provincial"]}


@rules.predicate("batch.no_phone")
def no_phone(ctx: BatchContext) -> Iterator[Hit]:
    """Every row of 附件3 has a contact phone."""
    phone = [c.id for c in forms.summary_columns()].index("phone") - 1
    for entry in ctx.entries:
        if entry.usable and not entry.summary_row()[phone]:
            yield {"title": entry.summary_row()[0] or "—", "source": entry.source}


def _batch_findings(entries: list[Entry], date: dt.date | None) -> list[Finding]:
    # The batch's checks see the entries in one order whatever order they were handed in or put in: the same files
    # give the same findings (the files they name, the course named first) on the command line and on the desk.
    entries = sorted(entries, key=lambda e: (_rank(e), e.source, e.summary_row() if e.usable else [], str(e.error or "")))
    # the newest year among them heads the batch: the one the others are to be carried over to (batch.mixed_editions)
    edition = max((e.app.edition for e in entries if e.app), key=lambda ed: ed.year, default=None) or editions.load()
    ctx = BatchContext(entries, date, edition)
    return [found for rule in RULES for found in rules.run(rule, ctx, "national", edition)]


# ---- building a batch -------------------------------------------------------------


def entry(item: Input) -> Entry:
    """Check one input: its rules if it is an application, nothing if it is a carried-over row."""
    if item.error:
        return Entry(item.source, error=item.error.text)
    if item.row is not None:
        return Entry(item.source, row=item.row, findings=list(item.notes))
    examined = rules.examine(item.draft)
    found = list(item.notes) + examined.findings  # what reading a hand-filled form found comes first
    if examined.error:
        return Entry(item.source, draft=item.draft, findings=found, error=examined.error.text)
    return Entry(item.source, app=examined.app, draft=item.draft, findings=found)


def check(items: list[Input], date: dt.date | None = None, order: Callable[[list[Entry]], list[Entry]] | None = None) -> Batch:
    """Every input checked on its own, put in `order` if one is given (e.g. order_by_form), then the batch as a
    whole (dated `date`, 附件3's 填表日期), which finds the same whatever the order."""
    entries = [entry(item) for item in items]
    entries = order(entries) if order else entries
    return Batch(entries, _batch_findings(entries, date))


def _rank(entry: Entry) -> int:
    """National first, then provincial, then carried-over rows and unreadable files."""
    return {"national": 0, "provincial": 1}.get(entry.app.form.id, 2) if entry.app else 2


def order_by_form(entries: list[Entry]) -> list[Entry]:
    """National first, then provincial, then carried-over rows; otherwise as handed in."""
    return sorted(entries, key=_rank)


RULES = rules.declared("batch")
