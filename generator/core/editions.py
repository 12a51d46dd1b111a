"""The year-specific facts of a notice, loaded from data/editions/<year>/edition.toml."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import datafiles
from .bilingual import SUFFIX, Bilingual
from .words import listed, say


@dataclass(frozen=True)
class Clause:
    """A clause of the notice that a rule cites."""

    key: str
    ref: Bilingual  # how a page in each language cites it: 三（一） / clause 3(1) (the English the Chinese where none)
    anchor: str
    quote: str
    binds: dict[str, str] = field(default_factory=dict)  # rule id → the words of the quote that make it an error


@dataclass(frozen=True)
class Level:
    """National or provincial: the course format the notice sets for it."""

    key: str
    name: Bilingual  # 国家级 / National
    form: str
    deadline: dt.date
    recruit: Bilingual  # whom it recruits: 面向全国 / nationwide
    days: tuple[int, int]
    days_text: Bilingual  # the length as this tool says it: 5至7天
    trainees_min: int | None
    trainees_about: int | None
    trainees_tolerance: int
    days_wording: Bilingual  # the notice's own words for the length: 一般为5至7天（含报到返程时间）
    trainees_wording: Bilingual  # the notice's own words for the number of trainees: 不少于30人, 在50人左右
    trainees_max: int | None = None  # 不超过120人: stated, and read by no rule yet


@dataclass(frozen=True)
class Edition:
    """One notice: its number, dates, levels, office and the clauses rules cite."""

    year: int
    number: str
    issuer: Bilingual
    title: Bilingual
    issued: dt.date
    finish_by: dt.date
    download_centre: Bilingual  # 下载中心, and the English pages' gloss of it
    catalogue: str  # the document whose 附件1 is the catalogue of professional fields (附件4第4条)
    methods: tuple[str, ...]
    levels: dict[str, Level]
    office: dict[str, Any]
    attachments: dict[str, dict[str, Any]]
    clauses: dict[str, Clause]
    topics: tuple[str, ...] = ()  # the headings of 一 (the topic scope), in order
    translation: str = "reviewed"  # "pending" while notice.en.md is a placeholder (a new notice, not yet translated)

    def level_of(self, form: str) -> Level:
        """Return the level whose application form is `form`."""
        return next(level for level in self.levels.values() if level.form == form)

    def clause(self, key: str) -> Clause:
        """Return a clause by its key."""
        return self.clauses[key]

    def facts(self, form: str) -> dict[str, Any]:
        """The notice's facts that messages name, for the level whose form is `form` (a Bilingual where words differ)."""
        level = self.level_of(form)
        return {
            "year": self.year,
            "prev_year": self.year - 1,
            "finish_by": dates(self.finish_by),
            "deadline": dates(level.deadline),
            "minimum": level.trainees_min,
            "about": level.trainees_about,
            "days_text": level.days_text,
            "days_wording": level.days_wording,  # the notice's own words, 一般 and all
            "trainees_wording": level.trainees_wording,  # 不少于30人, 在50人左右
            "level": level.name,
            "recruit": level.recruit,  # 面向全国 / recruits nationwide
            "recruit_zh": level.recruit.zh,
            "methods": listed(self.methods, "zh"),
            "catalogue": self.catalogue,
            "replacement": "\ufffd",
        }

    def phases(self) -> list[Phase]:
        """The states of the round over time: open from the issue date, then each level closed after its deadline."""
        result = [Phase(self.issued, (), tuple(sorted(self.levels, key=lambda k: self.levels[k].deadline)))]
        for deadline in sorted({level.deadline for level in self.levels.values()}):
            closed = tuple(k for k in result[0].open if self.levels[k].deadline <= deadline)
            still = tuple(k for k in result[0].open if k not in closed)
            result.append(Phase(deadline + dt.timedelta(days=1), closed, still))
        return result

    def date_to_fill(self, today: dt.date) -> dt.date | None:
        """The date a form filled today should carry by default: today while the round is open, else none."""
        return today if self.phase(today).open else None

    def phase(self, today: dt.date) -> Phase:
        """The state of the round on `today` (the first phase before the notice was issued)."""
        phases = self.phases()
        return [p for p in phases if p.starts <= today][-1] if today >= self.issued else phases[0]


@dataclass(frozen=True)
class Phase:
    """From `starts` on, the levels in `closed` no longer take applications and those in `open` still do."""

    starts: dt.date
    closed: tuple[str, ...]
    open: tuple[str, ...]


def date_text(day: dt.date, lang: str) -> str:
    """2025年1月16日 / 16 January 2025: how the notice and its translation write a date."""
    return say("marks", "date", lang, {"year": day.year, "month": day.month, "day": day.day, "month_name": f"{day:%B}"})


def dates(day: dt.date) -> Bilingual:
    """A date as written in each language."""
    return Bilingual.each(lambda lang: date_text(day, lang))


def _level(key: str, raw: dict[str, Any]) -> Level:
    if "days_about" in raw:
        about, tol = raw["days_about"], raw.get("days_tolerance", 0)
        days = (about - tol, about + tol)
        text = Bilingual.each(lambda lang: say("marks", "days_about", lang, {"about": about}))
    elif "days_min" in raw:
        days = (raw["days_min"], raw["days_max"])
        text = Bilingual.each(lambda lang: say("marks", "days_range", lang, {"min": days[0], "max": days[1]}))
    else:  # 原则上不超过5天: a most only
        days = (1, raw["days_max"])
        text = Bilingual.each(lambda lang: say("marks", "days_max", lang, {"max": days[1]}))
    return Level(
        key=key,
        name=Bilingual.read(raw, "name"),
        form=raw["form"],
        deadline=raw["deadline"],
        recruit=Bilingual.read(raw, "recruit"),
        days=days,
        days_text=text,
        trainees_min=raw.get("trainees_min"),
        trainees_about=raw.get("trainees_about"),
        trainees_tolerance=raw.get("trainees_tolerance", 0),
        days_wording=Bilingual(raw.get("days_wording", text.zh), raw.get("days_wording_en", text.en)),
        trainees_wording=Bilingual.each(lambda lang: _stated(raw, "trainees_wording" + SUFFIX[lang]) or _trainees_text(raw, lang)),
        trainees_max=raw.get("trainees_max"),
    )


def _clause(key: str, raw: dict[str, Any]) -> Clause:
    """A clause from its table of edition.toml (`ref`, and `ref_en` where the English cites it otherwise)."""
    rest = {k: v for k, v in raw.items() if k not in ("ref", "ref_en")}
    return Clause(key=key, ref=Bilingual.read(raw, "ref", optional_en=True), **rest)


def _stated(raw: dict[str, Any], key: str) -> str | None:
    """The notice's words for the trainees when they name the level's number (an edited minimum makes them stale)."""
    words, number = raw.get(key), raw.get("trainees_min") or raw.get("trainees_about")
    return words if isinstance(words, str) and str(number) in words else None


def _trainees_text(raw: dict[str, Any], lang: str) -> str:
    """不少于30人 / at least 30, when an edition does not quote the notice's own words for its number of trainees."""
    if raw.get("trainees_min"):
        return say("marks", "trainees_min", lang, {"n": raw["trainees_min"]})
    return say("marks", "trainees_about", lang, {"n": raw.get("trainees_about")})


def available() -> list[int]:
    """List the years that have an edition file, oldest first."""
    return [int(name) for name in datafiles.folders("editions") if name.isdigit() and datafiles.exists("editions", name, "edition.toml")]


def latest_year() -> int:
    """Return the newest edition's year."""
    return available()[-1]


@cache
def load(year: int | None = None) -> Edition:
    """Load the edition of `year` (the newest when None)."""
    year = latest_year() if year is None else year
    if year not in available():
        raise KeyError(year)
    return _edition(datafiles.read_toml("editions", str(year), "edition.toml"))


def from_folder(folder: Path) -> Edition:
    """Load the edition in `folder` (its edition.toml), wherever it is: a new one before it joins the package."""
    return _edition(tomllib.loads((Path(folder) / "edition.toml").read_text(encoding="utf-8")))


def _edition(raw: dict[str, Any]) -> Edition:
    """An edition from the parsed edition.toml."""
    return Edition(
        year=raw["year"],
        number=raw["number"],
        issuer=Bilingual.read(raw, "issuer"),
        title=Bilingual.read(raw, "title"),
        issued=raw["issued"],
        finish_by=raw["finish_by"],
        download_centre=Bilingual.read(raw, "download_centre", optional_en=True),
        catalogue=raw["catalogue"],
        methods=tuple(raw["methods"]),
        levels={key: _level(key, value) for key, value in raw["levels"].items()},
        office=raw["office"],
        attachments=raw["attachments"],
        clauses={key: _clause(key, value) for key, value in raw["clauses"].items()},
        topics=tuple(raw.get("topics", ())),
        translation=raw.get("translation", "reviewed"),
    )
