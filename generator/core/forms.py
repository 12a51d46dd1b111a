"""Field and form definitions of 附件1, 附件2 and 附件3, loaded from each edition's forms.toml."""

from __future__ import annotations

import copy
import string
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from . import datafiles, editions
from .bilingual import Bilingual
from .types import TYPES, WIDE_DIGITS, FieldType
from .words import say

FORMS = ("national", "provincial")


@dataclass(frozen=True)
class Option:
    """One box of a choice: 财政资助项目, 是省级继续教育基地, 服务重大战略 …"""

    id: str
    name: Bilingual  # as printed beside its box, with a blank such as {batch} where a detail goes
    detail: str | None = None

    def label(self, lang: str = "zh", **values: str) -> str:
        """The option's label, with a detail such as {batch} filled in."""
        text = self.name[lang]
        return string.Formatter().vformat(text, (), _Blank(values))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "____"


@dataclass(frozen=True)
class Field:
    """One field of the application: its labels, type, forms and help, per form."""

    id: str
    type: str
    forms: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False)
    options: tuple[Option, ...] = ()

    def _pick(self, key: str, form: str | None) -> Any:
        if form and f"{key}_{form}" in self.raw:
            return self.raw[f"{key}_{form}"]
        return self.raw.get(key)

    def label(self, form: str | None = None, lang: str = "zh") -> str:
        """The label on `form` in `lang` (附件1 and 附件2 name some fields differently)."""
        return self._pick(lang, form)

    def full_label(self, form: str | None = None, lang: str = "zh") -> str:
        """The label with its block, as drafts keyed by label spell it (承办单位信息 · 联系人); readers see `title`."""
        label = self.label(form, lang)
        if not self.group:
            return label
        block = groups()[self.group][lang]
        return f"{block} · {label}"

    def title(self, form: str | None = None, lang: str = "zh") -> str:
        """The label as a heading or a list names it: 项目名称, “承办单位信息”中的“办公电话” / Host institution: Office phone."""
        label = self.label(form, lang)
        if not self.group:
            return label
        return say("marks", "title_in_block", lang, {"block": groups()[self.group][lang], "label": label})

    def named(self, form: str | None = None, lang: str = "zh") -> str:
        """The label as a message names it, in quotes, with its block where the bare label is ambiguous:
        “项目名称”, “承办单位信息”中的“办公电话” / “Host institution: Office phone”."""
        label = self.label(form, lang)
        if not self.group:
            return say("marks", "quote", lang, {"text": label})
        return say("marks", "in_block", lang, {"block": groups()[self.group][lang], "label": label})

    def help(self, form: str | None = None, lang: str = "zh") -> str:
        """The help printed in the official cell (zh) or our explanation of it (en)."""
        return self._pick(f"help_{lang}", form) or ""

    def filled_by(self, form: str) -> str:
        """Who fills the field on `form`: institution, hrss or reviewer."""
        return self._pick("filled_by", form) or "institution"

    def required(self, form: str) -> bool:
        """Whether the institution must fill it on `form`."""
        return form in self.raw.get("required", ())

    def suggest(self, form: str | None = None) -> str | None:
        """Which reference list offers values for the field on `form`."""
        return self._pick("suggest", form)

    def option(self, option_id: str) -> Option | None:
        """Return one option by id."""
        return next((o for o in self.options if o.id == option_id), None)

    def shown(self, value: Any) -> Bilingual | None:
        """A choice's or the topics' stored value as the form prints it (self → 自筹经费项目; industry → 对接产业需求：its
        text), so a message never quotes a stored id; None for a value that names no option of the field."""
        if isinstance(value, str) and self.option(value):
            return Bilingual.each(lambda lang: self.option(value).label(lang))
        if not (isinstance(value, dict) and value and all(self.option(k) for k in value)):
            return None

        def each(lang: str) -> str:
            parts = []
            for key, answer in value.items():
                text = answer.get("text", "") if isinstance(answer, dict) else ""
                name = self.option(key).label(lang)
                parts.append(say("marks", "pair", lang, {"key": name, "value": text}) if text else name)
            return say("marks", "items", lang).join(parts)

        return Bilingual.each(each)

    @property
    def kind(self) -> FieldType:
        """What kind of value the field holds (types.py): how it is cleaned, shown and read back."""
        return TYPES[self.type]

    @property
    def group(self) -> str | None:
        return self.raw.get("group")

    @property
    def cell(self) -> bool:
        """False for a question the table has no cell for (trainees, eligibility)."""
        return self.raw.get("cell", True)

    @property
    def written_into(self) -> str | None:
        """The field whose cell this one's value is written into (trainees → 培训对象)."""
        return self.raw.get("written_into")

    @property
    def placement(self) -> str | None:
        """ "heading" for the lines above the table (申报单位, 申报时间)."""
        return self.raw.get("placement")

    @property
    def shown_when(self) -> Any:
        """The answer that shows this field on the form page (a detail, a follow-up question)."""
        return self.raw.get("shown_when")

    def guide(self, form: str, lang: str = "zh") -> str:
        """Our longer explanation for the form guide, "" when there is none."""
        return self.raw.get(f"guide_{lang}_{form}") or self.raw.get(f"guide_{lang}") or ""

    @property
    def half(self) -> bool:
        return bool(self.raw.get("half"))

    @property
    def in_table(self) -> bool:
        """True when the field has a cell of its own in the official table."""
        return self.cell and not self.detail_of and self.placement != "heading"

    @property
    def detail_of(self) -> str | None:
        return self.raw.get("detail_of")

    @property
    def printed(self) -> str:
        """The official cell's own words around this detail's blank ({blank}), "" when it prints none."""
        return self.raw.get("printed", "")

    @property
    def blank(self) -> str:
        """What the printed form shows in this detail's blank when it is empty."""
        return self.raw.get("blank", "")

    def fill_blank(self, value: str) -> str:
        """What fills the blank, when the input repeats the words the cell prints around it (第3批 → 3)."""
        if not self.printed:
            return value
        before, _, after = self.printed.partition("{blank}")
        while (cut := _strip_printed(value, before, after)) != value:  # 第第3批批, typed twice, is cut twice
            value = cut
        wide = value.translate(WIDE_DIGITS)
        return wide if wide.isascii() and wide.isdigit() else value  # ３ → 3, as the blank is a number

    @property
    def is_text(self) -> bool:
        return self.kind.is_text


_SAME = str.maketrans("：:（(）)", "::(())")  # the colons and brackets people type in either width


def _words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _strip_printed(value: str, before: str, after: str) -> str:
    """Cut from `value` the longest end of `before` it starts with and the longest start of `after` it ends with;
    only words are cut (a lone bracket or colon may belong to the value)."""
    folded, b, a = value.translate(_SAME), before.translate(_SAME), after.translate(_SAME)
    start = next((n for n in range(len(b), 0, -1) if folded.startswith(b[-n:]) and _words(b[-n:])), 0)
    end = next((n for n in range(len(a), 0, -1) if folded.endswith(a[:n]) and _words(a[:n])), 0)
    return value[start : len(value) - end].strip() if start + end < len(value) else value


@dataclass(frozen=True)
class Form:
    """附件1 or 附件2: its fields in official order."""

    id: str
    attachment: int
    name: Bilingual  # 国家级高级研修项目申报表 / National application
    level: str
    fields: tuple[Field, ...]

    def field(self, field_id: str) -> Field:
        """Return one field of this form."""
        return next(f for f in self.fields if f.id == field_id)

    def has(self, field_id: str) -> bool:
        """Whether this form has the field."""
        return any(f.id == field_id for f in self.fields)

    def label(self, lang: str = "zh") -> str:
        """附件1 国家级高级研修项目申报表 / 附件1 National application."""
        return say("marks", "form", lang, {"n": self.attachment, "name": self.name[lang]})


@dataclass(frozen=True)
class SummaryColumn:
    """A column of 附件3 and the application fields it is taken from."""

    id: str
    name: Bilingual  # its heading: 项目名称 / Project name
    sources: tuple[str, ...]
    each_line: bool = False  # each value on a line of its own (phone numbers, which must not break)


def _fill_year(value: Any, names: dict[str, Any]) -> Any:
    """Put the edition's years into labels such as 承办单位{prev_year}年…"""
    if isinstance(value, str) and "{" in value:
        return string.Formatter().vformat(value, (), _Keep(names))
    if isinstance(value, list):
        return [_fill_year(v, names) for v in value]
    return value


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _merged(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """Tables merged key by key (a list or a value replaces what it names)."""
    out = dict(base)
    for key, value in change.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def definitions(year: int) -> dict[str, Any]:
    """The forms of an edition as written (editions/<year>/forms.toml), a year that `extends` another applied on it."""
    own = datafiles.read_toml("editions", str(year), "forms.toml")
    return extend(definitions(own["extends"]), own) if "extends" in own else own


def extend(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """Forms that change a few things of `base`: a field with a known id changes the keys it gives (options replaced
    whole), a new one goes `after` a field (else at the end), `removed` lists the fields the forms no longer have."""
    fields = [dict(f) for f in base["fields"] if f["id"] not in own.get("removed", ())]
    for change in own.get("fields", ()):
        at = next((i for i, f in enumerate(fields) if f["id"] == change["id"]), None)
        entry = {k: v for k, v in change.items() if k != "after"}
        if at is not None:
            fields[at] = {**fields[at], **entry}
        elif "after" in change:
            fields.insert(next(i for i, f in enumerate(fields) if f["id"] == change["after"]) + 1, entry)
        else:
            fields.append(entry)
    tables = {k: v for k, v in own.items() if k not in ("extends", "removed", "fields")}
    return {**_merged(base, tables), "fields": fields}


def with_years(raw: dict[str, Any], year: int) -> dict[str, Any]:
    """Definitions with the edition's facts in their words (承办单位{prev_year}年… → 承办单位2024年…, {catalogue})."""
    raw = copy.deepcopy(raw)
    names = {"year": year, "prev_year": year - 1, "catalogue": editions.load(year).catalogue}
    for entry in raw["fields"]:
        for key, value in entry.items():
            if key != "options":
                entry[key] = _fill_year(value, names)
    return raw


@cache
def _raw(year: int) -> dict[str, Any]:
    return with_years(definitions(year), year)


def _field(raw: dict[str, Any]) -> Field:
    options = tuple(Option(o["id"], Bilingual(o["zh"], o["en"]), o.get("detail")) for o in raw.get("options", ()))
    return Field(id=raw["id"], type=raw["type"], forms=tuple(raw["forms"]), raw=raw, options=options)


@cache
def all_fields(year: int | None = None) -> tuple[Field, ...]:
    """Every field of every form, in official order."""
    year = editions.load(year).year
    return tuple(_field(entry) for entry in _raw(year)["fields"])


@cache
def load(form: str, year: int | None = None) -> Form:
    """Return the definition of the national or provincial form."""
    year = editions.load(year).year
    return build(_raw(year), all_fields(year))[form]


def shown_anywhere(key: str, value: Any, form: Form, year: int | None = None) -> Bilingual | None:
    """A value as the field of `key` prints it, on `form` or else on the other level's form (see Field.shown)."""
    holder = next((f for f in (form, *(load(i, year) for i in FORMS)) if f.has(key)), None)
    return holder.field(key).shown(value) if holder else None


def title_anywhere(key: str, form: Form, year: int | None = None) -> Bilingual | None:
    """A key's title on `form`, else on the other level's form (typed there, then the level switched); None for a key
    no form of the edition has."""
    holder = next((f for f in (form, *(load(i, year) for i in FORMS)) if f.has(key)), None)
    if holder is None:
        return None
    return Bilingual.each(lambda lang: holder.field(key).title(holder.id, lang))


def build(raw: dict[str, Any], fields: tuple[Field, ...] | None = None) -> dict[str, Form]:
    """The forms a definitions table describes (as `with_years` gives it), by id."""
    fields = fields if fields is not None else tuple(_field(entry) for entry in raw["fields"])
    return {
        key: Form(
            id=key,
            attachment=meta["attachment"],
            name=Bilingual(meta["zh"], meta["en"]),
            level=meta["level"],
            fields=tuple(f for f in fields if key in f.forms),
        )
        for key, meta in raw["forms"].items()
    }


def groups(year: int | None = None) -> dict[str, Bilingual]:
    """The merged block labels: 申报单位信息, 承办单位信息."""
    return {key: Bilingual(group["zh"], group["en"]) for key, group in _raw(editions.load(year).year)["groups"].items()}


def summary_header(year: int | None = None) -> list[dict[str, str]]:
    """The heading lines of 附件3: 主管部门或申报单位（盖章）, 填表日期."""
    return _raw(editions.load(year).year)["summary"]["header"]


def summary_columns(year: int | None = None) -> tuple[SummaryColumn, ...]:
    """The columns of 附件3, each with the application fields it comes from."""
    columns = _raw(editions.load(year).year)["summary"]["columns"]
    return tuple(
        SummaryColumn(c["id"], Bilingual(c["zh"], c["en"]), tuple(c["from"].split("|")) if "from" in c else (), c.get("each_line", False))
        for c in columns
    )
