"""Reference data: the catalogue of fields and the ministries, each list with its source and status."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import datafiles
from .bilingual import Bilingual
from .findings import ReadError

# The words names are read by (data/vocabulary.toml), shared with the rules.
VOCABULARY: dict[str, Any] = datafiles.read_toml("vocabulary.toml")

OFFICIAL = "official_catalogue"


GRADES = ("high", "medium", "low")  # sets.toml's confidence policy, strongest first


@dataclass(frozen=True)
class RefSet:
    """One reference list as recorded in data/reference/sets.toml, with its rows."""

    id: str
    kind: str
    status: str
    name: Bilingual
    source: Bilingual  # where the list comes from
    confidence: str
    note: Bilingual
    rows: tuple[dict[str, str], ...]
    counts_as_field: bool = True  # False: offered as a suggestion, but a name from it is not a listed field

    @property
    def loaded(self) -> bool:
        return bool(self.rows)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(row["name"] for row in self.rows)

    def grades(self) -> dict[str, int]:
        """How many rows have each confidence, for a list whose rows record their own sources, else the list's grade."""
        if self.rows and "source" in self.rows[0]:
            return {grade: sum(row["confidence"] == grade for row in self.rows) for grade in GRADES}
        return {self.confidence: 0} if self.confidence else {}


def normalise(name: str) -> str:
    """Compare names without spaces, the 中华人民共和国 prefix or half/full-width brackets."""
    name = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
    return name.removeprefix(VOCABULARY["official_prefix"])


@cache
def sets() -> dict[str, RefSet]:
    """Every reference list, loaded or not (the official catalogue is absent until imported)."""
    result = {}
    for key, meta in datafiles.read_toml("reference", "sets.toml").items():
        rows = tuple(datafiles.read_csv("reference", meta["file"])) if datafiles.exists("reference", meta["file"]) else ()
        result[key] = RefSet(
            id=key,
            kind=meta["kind"],
            status=meta["status"],
            name=Bilingual(meta["zh"], meta["en"]),
            source=Bilingual.each(lambda lang, meta=meta: meta.get(f"source_{lang}", meta.get("source", ""))),
            confidence=meta.get("confidence", ""),
            note=Bilingual.each(lambda lang, meta=meta: meta.get(f"note_{lang}", "")),
            rows=rows,
            counts_as_field=meta.get("counts_as_field", True),
        )
    return result


def official_catalogue() -> RefSet | None:
    """The official 222号 catalogue when an administrator has imported it, else None."""
    official = sets()[OFFICIAL]
    return official if official.loaded else None


def of_kind(kind: str) -> list[RefSet]:
    """The loaded lists of one kind (catalogue, ministries, former, departments)."""
    return [s for s in sets().values() if s.kind == kind and s.loaded]


def suggestions(kind: str) -> list[str]:
    """Distinct names of one kind for type-ahead, official catalogue first."""
    if kind == "catalogue" and official_catalogue():
        return list(dict.fromkeys(official_catalogue().names))
    seen: dict[str, None] = {}
    for ref in of_kind(kind):
        seen.update(dict.fromkeys(ref.names))
    return list(seen)


@cache
def _index(kind: str) -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = {}
    for ref in of_kind(kind):
        if not ref.counts_as_field:
            continue
        for row in ref.rows:
            names = [row["name"], row.get("full_name", ""), row.get("short", "")]
            names += (row.get("aliases") or "").split(VOCABULARY["alias_sep"])
            for name in filter(None, names):
                index.setdefault(normalise(name), row)
    return index


def in_catalogue(name: str) -> bool:
    """Whether a field name is in any loaded catalogue list."""
    return normalise(name) in _index("catalogue")


def in_official_catalogue(name: str) -> bool:
    """Whether a field name is in the official catalogue (False when none is loaded)."""
    official = official_catalogue()
    return bool(official) and normalise(name) in {normalise(n) for n in official.names}


def ministry(name: str) -> dict[str, str] | None:
    """The national ministry or agency a name refers to (by name, full name, short name or plaque)."""
    return _index("ministries").get(normalise(name))


def former_ministry(name: str) -> dict[str, str] | None:
    """A body that no longer exists separately, with what became of it."""
    return _index("former").get(normalise(name))


@cache
def _regions() -> tuple[str, ...]:
    """Names of the provincial-level divisions and their short forms, longest first."""
    rows = datafiles.read_csv("reference", "regions.csv")
    names = {name for row in rows for name in (row["name"], row["short"]) if name}
    return tuple(sorted(names, key=len, reverse=True))


def region_prefix(name: str) -> str:
    """The province (福建省, 福建, 北京市 …) a name starts with, "" when none."""
    return next((region for region in _regions() if name.startswith(region)), "")


def clear_cache() -> None:
    """Forget loaded lists (after an import)."""
    sets.cache_clear()
    _index.cache_clear()


# ---- loading the official catalogue ------------------------------------------------


def _table(name: str, data: bytes) -> list[list[str]]:
    """The cells of a CSV (UTF-8 or GB18030, as Excel saves it in China) or of the first .xlsx sheet."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook  # only the importer needs it

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception:
            raise ReadError.of("catalogue_not_xlsx") from None
        return [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError.of("catalogue_encoding")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def parse_catalogue(name: str, data: bytes) -> list[dict[str, str]]:
    """Rows (name, department) of a catalogue file whose header has a 领域 column (and maybe 主管部门)."""
    table = [row for row in _table(name, data) if any(row)]
    for index, row in enumerate(table):
        field_col = next((i for i, cell in enumerate(row) if VOCABULARY["catalogue_field"] in cell), None)
        if field_col is None:
            continue
        dept_col = next((i for i, cell in enumerate(row) if VOCABULARY["catalogue_department"] in cell and i != field_col), None)
        rows, department = [], ""
        for line in table[index + 1 :]:

            def cell(col: int | None, line: list[str] = line) -> str:
                return line[col] if col is not None and col < len(line) else ""

            department = cell(dept_col) or department  # merged cells repeat the department above
            if cell(field_col):
                rows.append({"name": cell(field_col), "department": department})
        if rows:
            return list({normalise(r["name"]): r for r in rows}.values())
    raise ReadError.of("catalogue_no_column")


def save_official(rows: list[dict[str, str]], target: Path | None = None) -> Path:
    """Write the official catalogue where `sets()` finds it, and forget cached lists."""
    target = target or datafiles.on_disk("reference") / "catalogue-official.csv"
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["name", "department"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    clear_cache()
    return target
