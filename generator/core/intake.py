"""The receiving office's round: every 附件3 and application received, each 附件3 row matched to its application,
the lists the office looks at (rows without an application, applications no 附件3 lists, a course sent twice, a
附件3 dated after a deadline, another year's application) and the round's figures. Pure Python (runs in the browser)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import batch, datafiles, editions, forms, words
from .bilingual import Bilingual, plain
from .findings import ERROR, FAULT, WARNING
from .types import read_date

# The desk's checks across a batch that the office's own lists say instead (a course twice, unreadable files) or that
# every round shows (national and provincial together)
OWN_LISTS = ("batch.duplicate", "batch.unreadable", "batch.mixed_levels")
CHOICES = ("national", "provincial")  # the office's choice: 推荐国家级, 列入省级计划 (none: not chosen yet)
CITIES: tuple[str, ...] = tuple(datafiles.read_toml("vocabulary.toml")["fujian_cities"])


def match_key(title: str, host: str) -> str:
    """The key a 附件3 row and its application share: title and host, NFKC (full-width → half-width), no spacing."""
    return "|".join(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")) for text in (title, host))


def file_of(source: str) -> str:
    """The file a row or batch item came from (its source without the #n of the item)."""
    name, sep, number = source.rpartition("#")
    return name if sep and number.isdigit() else source


@dataclass
class Listing:
    """One 附件3 received: its file, the department's heading (unit, date) and its rows, each with its source."""

    file: str
    unit: str
    date: dt.date | None
    rows: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def department(self) -> str:
        """The department as the office names it: the heading's unit, else the file's name."""
        return self.unit or self.file


@dataclass
class Filed:
    """One application received, checked, with its key and the departments whose 附件3 list it."""

    key: str
    entry: batch.Entry
    departments: list[str] = field(default_factory=list)

    @property
    def app(self) -> Any:
        return self.entry.app

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.entry.findings)


@dataclass
class Round:
    """Everything received, reconciled: the applications, the 附件3s, the files that could not be read, the lists."""

    edition: editions.Edition
    filed: list[Filed]
    listings: list[Listing]
    unreadable: list[batch.Entry]
    findings: list[Any]  # the checks across the round (batch.py's: one host with several courses, …)
    rows_without: list[tuple[Listing, str, list[str]]]  # (附件3, row source, row) no application matches
    unlisted: list[Filed]  # applications no 附件3 lists
    duplicates: list[tuple[str, list[str], list[Filed]]]  # (key, departments, applications): one course sent twice
    late: list[tuple[Listing, editions.Level, int]]  # (附件3, level, rows of that level) dated after its deadline
    other_edition: list[tuple[str, str, int, str]]  # (source, title, year, key): applications of another year's notice

    @property
    def has_errors(self) -> bool:
        return any(f.errors for f in self.filed) or any(f.severity == ERROR for f in self.findings)

    @property
    def has_faults(self) -> bool:
        return any(f.severity == FAULT for e in self.filed for f in e.entry.findings) or any(f.severity == FAULT for f in self.findings)

    @property
    def has_lists(self) -> bool:
        """Whether any reconciliation list holds something for the office to look at."""
        return bool(self.rows_without or self.unlisted or self.duplicates or self.late or self.other_edition)


def _listings(items: list[batch.Input]) -> tuple[list[Listing], list[batch.Input]]:
    """The 附件3 rows grouped by their file (with its heading), and the other inputs."""
    listings: dict[str, Listing] = {}
    rest = []
    for item in items:
        if item.row is None:
            rest.append(item)
            continue
        heading = item.heading or {}
        name = file_of(item.source)
        if name not in listings:
            date = read_date(str(heading.get("date") or ""))
            listings[name] = Listing(name, str(heading.get("unit") or "").strip(), dt.date.fromisoformat(date) if date else None)
        row = [str(cell) for cell in item.row]
        listings[name].rows.append((item.source, row + [""] * (2 - len(row))))  # a row kept by the page, cut short: still a row
    return list(listings.values()), rest


def reconcile(items: list[batch.Input], edition: editions.Edition | None = None) -> Round:
    """Everything received in one go: applications checked as on the desk, 附件3 rows matched to them, the lists."""
    edition = edition or editions.load()
    listings, others = _listings(items)
    checked = batch.check(others)
    filed = [Filed(match_key(*e.summary_row()[:2]), e) for e in checked.entries if e.app is not None]
    unreadable = [e for e in checked.entries if e.app is None]
    by_key: dict[str, list[Filed]] = defaultdict(list)
    for f in filed:
        by_key[f.key].append(f)
    rows_without = []
    for listing in listings:
        for source, row in listing.rows:
            found = by_key.get(match_key(row[0], row[1]))
            if not found:
                rows_without.append((listing, source, row))
            for f in found or []:
                if listing.department not in f.departments:
                    f.departments.append(listing.department)
    duplicates = []
    for key, same in by_key.items():
        departments = list(dict.fromkeys(d for f in same for d in f.departments))
        if len(departments) > 1 or len(same) > 1:
            duplicates.append((key, departments, same))
    late = []
    for listing in listings:
        if listing.date is None:
            continue
        levels = Counter(f.app.form.id for _, row in listing.rows for f in by_key.get(match_key(row[0], row[1]), [])[:1])
        for level in edition.levels.values():
            if levels[level.form] and listing.date > level.deadline:
                late.append((listing, level, levels[level.form]))
    return Round(
        edition=edition,
        filed=filed,
        listings=listings,
        unreadable=unreadable,
        findings=[f for f in checked.findings if f.rule not in OWN_LISTS],
        rows_without=rows_without,
        unlisted=[f for f in filed if not f.departments],
        duplicates=duplicates,
        late=late,
        other_edition=_other_edition(filed, unreadable, edition.year),
    )


def _other_edition(filed: list[Filed], unreadable: list[batch.Entry], year: int) -> list[tuple[str, str, int, str]]:
    """Applications of another year's notice: read and carried to it, or naming a year this tool has no notice for."""
    found = [(f.entry.source, _title(f)[0], f.app.edition.year, f.key) for f in filed if f.app.edition.year != year]
    for entry in unreadable:
        draft = entry.draft if isinstance(entry.draft, dict) else {}
        named = draft.get("edition")
        if isinstance(named, int) and not isinstance(named, bool) and named != year:
            data = draft.get("data") if isinstance(draft.get("data"), dict) else {}
            title = data.get("project_name") if isinstance(data.get("project_name"), str) else ""
            found.append((entry.source, title, named, ""))
    return found


# ---- the round in figures ----------------------------------------------------------------


@dataclass
class Figure:
    """One figure of the round: its title and its bars (label in both languages, value)."""

    id: str
    title: Bilingual
    rows: list[tuple[Bilingual, int]]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the page."""
        return plain({"id": self.id, "title": self.title, "rows": [{"label": label, "value": value} for label, value in self.rows]})


def city(venue: str) -> str | None:
    """The Fujian city a venue text names (福州市闽侯县… → 福州), None when it names none."""
    text = unicodedata.normalize("NFKC", venue or "")
    found = [(text.find(name), name) for name in CITIES if name in text]
    return min(found)[1] if found else None


def _counted(counts: Counter, label: Any) -> list[tuple[Bilingual, int]]:
    # most first; what could not be told (no department, no city, no field) last
    return [(label(key), n) for key, n in sorted(counts.items(), key=lambda kv: (kv[0] == "", -kv[1], str(kv[0])))]


def figures(round_: Round) -> list[Figure]:
    """Counts by level, department, topic, professional field and venue city; trainees per level; share with errors."""
    apps = round_.filed
    form_label = {f: Bilingual.each(forms.load(f).label) for f in forms.FORMS}
    level_name = {lv.form: lv.name for lv in round_.edition.levels.values()}
    title = lambda key: words.entry("office", f"figure_{key}")  # noqa: E731
    by_level = Counter(f.app.form.id for f in apps)
    none = words.entry("office", "no_department")
    by_department = Counter(d for f in apps for d in f.departments or [""])  # a course two departments sent counts for each
    topics_field = forms.load("national").field("topics")
    by_topic: Counter = Counter()
    for f in apps:
        for option_id, entry in (f.app.get("topics") or {}).items():
            if entry.get("ticked"):
                by_topic[option_id] += 1
    by_domain = Counter(re.sub(r"\s+", "", unicodedata.normalize("NFKC", f.app.get("domain") or "")) for f in apps)
    by_city = Counter(city(f.app.get("venue") or "") or "" for f in apps)
    trainees: Counter = Counter()
    for f in apps:
        trainees[f.app.form.id] += f.app.get("trainees") if isinstance(f.app.get("trainees"), int) else 0
    with_errors = sum(1 for f in apps if f.errors)
    option = {o.id: o.name for o in topics_field.options}
    unread = words.entry("office", "city_unknown")
    blank = words.entry("office", "not_given")
    return [
        Figure("level", title("level"), [(level_name.get(k, form_label[k]), by_level[k]) for k in forms.FORMS if by_level[k]]),
        Figure("department", title("department"), _counted(by_department, lambda k: Bilingual.same(k) if k else none)),
        Figure("topic", title("topic"), [(option[o.id], by_topic[o.id]) for o in topics_field.options if by_topic[o.id]]),
        Figure("domain", title("domain"), _counted(by_domain, lambda k: Bilingual.same(k) if k else blank)),
        Figure("city", title("city"), _counted(by_city, lambda k: words.entry("office_cities", k) if k else unread)),
        Figure("trainees", title("trainees"), [(level_name.get(k, form_label[k]), trainees[k]) for k in forms.FORMS if by_level[k]]),
        Figure(
            "errors",
            words.entry("office", "figure_errors", share=round(100 * with_errors / len(apps)) if apps else 0),
            [(words.entry("office", "with_errors"), with_errors), (words.entry("office", "without_errors"), len(apps) - with_errors)],
        ),
    ]


# ---- the lists, as the page, the workbook and the command line say them ----------------------

LISTS = ("rows_without", "unlisted", "duplicates", "late", "other_edition")


def _title(f: Filed) -> tuple[str, str]:
    row = f.entry.summary_row()
    return row[0], row[1]


def lists(round_: Round) -> list[dict[str, Any]]:
    """Each reconciliation list: {id, title, items: [{text, keys: [application keys], file}]}, title and text Bilingual."""

    def line(key: str, **params: Any) -> Bilingual:
        return words.entry("office", key, **params)

    # a row and an application of one title whose hosts differ are most likely one course typed two ways: each says so
    by_title: dict[str, list[Filed]] = defaultdict(list)
    for f in round_.unlisted:
        by_title[f.key.partition("|")[0]].append(f)
    rows_by_title: dict[str, list[tuple[Listing, list[str]]]] = defaultdict(list)
    for lst, _, row in round_.rows_without:
        rows_by_title[match_key(row[0], "").partition("|")[0]].append((lst, row))

    def row_text(lst: Listing, row: list[str]) -> Bilingual:
        said = line("row_without", department=lst.department, file=lst.file, title=row[0], host=row[1])
        hints = [
            line("same_title_filed", host=_title(f)[1], source=f.entry.source) for f in by_title[match_key(row[0], "").partition("|")[0]]
        ]
        return Bilingual.each(lambda lang: said[lang] + "".join(h[lang] for h in hints))

    def unlisted_text(f: Filed) -> Bilingual:
        said = line("unlisted", title=_title(f)[0], host=_title(f)[1], source=f.entry.source)
        hints = [line("same_title_row", host=row[1], file=lst.file) for lst, row in rows_by_title[f.key.partition("|")[0]]]
        return Bilingual.each(lambda lang: said[lang] + "".join(h[lang] for h in hints))

    said: dict[str, list[dict[str, Any]]] = {
        "rows_without": [{"text": row_text(lst, row), "keys": [], "file": lst.file} for lst, _, row in round_.rows_without],
        "unlisted": [{"text": unlisted_text(f), "keys": [f.key], "file": f.entry.source} for f in round_.unlisted],
        "duplicates": [
            {
                "text": line(
                    "duplicate",
                    title=_title(same[0])[0],
                    host=_title(same[0])[1],
                    departments=words.listed(departments) if departments else words.entry("office", "no_department"),
                    sources=words.listed(f.entry.source for f in same),
                ),
                "keys": [key],
                "file": same[0].entry.source,
            }
            for key, departments, same in round_.duplicates
        ],
        "late": [
            {
                "text": line(
                    "late",
                    department=lst.department,
                    file=lst.file,
                    date=editions.dates(lst.date),
                    level=Bilingual(level.name.zh, level.name["en"].lower()),
                    deadline=editions.dates(level.deadline),
                    n=n,
                ),
                "keys": [],
                "file": lst.file,
            }
            for lst, level, n in round_.late
        ],
        "other_edition": [
            {
                "text": line("other_edition", title=title, source=source, year=year, round=round_.edition.year),
                "keys": [key] if key else [],
                "file": source,
            }
            for source, title, year, key in round_.other_edition
        ],
    }
    return [{"id": key, "title": words.entry("office", f"list_{key}"), "items": said[key]} for key in LISTS]


# ---- what the office is told ---------------------------------------------------------------

OK, FAILED, UNREADABLE, BROKEN = 0, 1, 2, 3  # as the command line's `summary` exits


def status(round_: Round) -> int:
    """3 a check of ours could not run; 2 a file could not be read; 1 errors, or something on a list; 0 clean."""
    if round_.has_faults:
        return BROKEN
    if round_.unreadable:
        return UNREADABLE
    return FAILED if round_.has_errors or round_.has_lists else OK


def counts(round_: Round) -> dict[str, int]:
    """How much was received: files, applications (with errors), 附件3s and their rows, unreadable files."""
    files = (
        {file_of(f.entry.source) for f in round_.filed} | {x.file for x in round_.listings} | {file_of(e.source) for e in round_.unreadable}
    )
    return {
        "files": len(files),
        "applications": len(round_.filed),
        "with_errors": sum(1 for f in round_.filed if f.errors),
        "listings": len(round_.listings),
        "rows": sum(len(x.rows) for x in round_.listings),
        "unreadable": len(round_.unreadable),
    }


def summary(round_: Round) -> Bilingual:
    """The round in one sentence, in both languages."""
    return words.entry("office", "summary", **counts(round_))


def described(f: Filed, choice: str = "") -> dict[str, Any]:
    """One application as the office page lists it."""
    level = f.app.edition.level_of(f.app.form.id)
    title, host = _title(f)
    return {
        "key": f.key,
        "source": f.entry.source,
        "form": f.app.form.id,
        "level": level.name.to_dict(),
        "title": title,
        "host": host,
        "departments": list(f.departments),
        "edition": f.app.edition.year,
        "errors": f.errors,
        "warnings": sum(x.severity == WARNING for x in f.entry.findings),
        "faults": sum(x.severity == FAULT for x in f.entry.findings),
        "findings": [x.to_dict() for x in f.entry.findings],
        "choice": choice,
        "transferable": f.app.form.id == "national" and choice != "national",
    }
