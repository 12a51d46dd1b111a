"""The JSON draft format of one application (and of a batch), its migrations, its cleaning and its JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from . import datafiles, editions, forms
from .findings import ReadError
from .types import PAPER, BadValue, is_empty, normalise_text, parse_date
from .words import WORDS, listed, say

__all__ = ["BadValue", "normalise_text", "parse_date"]  # the shapes of values, defined in types.py

FORMAT = "knowledge-update-application"
BATCH_FORMAT = "knowledge-update-batch"
VERSION = 1

# Characters an .xlsx file (XML 1.0) cannot hold; they are replaced on export.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def storable(text: str) -> str:
    """Text with the characters an Office file (XML 1.0) cannot hold replaced; the rule text.unstorable says so."""
    return UNSTORABLE.sub(REPLACEMENT, text)


@dataclass
class Application:
    """A draft after cleaning: which form and edition, and one clean value per field (None when empty)."""

    form: forms.Form
    edition: editions.Edition
    values: dict[str, Any]
    unusable: frozenset[str] = frozenset()

    def get(self, field_id: str) -> Any:
        """The clean value of a field, None when empty or absent."""
        return self.values.get(field_id)

    def summary_row(self) -> list[str]:
        """Its row of 附件3, without 序号: each column from the fields forms.toml names for it."""
        return [self._summary_cell(column) for column in forms.summary_columns(self.edition.year)[1:]]

    def summary_heading(self, today: dt.date) -> tuple[str, dt.date | None]:
        """主管部门或申报单位 and 填表日期 of its own one-row 附件3: from the fields forms.toml names for them where this
        application has them (申报单位, 申报时间), else no unit and the date the round lets it be filled (`today` or none)."""
        source = {h["id"]: h.get("from") for h in forms.summary_header(self.edition.year)}
        unit = self.get(source["unit"]) if source.get("unit") else None
        date = self.get(source["date"]) if source.get("date") else None
        return (unit if isinstance(unit, str) else "", date if isinstance(date, dt.date) else self.edition.date_to_fill(today))

    def _summary_cell(self, column: forms.SummaryColumn) -> str:
        values = [str(self.get(source)) for source in column.sources if self.get(source)]
        if not column.each_line:
            return PAPER["list_sep"].join(values)
        # several numbers typed in one field (0591-…、138…) are listed one per line too
        return "\n".join(part.strip() for value in values for part in re.split(r"[、，,；;／/]+|\n", value) if part.strip())

    def to_draft(self) -> dict[str, Any]:
        """Back to the JSON draft format (the inverse of `clean`)."""
        data = {}
        for field_id, value in self.values.items():
            if value is None:
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, dict) and {"start", "end"} <= value.keys():
                value = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in value.items()}
            data[field_id] = value
        return new_draft(self.form.id, self.edition.year, data)


def new_draft(form: str, year: int | None = None, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """An empty (or given) draft of the national or provincial form."""
    return {"format": FORMAT, "version": VERSION, "edition": editions.load(year).year, "form": form, "data": data or {}}


def clean_value(field: forms.Field, value: Any) -> Any:
    """One field's value in its clean shape, or BadValue; None when empty."""
    return None if is_empty(value) else field.kind.clean(field, value)


# ---- older format versions ----------------------------------------------------------
# Version 1 is the first published format. Version 0 is the shape a person writes by hand from the printed
# form: data keyed by the form's own labels (项目名称, 承办单位信息 · 联系人), options by their wording
# (自筹经费项目, 突出数字技术), yes/no as 是/否, the form named 附件1/附件2. Each migration takes a draft
# one version up; a version 2 adds one function here.

_V0_FORMS: dict[str, str] = datafiles.read_toml("vocabulary.toml")["v0_forms"]
_YES, _NO = WORDS["zh"]["marks"]["yes"], WORDS["zh"]["marks"]["no"]  # the printed form's 是 and 否


def _from_v0(draft: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (label-keyed) → version 1 (keyed by field id)."""
    form = _V0_FORMS.get(draft.get("form"), draft.get("form"))
    data = draft.get("data", {})
    upgraded = {**draft, "format": FORMAT, "version": 1, "form": form}
    if form not in forms.FORMS or not isinstance(data, dict):
        return upgraded  # the envelope check then says what is wrong
    year = draft.get("edition")
    definition = forms.load(form, year if year in editions.available() else None)
    by_label: dict[str, str] = {}
    for field in definition.fields:
        by_label[field.full_label(form)] = field.id
        by_label.setdefault(field.label(form), field.id)
    fields = {}
    for key, value in data.items():
        field_id = by_label.get(key.strip(), key) if isinstance(key, str) else key
        field = definition.field(field_id) if definition.has(field_id) else None
        if field and field.type == "yesno" and value in (_YES, _NO):
            value = value == _YES
        elif field and field.type in ("choice", "topics"):
            by_option = {option.name.zh: option.id for option in field.options} | {
                option.label("zh"): option.id for option in field.options
            }
            if field.type == "choice" and isinstance(value, str):
                value = by_option.get(value.strip(), value)
            elif isinstance(value, dict):
                value = {by_option.get(k, k): v for k, v in value.items()}
        fields[field_id] = value
    return {**upgraded, "data": fields}


MIGRATIONS = {0: _from_v0}


def upgrade(draft: Any) -> tuple[Any, int | None]:
    """A draft of an older format version brought to the current one, and the version it came from (None if current)."""
    if not isinstance(draft, dict) or draft.get("format", FORMAT) != FORMAT:
        return draft, None
    version = draft.get("version", VERSION)
    if isinstance(version, bool) or version not in MIGRATIONS:
        return draft, None
    came_from = version
    while version in MIGRATIONS:
        draft = MIGRATIONS[version](draft)
        version = draft["version"]
    return draft, came_from


def envelope(draft: Any) -> tuple[forms.Form, editions.Edition, dict[str, Any]]:
    """Check the outside of an upgraded draft (format, version, edition, form) and return its parts."""
    if not isinstance(draft, dict):
        raise ReadError.of("not_object")
    if draft.get("format") not in (FORMAT, None):
        raise ReadError.of("not_draft", found=repr(draft.get("format")), expected=repr(FORMAT))
    version = draft.get("version", VERSION)
    if version != VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > VERSION
        raise ReadError.of("newer_version" if newer else "unknown_version", version=repr(version), supported=VERSION)
    year = draft.get("edition", editions.latest_year())
    if isinstance(year, bool) or not isinstance(year, int) or year not in editions.available():
        raise ReadError.of("unknown_year", year=repr(year), available=listed(editions.available()))
    form = draft.get("form")
    if form not in forms.FORMS:
        raise ReadError.of("no_form")
    data = draft.get("data", {})
    if not isinstance(data, dict):
        raise ReadError.of("data_not_object")
    return forms.load(form, year), editions.load(year), data


@dataclass
class Read:
    """A draft as read: the cleaned application, the values it could not use, and the format version it was upgraded from."""

    app: Application
    problems: list[tuple[str, str, Any]]
    came_from: int | None
    draft: dict[str, Any]  # the draft in the current format (upgraded), before cleaning


def read(draft: Any) -> Read:
    """The one way from a draft (any JSON value, any format version) to a cleaned application; ReadError if it is none."""
    upgraded, came_from = upgrade(draft)
    app, problems = clean(*envelope(upgraded))
    return Read(app, problems, came_from, upgraded)


def application(draft: Any) -> Application:
    """The cleaned application of a draft (see `read`); ReadError if it is none."""
    return read(draft).app


def clean(form: forms.Form, edition: editions.Edition, data: dict[str, Any]) -> tuple[Application, list[tuple[str, str, Any]]]:
    """Clean every field of the form; return the application and the (field, kind, raw value) that were not usable."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str, Any]] = []
    for field in form.fields:
        try:
            values[field.id] = clean_value(field, data.get(field.id))
        except BadValue as bad:
            values[field.id] = None
            problems.append((field.id, bad.kind, data.get(field.id)))
    for key in data:
        if not form.has(key) and not is_empty(data[key]):
            problems.append((key, "unknown", data[key]))
    unusable = frozenset(field_id for field_id, kind, _ in problems if kind != "unknown")
    return Application(form=form, edition=edition, values=values, unusable=unusable), problems


# A batch of drafts nests six deep; JSON nested thousands deep would overflow the browser's stack, which
# Pyodide cannot survive (CPython raises RecursionError), so it is refused before it is parsed.
MAX_DEPTH = 64
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_NESTING = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> bool:
    """Whether the arrays and objects of JSON text nest deeper than MAX_DEPTH (brackets in strings do not count)."""
    depth = 0
    for bracket in _NESTING.finditer(_STRINGS.sub("", text)):
        depth += 1 if bracket[0] in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False


def load_json(text: str | bytes) -> Any:
    """Parse JSON text, or explain in both languages why it is not JSON."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        if _too_deep(text):
            raise RecursionError
        return json.loads(text)
    except UnicodeDecodeError:
        raise ReadError.of("not_utf8") from None
    except RecursionError:
        raise ReadError.of("too_deep") from None
    except json.JSONDecodeError as err:
        if not text.strip():
            raise ReadError.of("empty_json") from None
        raise ReadError.of("not_json", line=err.lineno, column=err.colno) from None


def dump_json(value: Any) -> str:
    """JSON text as this project writes it: UTF-8 Chinese, two-space indent."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def json_schema(year: int | None = None) -> dict[str, Any]:
    """The JSON Schema of a draft, generated from the form definitions."""
    edition = editions.load(year)
    properties: dict[str, Any] = {}
    for field in forms.all_fields(edition.year):
        spec = field.kind.schema(field)
        labels = " / ".join(dict.fromkeys(field.label(f) for f in field.forms))
        spec["title"] = labels
        spec["description"] = field.label(field.forms[0], "en") + f" — forms: {', '.join(field.forms)}"
        properties[field.id] = spec
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"knowledge-update-application-v{VERSION}.schema.json",
        "title": say("schema", "title", "en", {"number": edition.number}),
        "description": say("schema", "description", "en"),
        "type": "object",
        "required": ["format", "version", "form", "data"],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "edition": {"type": "integer", "enum": editions.available()},
            "form": {"enum": list(forms.FORMS)},
            "data": {"type": "object", "properties": properties, "additionalProperties": False},
        },
        "additionalProperties": False,
    }
