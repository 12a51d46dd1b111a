"""A batch of applications gathered by a department: each checked by the rules, checks across the
batch, and the rows of 附件3 in the order the department chose."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import drafts, editions, forms, layout, rules
from .findings import ERROR, WARNING, Finding
from .inputs import Input
from .rules import Hit, Rule


@dataclass
class Entry:
    """One line of the batch: an application (with its findings), a carried-over 附件3 row, or an unreadable file."""

    source: str
    app: drafts.Application | None = None
    draft: Any = None
    row: list[str] | None = None
    findings: list[Finding] = field(default_factory=list)
    error: dict[str, str] | None = None

    @property
    def usable(self) -> bool:
        """Whether it gives a row of 附件3."""
        return self.app is not None or self.row is not None

    def summary_row(self) -> list[str]:
        """Its row of 附件3, without 序号."""
        return list(self.row) if self.row is not None else layout.summary_row(self.app)

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
            "findings": [f.to_dict() for f in self.findings],
            "error": self.error,
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

RULES: list[Rule] = []


@dataclass
class BatchContext:
    """What a batch rule looks at: the entries in order, the 填表日期 of 附件3 and the edition."""

    entries: list[Entry]
    date: dt.date | None
    edition: editions.Edition


def _key(text: str) -> str:
    return re.sub(r"[\s（）()“”\"'《》]", "", text or "")


def batch_rule(id: str, *, severity: str, clause: str, zh: str, en: str):  # noqa: A002 (the rule's id)
    """Register a check over the whole batch (its `check` takes a BatchContext)."""

    def register(check):
        RULES.append(Rule(id, severity, (), clause, zh, en, ("national", "provincial"), check))
        return check

    return register


def _files(entries: list[Entry]) -> str:
    return "、".join(e.source for e in entries)


@batch_rule(
    "batch.deadline",
    severity=ERROR,
    clause="submission",
    zh="附件3的填表日期{date}晚于{level}申报的截止日期{deadline}，本表中有{n}项{level}申报：{titles}。",
    en="附件3 is dated {date_en}, after the {level_en} deadline of {deadline_en}, and lists {n} {level_en_lower} application(s): {titles}.",
)
def deadline(ctx: BatchContext) -> Iterator[Hit]:
    """附件3 is dated no later than the deadline of each level whose applications it lists."""
    if not ctx.date:
        return
    for level in ctx.edition.levels.values():
        titles = [e.summary_row()[0] or e.source for e in ctx.entries if e.app and e.app.form.id == level.form]
        if titles and ctx.date > level.deadline:
            yield {
                "date": _date_zh(ctx.date),
                "date_en": ctx.date.isoformat(),
                "level": level.name,
                "level_en": level.name_en,
                "level_en_lower": level.name_en.lower(),
                "deadline": _date_zh(level.deadline),
                "deadline_en": level.deadline.isoformat(),
                "n": len(titles),
                "titles": "、".join(f"“{t}”" for t in titles[:5]) + ("等" if len(titles) > 5 else ""),
            }


def _date_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@batch_rule(
    "batch.duplicate",
    severity=WARNING,
    clause="instructions_paths",
    zh="同一项目“{title}”（{host}）出现了{n}次：{files}。请确认不是重复放入；国家级未入选的会自动转入省级，无需重复申报。",
    en="The course “{title}” ({host}) appears {n} times: {files}. Check it was not added twice; a national course not chosen moves to the provincial round by itself, with no second application.",
)
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


@batch_rule(
    "batch.same_host",
    severity=WARNING,
    clause="form_summary",
    zh="承办单位“{host}”在本批中有{n}个项目：{titles}。这是允许的，请确认无误。",
    en="The host “{host}” has {n} courses in this batch: {titles}. This is allowed; check it is intended.",
)
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
            yield {"host": names[key], "n": len(titles), "titles": "、".join(f"“{t}”" for t in titles.values())}


@batch_rule(
    "batch.mixed_levels",
    severity=WARNING,
    clause="instructions_paths",
    zh="本批同时有国家级（{national}项，附件1）和省级（{provincial}项，附件2）申报。可以一起汇总；请分别附上对应的附件1或附件2。",
    en="This batch mixes national ({national}, 附件1) and provincial ({provincial}, 附件2) applications. They may be summarised together; send each with its own 附件1 or 附件2.",
)
def mixed_levels(ctx: BatchContext) -> Iterator[Hit]:
    """National and provincial applications in one batch are allowed and shown."""
    counts = defaultdict(int)
    for entry in ctx.entries:
        if entry.app:
            counts[entry.app.form.id] += 1
    if counts["national"] and counts["provincial"]:
        yield {"national": counts["national"], "provincial": counts["provincial"]}


@batch_rule(
    "batch.no_phone",
    severity=WARNING,
    clause="form_summary",
    zh="“{title}”（{source}）没有联系电话，附件3的“联系电话”栏将为空。请补填承办单位的办公电话或手机。",
    en="“{title}” ({source}) has no contact phone, so its 附件3 row would have none. Add the host's office phone or mobile.",
)
def no_phone(ctx: BatchContext) -> Iterator[Hit]:
    """Every row of 附件3 has a contact phone."""
    phone = [c.id for c in forms.summary_columns()].index("phone") - 1
    for entry in ctx.entries:
        if entry.usable and not entry.summary_row()[phone]:
            yield {"title": entry.summary_row()[0] or "—", "source": entry.source}


def _batch_findings(entries: list[Entry], date: dt.date | None) -> list[Finding]:
    edition = next((e.app.edition for e in entries if e.app), None) or editions.load()
    ctx = BatchContext(entries, date, edition)
    return [rules.finding(rule, "national", edition, hit) for rule in RULES for hit in rule.check(ctx)]


# ---- building a batch -------------------------------------------------------------


def entry(item: Input) -> Entry:
    """Check one input: its rules if it is an application, nothing if it is a carried-over row."""
    if item.error:
        return Entry(item.source, error={"zh": item.error.zh, "en": item.error.en})
    if item.row is not None:
        return Entry(item.source, row=item.row)
    found = rules.validate(item.draft)
    if any(f.rule == "draft.envelope" for f in found):
        return Entry(item.source, draft=item.draft, findings=found, error={"zh": found[0].zh, "en": found[0].en})
    return Entry(item.source, app=drafts.application(item.draft), draft=item.draft, findings=found)


def check(items: list[Input], date: dt.date | None = None) -> Batch:
    """Every input checked on its own, then the batch as a whole (dated `date`, 附件3's 填表日期)."""
    entries = [entry(item) for item in items]
    return Batch(entries, _batch_findings(entries, date))


def order_by_form(entries: list[Entry]) -> list[Entry]:
    """National first, then provincial, then carried-over rows; otherwise as handed in."""
    rank = {"national": 0, "provincial": 1}
    return sorted(entries, key=lambda e: rank.get(e.app.form.id, 2) if e.app else 2)
