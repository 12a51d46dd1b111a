"""The JSON draft format of one application (and of a batch), its migrations, its cleaning and its JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from . import editions, forms
from .findings import ReadError

FORMAT = "knowledge-update-application"
BATCH_FORMAT = "knowledge-update-batch"
VERSION = 1

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNT = re.compile(r"^\s*([0-9]+)\s*(人|名)?\s*$")  # 30, ３０, 30人: the count people write
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

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


class BadValue(Exception):
    """A value of the wrong shape; `kind` names what was expected."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def new_draft(form: str, year: int | None = None, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """An empty (or given) draft of the national or provincial form."""
    return {"format": FORMAT, "version": VERSION, "edition": editions.load(year).year, "form": form, "data": data or {}}


def normalise_text(value: str) -> str:
    """One newline convention and no surrounding blanks, as Excel and HTML forms give it back."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_date(value: Any) -> dt.date:
    """An ISO date string (YYYY-MM-DD) as a date."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise BadValue("date")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadValue("date") from None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == {} or value == []


def clean_value(field: forms.Field, value: Any) -> Any:
    """One field's value in its clean shape, or BadValue; None when empty."""
    if _empty(value):
        return None
    kind = field.type
    if field.is_text:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise BadValue("text")
        return field.fill_blank(normalise_text(str(value))) or None
    if kind == "date":
        return parse_date(value)
    if kind == "daterange":
        if not isinstance(value, dict):
            raise BadValue("daterange")
        ends = {}
        for end in ("start", "end"):
            ends[end] = None if _empty(value.get(end)) else parse_date(value.get(end))
        return ends if any(ends.values()) else None
    if kind == "integer":
        if isinstance(value, str) and _COUNT.match(value.translate(_WIDE_DIGITS)):
            value = int(_COUNT.match(value.translate(_WIDE_DIGITS))[1])
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise BadValue("integer")
        return value
    if kind == "yesno":
        if isinstance(value, bool):
            return value
        raise BadValue("yesno")
    if kind == "choice":
        ids = {o.id for o in field.options}
        if isinstance(value, str) and value in ids:
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) and v in ids for v in value):
            return list(dict.fromkeys(value)) if len(set(value)) > 1 else value[0]
        raise BadValue("choice")
    if kind == "topics":
        return _clean_topics(field, value)
    raise BadValue(kind)


def _clean_topics(field: forms.Field, value: Any) -> dict[str, dict[str, Any]] | None:
    if not isinstance(value, dict) or not set(value) <= {o.id for o in field.options}:
        raise BadValue("topics")
    result = {}
    for option in field.options:
        entry = value.get(option.id)
        if entry is None:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("ticked", False), bool):
            raise BadValue("topics")
        text = entry.get("text") or ""
        if not isinstance(text, str):
            raise BadValue("topics")
        ticked, text = entry.get("ticked", False), normalise_text(text)
        if ticked or text:
            result[option.id] = {"ticked": ticked, "text": text}
    return result or None


# ---- older format versions ----------------------------------------------------------
# Version 1 is the first published format. Version 0 is the shape a person writes by hand from the printed
# form: data keyed by the form's own labels (项目名称, 承办单位信息 · 联系人), options by their wording
# (自筹经费项目, 突出数字技术), yes/no as 是/否, the form named 附件1/附件2. Each migration takes a draft
# one version up; a version 2 adds one function here.

_V0_FORMS = {"附件1": "national", "国家级": "national", "附件2": "provincial", "省级": "provincial"}


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
        if field and field.type == "yesno" and value in ("是", "否"):
            value = value == "是"
        elif field and field.type in ("choice", "topics"):
            by_option = {option.zh: option.id for option in field.options} | {option.label("zh"): option.id for option in field.options}
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
    """Check the outside of a draft (format, version, edition, form) and return its parts; older versions are upgraded."""
    draft, _ = upgrade(draft)
    if not isinstance(draft, dict):
        raise ReadError("草稿应是一个 JSON 对象。", "A draft must be a JSON object.")
    if draft.get("format") not in (FORMAT, None):
        raise ReadError(
            f"不是申报表草稿（format 为 {draft.get('format')!r}，应为 {FORMAT!r}）。",
            f"Not an application draft (format is {draft.get('format')!r}, expected {FORMAT!r}).",
        )
    version = draft.get("version", VERSION)
    if version != VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > VERSION
        raise ReadError(
            f"草稿格式版本 {version!r} 比本工具新（本工具支持 {VERSION} 及更早版本），请使用新版本的工具打开。"
            if newer
            else f"草稿格式版本 {version!r} 无法识别（本工具支持 0–{VERSION}）。",
            f"Draft format version {version!r} is newer than this tool (it reads {VERSION} and earlier): open it with a newer version of the tool."
            if newer
            else f"Draft format version {version!r} is not recognised (this tool reads 0–{VERSION}).",
        )
    year = draft.get("edition", editions.latest_year())
    if isinstance(year, bool) or not isinstance(year, int) or year not in editions.available():
        raise ReadError(
            f"没有 {year!r} 年度的通知数据（已有：{'、'.join(map(str, editions.available()))}）。",
            f"No notice data for the year {year!r} (available: {', '.join(map(str, editions.available()))}).",
        )
    form = draft.get("form")
    if form not in forms.FORMS:
        raise ReadError(
            "请指明申报表：national（附件1，国家级）或 provincial（附件2，省级）。",
            "Say which form this is: national (附件1) or provincial (附件2).",
        )
    data = draft.get("data", {})
    if not isinstance(data, dict):
        raise ReadError("草稿的 data 应是一个 JSON 对象。", "The draft's data must be a JSON object.")
    return forms.load(form, year), editions.load(year), data


def application(draft: Any) -> Application:
    """The one way from a draft (any JSON value, any format version) to a cleaned application; ReadError if it is none."""
    return clean(*envelope(draft))[0]


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
        if not form.has(key) and not _empty(data[key]):
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
        raise ReadError("文件不是 UTF-8 编码的文本。", "The file is not UTF-8 text.") from None
    except RecursionError:
        raise ReadError("JSON 的嵌套层数太多，不是申报表草稿。", "The JSON is nested too deeply to be a draft.") from None
    except json.JSONDecodeError as err:
        if not text.strip():
            raise ReadError("文件是空的，里面没有申报表草稿。", "The file is empty: it holds no draft.") from None
        raise ReadError(
            f"这个文件不是本工具保存的 JSON 草稿：从第{err.lineno}行第{err.colno}列起无法读取（文件可能不完整或不是 JSON）。",
            f"This file is not a JSON draft saved by this tool: it cannot be read from line {err.lineno}, column {err.colno} on (the file may be cut short or not be JSON).",
        ) from None


def dump_json(value: Any) -> str:
    """JSON text as this project writes it: UTF-8 Chinese, two-space indent."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def json_schema(year: int | None = None) -> dict[str, Any]:
    """The JSON Schema of a draft, generated from the form definitions."""
    edition = editions.load(year)
    properties: dict[str, Any] = {}
    for field in forms.all_fields(edition.year):
        spec = _field_schema(field)
        labels = " / ".join(dict.fromkeys(field.label(f) for f in field.forms))
        spec["title"] = labels
        spec["description"] = field.label(field.forms[0], "en") + f" — forms: {', '.join(field.forms)}"
        properties[field.id] = spec
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"knowledge-update-application-v{VERSION}.schema.json",
        "title": f"{edition.number} application draft",
        "description": "One application (附件1 national or 附件2 provincial). Every field is optional here: "
        "the rules, not the schema, say what is required on which form.",
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


def _field_schema(field: forms.Field) -> dict[str, Any]:
    date = {"type": "string", "format": "date", "pattern": _ISO_DATE.pattern}
    kind = field.type
    if field.is_text:
        return {"type": "string"}
    if kind == "date":
        return date
    if kind == "daterange":
        return {"type": "object", "properties": {"start": date, "end": date}, "additionalProperties": False}
    if kind == "integer":
        return {"type": "integer", "minimum": 1}
    if kind == "yesno":
        return {"type": "boolean"}
    if kind == "choice":
        return {"enum": [o.id for o in field.options]}
    if kind == "topics":
        entry = {
            "type": "object",
            "properties": {"ticked": {"type": "boolean"}, "text": {"type": "string"}},
            "additionalProperties": False,
        }
        return {
            "type": "object",
            "properties": {o.id: {**entry, "title": o.zh} for o in field.options},
            "additionalProperties": False,
        }
    raise ValueError(kind)
