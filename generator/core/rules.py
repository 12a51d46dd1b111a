"""Every check the notice implies: one predicate per rule, registered under the rule's id.

What a rule is (severity, forms, fields, the clause it cites) is declared once in data/rules.toml and its
messages are in data/words/<lang>.toml; here each predicate reads like its sentence of the notice and
yields the parameters of its message, and a `field` when the problem sits on another field than the
rule's first. A value that differs by language is a Bilingual; the edition's facts (year,
finish_by, minimum …) are added to every finding's parameters.

Severity policy (stated on the rules page, enforced by tests/test_severity.py): an error is either what
the notice binds, where the cited clause names the binding words (`Clause.binds`: 应, 须, 需, 不少于,
截止, 仅单选, 填写, 填报, 注明), or a shape error, a value that cannot be what the cell asks (not a date,
an end before the start). Everything this tool infers (formats, its reference lists, its own questions,
observations across a batch) is a warning at most.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import datafiles, drafts, editions, reference, words
from . import forms as form_defs
from .bilingual import Bilingual
from .editions import Edition, Level
from .findings import ERROR, FAULT, WARNING, Finding, ReadError
from .forms import FORMS, Form
from .words import WORDS

Hit = dict[str, Any]
Predicate = Callable[[Any], Iterable[Hit]]


@dataclass
class Context:
    """What a rule looks at: the cleaned application (None when the draft is none), what cleaning could not use, why it is none."""

    app: drafts.Application | None
    problems: list[tuple[str, str, Any]] = dataclasses.field(default_factory=list)
    error: ReadError | None = None

    @property
    def form(self) -> Form:
        return self.app.form

    @property
    def edition(self) -> Edition:
        return self.app.edition

    @property
    def level(self) -> Level:
        return self.edition.level_of(self.form.id)

    def value(self, field_id: str) -> Any:
        return self.app.get(field_id)

    def label(self, field_id: str) -> Bilingual:
        """The field's label on this form as messages name it (quoted, with its block where the bare label is
        ambiguous: “承办单位信息”中的“办公电话”), in both languages."""
        field_ = self.form.field(field_id)
        return Bilingual.each(lambda lang: field_.named(self.form.id, lang))


@dataclass(frozen=True)
class Rule:
    """A check as declared in data/rules.toml, with its predicate."""

    id: str
    severity: str | dict[str, str]  # one for every form, or one per form
    check: Predicate
    forms: tuple[str, ...] = FORMS
    fields: tuple[str, ...] = ()
    clause: str | dict[str, Any] = ""  # a key of the edition's clause table; or one per form, or on a form one per field
    shape: bool = False  # an error because the value cannot be what the cell asks, not because of a clause
    scope: str = "application"  # or "batch": checks the rows of 附件3 together
    quiet_until_touched: bool = False  # the form page shows it once the field is touched or "check all" is pressed
    per_field: bool = True  # listed under each field it concerns in the guides
    empty: str = ""  # "cell": reports required cells left empty; "question": this tool's required questions unanswered
    others_of: str = ""  # reports only the empty cells that this other rule does not

    def severity_on(self, form: str) -> str:
        """Error or warning, on `form`."""
        return self.severity.get(form, "") if isinstance(self.severity, dict) else self.severity

    def severity_in(self, form: str, edition: Edition, field: str | None = None) -> str:
        """Its severity on `form` under `edition`: an error only where that edition's notice binds it."""
        severity = self.severity_on(form)
        if severity == ERROR and not self.shape and not self.binds(form, edition, field):
            return WARNING  # this edition's notice does not bind it (an earlier notice, or binding words since gone)
        return severity

    def _on(self, form: str) -> str | dict[str, str]:
        return self.clause.get(form, "") if isinstance(self.clause, dict) else self.clause

    def clause_key(self, form: str, field: str | None = None) -> str:
        """The key (in the edition's clause table) of the clause this rule cites on `form`, for `field` where it varies."""
        key = self._on(form)
        return key.get((field or "").split(".")[0], "") if isinstance(key, dict) else key

    def clause_keys(self, form: str) -> tuple[str, ...]:
        """Every clause this rule may cite on `form`."""
        key = self._on(form)
        return tuple(dict.fromkeys(key.values())) if isinstance(key, dict) else (key,) if key else ()

    def clause_fields(self, form: str) -> tuple[str, ...] | None:
        """The fields this rule is about on `form` when its clause names them one by one; None when it names none."""
        key = self._on(form)
        return tuple(key) if isinstance(key, dict) else None

    def reports_empty(self, field: form_defs.Field, form: str) -> bool:
        """Whether this rule reports `field` on `form` when it is left empty."""
        if not self.empty or form not in self.forms or not reports_empty(field, form, self.empty):
            return False
        named = self.clause_fields(form)
        if named is not None and field.id not in named:
            return False  # on this form a sentence binds only the cells it names
        return not (self.others_of and RULE[self.others_of].reports_empty(field, form))

    def concerns(self, field: form_defs.Field, form: str) -> bool:
        """Whether this rule can report `field` on `form` (the guides list it there)."""
        if form not in self.forms or not self.per_field:
            return False
        return field.id in self.fields or self.reports_empty(field, form)

    def binds(self, form: str, edition: Edition, field: str | None = None) -> str:
        """The words of the notice that make this rule an error on `form` (for `field`; "" when none do)."""
        key = self.clause_key(form, field)
        return edition.clause(key).binds.get(self.id, "") if key in edition.clauses else ""


# What a clause's binding words must contain for a rule to be an error (the notice's own imperatives).
VOCABULARY = reference.VOCABULARY
BINDING_WORDS = tuple(VOCABULARY["binding"])

DECLARED: dict[str, dict[str, Any]] = datafiles.read_toml("rules.toml")["rules"]
PREDICATES: dict[str, Predicate] = {}


def predicate(rule_id: str) -> Callable[[Predicate], Predicate]:
    """Register the predicate of the rule declared as `rule_id` in data/rules.toml."""

    def register(check: Predicate) -> Predicate:
        if rule_id not in DECLARED:
            raise KeyError(f"the predicate {check.__name__} names {rule_id!r}, which data/rules.toml does not declare")
        PREDICATES[rule_id] = check
        return check

    return register


def declared(scope: str) -> list[Rule]:
    """The rules of one scope ("application" or "batch"), in their declared order, each with its predicate."""
    result = []
    for rule_id, entry in DECLARED.items():
        if entry.get("scope", "application") != scope:
            continue
        if rule_id not in PREDICATES:
            raise KeyError(f"data/rules.toml declares {rule_id!r}, which has no predicate")
        fields_ = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
        result.append(Rule(id=rule_id, check=PREDICATES[rule_id], **fields_))
    return result


def facts(form: str, edition: Edition) -> dict[str, Any]:
    """What messages may name besides a hit's own values: the edition's facts and the form's topic boxes."""
    topics = next((f for f in form_defs.load(form, edition.year).fields if f.type == "topics"), None)
    boxes = Bilingual.each(lambda lang: words.listed((o.label(lang) for o in topics.options), lang)) if topics else ""
    return {**edition.facts(form), "topics": boxes}


def finding(rule_: Rule, form: str, edition: Edition, hit: Hit) -> Finding:
    """Turn one hit of a rule into a finding: its parameters with the edition's facts, its clause."""
    params = {**facts(form, edition), **{k: v for k, v in hit.items() if k != "field"}}
    field_id = hit.get("field", rule_.fields[0] if rule_.fields else None)
    key = rule_.clause_key(form, field_id)
    clause = edition.clause(key) if key else None
    severity = rule_.severity_in(form, edition, field_id)
    return Finding(
        rule=rule_.id,
        severity=severity,
        field=field_id,
        params=params,
        clause=clause.ref if clause else Bilingual(""),
        anchor=clause.anchor if clause else "",
        quote=clause.quote if clause else "",
        guide=guide_anchor(form, field_id),
    )


def guide_anchor(form: str, field_id: str | None) -> str:
    """Where the field is explained in the form's guide page ("national/#period"), "" when nowhere."""
    if not field_id:
        return ""
    definition = form_defs.load(form) if form in FORMS else None
    field_id = field_id.split(".")[0]
    if definition is None or not definition.has(field_id):
        return ""
    field_ = definition.field(field_id)
    return f"{form}/#{(field_.detail_of or field_.id).replace('_', '-')}"


# ---- what is not an application, and values of the wrong shape -------------------------


_LIMIT = 40


def shown_value(raw: Any, lang: str = "zh") -> str:
    """A value as the person typed it, never as JSON: dates as written, a range as "a 至 b", lists joined."""
    marks = WORDS[lang]["marks"]
    if isinstance(raw, bool):
        text = marks["yes" if raw else "no"]
    elif isinstance(raw, str):
        text = raw.strip()
    elif isinstance(raw, (int, float)):
        text = format(raw, "g") if isinstance(raw, float) else str(raw)
    elif isinstance(raw, dict) and set(raw) <= {"start", "end"}:
        start, end = (shown_value(raw.get(end), lang) or "…" for end in ("start", "end"))
        text = marks["range"].format(start=start, end=end)
    elif isinstance(raw, dict):
        text = marks["items"].join(marks["pair"].format(key=k, value=shown_value(v, lang)) for k, v in raw.items())
    elif isinstance(raw, list):
        text = marks["list"].join(shown_value(v, lang) for v in raw)
    else:
        text = "" if raw is None else str(raw)
    return text if len(text) <= _LIMIT else text[: _LIMIT - 1] + "…"


def _bad_part(kind: str, raw: Any) -> tuple[str, Any]:
    """For a date range, which end is not a date (and its value); else the kind and the whole value."""
    if kind == "daterange" and isinstance(raw, dict) and set(raw) <= {"start", "end"}:
        for end in ("start", "end"):
            try:
                drafts.parse_date(raw.get(end)) if raw.get(end) not in (None, "") else None
            except drafts.BadValue:
                return end, raw.get(end)
    return "", raw


@predicate("draft.envelope")
def envelope(ctx: Context) -> Iterator[Hit]:
    """The file is an application draft of this tool's format, of a year it knows, naming its form."""
    if ctx.error:
        yield {"reason": Bilingual(ctx.error.zh, ctx.error.en)}


@predicate("value.invalid")
def value_invalid(ctx: Context) -> Iterator[Hit]:
    """Each value has the shape its cell asks for (a date, a number, one of the options)."""
    for field_id, kind, raw in ctx.problems:
        if kind == "unknown":
            continue
        part, raw = _bad_part(kind, raw)
        label = ctx.label(field_id)
        if part:
            kind = "date"
            label = Bilingual.each(lambda lang, label=label, part=part: label[lang] + words.entry("date_parts", part)[lang])
        yield {
            "field": field_id,
            "label": label,
            "kind": words.entry("kinds", kind),
            "value": Bilingual.each(lambda lang, raw=raw: shown_value(raw, lang)),
        }


@predicate("value.unknown")
def value_unknown(ctx: Context) -> Iterator[Hit]:
    """Every value belongs to a field of the form (anything else would not be written)."""
    for field_id, kind, _ in ctx.problems:
        if kind == "unknown":
            # a field of the other level's form (typed there, then the level switched) is named by that form's label
            named = form_defs.title_anywhere(field_id, ctx.form, ctx.edition.year) or field_id
            yield {"field": field_id, "key": named, "form": Bilingual.each(ctx.form.label)}


# ---- required cells: on 附件2 every cell (附件4第3条: 需填写所有栏目); on 附件1 the cells whose own sentence says 填写
# (附件4第4条, 第5条), while its other empty cells are a warning (cell.empty): 附件4第1条 only says which forms to file.
# The questions this tool asks outside the table (trainees, eligibility) are not cells: unanswered, they are a
# warning (question.unanswered).


# What the docs show, where a message's parameter depends on the field: how it asks for an empty one.
# A field's name stands quoted (“…”), as in a finding: the pages show “…”应为电话号码, not …应为电话号码.
_BLANK_NAME = [words.say("marks", "quote", lang, {"text": WORDS[lang]["pages"]["value_blank"]}) for lang in words.LANGS]
DOCS_DEFAULTS: dict[str, Any] = {"ask": words.entry("ask", "text"), "label": Bilingual(*_BLANK_NAME)}


def ask(field_: form_defs.Field) -> Bilingual:
    """How a message asks for an empty field: 请填写 a text, 请选择 an option."""
    return words.entry("ask", field_.type if field_.type in WORDS["zh"]["ask"] else "text")


def reports_empty(field: form_defs.Field, form: str, empty: str) -> bool:
    """Whether `field`, left empty on `form`, is a required cell (`empty` "cell") or a required question ("question")."""
    # the institution's own, and topics aside: topics.none says what is missing there
    return field.type != "topics" and field.cell == (empty == "cell") and field.required(form) and field.filled_by(form) == "institution"


def empty_severity(field: form_defs.Field, form: str, edition: Edition) -> str | None:
    """What leaving `field` empty on `form` gives under `edition`: "error" where its notice binds the cell, "warning"
    where only this tool asks, else None."""
    severities = [rule.severity_in(form, edition, field.id) for rule in RULES if rule.reports_empty(field, form)]
    return ERROR if ERROR in severities else severities[0] if severities else None


def _missing(ctx: Context, rule_id: str) -> Iterator[Hit]:
    for field in ctx.form.fields:
        if field.id in ctx.app.unusable:
            continue  # value.invalid already says what is wrong
        if RULE[rule_id].reports_empty(field, ctx.form.id) and ctx.value(field.id) is None:
            label = ctx.label(field.id)
            yield {"field": field.id, "label": label, "official": label["zh"], "ask": ask(field)}


@predicate("required")
def required(ctx: Context) -> Iterator[Hit]:
    """Each cell the notice binds to be filled on this form is not empty."""
    yield from _missing(ctx, "required")


@predicate("cell.empty")
def cell_empty(ctx: Context) -> Iterator[Hit]:
    """The other cells the institution fills are not empty either."""
    yield from _missing(ctx, "cell.empty")


@predicate("question.unanswered")
def question_unanswered(ctx: Context) -> Iterator[Hit]:
    """This tool's own questions (not cells of the form) are answered."""
    yield from _missing(ctx, "question.unanswered")


# ---- 办班时间 (二（一）) -------------------------------------------------------


def _period(ctx: Context) -> tuple[Any, Any]:
    period = ctx.value("period") or {}
    return period.get("start"), period.get("end")


@predicate("period.incomplete")
def period_incomplete(ctx: Context) -> Iterator[Hit]:
    """Both ends of 办班时间 are given."""
    start, end = _period(ctx)
    if ctx.value("period") and not (start and end):
        yield {}


@predicate("period.order")
def period_order(ctx: Context) -> Iterator[Hit]:
    """办班时间 does not end before it starts."""
    start, end = _period(ctx)
    if start and end and end < start:
        yield {"start": editions.dates(start), "end": editions.dates(end)}


@predicate("period.year")
def period_year(ctx: Context) -> Iterator[Hit]:
    """办班时间 does not start before the edition's year (an end too late is period.finish_by)."""
    start, _ = _period(ctx)
    if start and start.year < ctx.edition.year:
        yield {"year": ctx.edition.year, "start": editions.dates(start)}


@predicate("period.finish_by")
def period_finish_by(ctx: Context) -> Iterator[Hit]:
    """The course ends by the finish-by date of the notice, that day included."""
    _, end = _period(ctx)
    limit = ctx.edition.finish_by
    if end and end > limit:
        yield {"end": editions.dates(end)}  # finish_by is a fact of the edition, written the same way


@predicate("period.length")
def period_length(ctx: Context) -> Iterator[Hit]:
    """National: 5 to 7 days; provincial: about 4 days (3 to 5); both counting arrival and departure."""
    start, end = _period(ctx)
    if not (start and end) or end < start:
        return
    days = (end - start).days + 1
    low, high = ctx.level.days
    if not low <= days <= high:
        yield {"days": days}  # level and days_wording (the level's own words in the notice) are facts of the edition


# ---- 学员数量 (二（一）): the official tables have no count cell ---------------


@predicate("trainees.about")
def trainees_about(ctx: Context) -> Iterator[Hit]:
    """National: about 50 trainees (we warn outside 40–60)."""
    n, level = ctx.value("trainees"), ctx.level
    if n and level.trainees_about and abs(n - level.trainees_about) > level.trainees_tolerance:
        yield {"n": n}


@predicate("audience.scope")
def audience_scope(ctx: Context) -> Iterator[Hit]:
    """培训对象 names the other level's scope (面向全国 on a provincial form) and not its own."""
    text = re.sub(r"\s+", "", ctx.value("audience") or "")
    if ctx.level.recruit.zh in text:
        return
    for level in ctx.edition.levels.values():
        if level.recruit.zh in text:
            yield {"said": level.recruit.zh}
            return


@predicate("trainees.minimum")
def trainees_minimum(ctx: Context) -> Iterator[Hit]:
    """Provincial: at least 30 trainees."""
    n, minimum = ctx.value("trainees"), ctx.level.trainees_min
    if n and minimum and n < minimum:
        yield {"n": n}


# ---- 选题范围 (一) ------------------------------------------------------------


def _topics(ctx: Context) -> dict[str, dict[str, Any]]:
    return ctx.value("topics") or {}


@predicate("topics.none")
def topics_none(ctx: Context) -> Iterator[Hit]:
    """At least one of the three topic boxes is ticked."""
    if not any(entry["ticked"] for entry in _topics(ctx).values()):
        yield {}


@predicate("topics.unexplained")
def topics_unexplained(ctx: Context) -> Iterator[Hit]:
    """Each ticked topic box has its explanation."""
    field = ctx.form.field("topics")
    for option in field.options:
        entry = _topics(ctx).get(option.id)
        if entry and entry["ticked"] and not entry["text"]:
            yield {"field": f"topics.{option.id}", "option": option.name}


@predicate("topics.unticked")
def topics_unticked(ctx: Context) -> Iterator[Hit]:
    """No explanation stands beside an unticked box."""
    for option in ctx.form.field("topics").options:
        entry = _topics(ctx).get(option.id)
        if entry and not entry["ticked"] and entry["text"]:
            yield {"field": f"topics.{option.id}", "option": option.name}


# ---- 申报项目类别 (附件1, 三（二）) ---------------------------------------------


@predicate("funding.single")
def funding_single(ctx: Context) -> Iterator[Hit]:
    """申报项目类别 has exactly one box ticked (仅单选)."""
    if isinstance(ctx.value("funding"), list):
        yield {}


@predicate("funding.source")
def funding_source(ctx: Context) -> Iterator[Hit]:
    """A self-funded project states the source of its funds."""
    if ctx.value("funding") == "self" and not ctx.value("funding_source"):
        yield {}


_CHARGES_TRAINEES = re.compile(VOCABULARY["charges_trainees"])


@predicate("funding.fees")
def funding_fees(ctx: Context) -> Iterator[Hit]:
    """The source of funds does not charge the trainees (apart from their return travel, which the notice leaves to them)."""
    for part in re.split(r"[，,；;。\n]+", ctx.value("funding_source") or ""):
        if VOCABULARY["charge_allowed"] not in part and _CHARGES_TRAINEES.search(part):
            yield {"text": part.strip()}
            return


# ---- 是否继续教育基地 (附件1, 附件2) --------------------------------------------


@predicate("base.batch")
def base_batch(ctx: Context) -> Iterator[Hit]:
    """A national continuing-education base gives its batch."""
    if ctx.value("base") == "national" and not ctx.value("base_batch"):
        yield {}


_BATCH = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3})$")


@predicate("base.batch_format")
def base_batch_format(ctx: Context) -> Iterator[Hit]:
    """The batch of a national base is a number."""
    batch = ctx.value("base_batch")  # 第3批 is cleaned to 3 (forms.toml: printed)
    if ctx.value("base") == "national" and batch and not _BATCH.match(batch):
        # quoted as the form will print it: the blank alone (最新一 of 最新一批) reads as if the input were cut
        yield {"batch": batch, "printed": ctx.form.field("base_batch").printed.replace("{blank}", batch)}


# ---- 行业主管部门 (附件4第5条) and 行业领域 (附件4第4条) --------------------------

_SPLIT = re.compile(r"[、，,；;/／\s]+")
# A name that starts like one of these is national even when a local marker follows (国家市场…, 国务院办公厅).
_NATIONAL = tuple(VOCABULARY["national_prefixes"])
_BODY = f"({'|'.join(VOCABULARY['bodies'])})"
# Clear marks of a local body: 省…厅, 市…局, or a city, county or district name followed by a body.
_LOCAL_UNIT = re.compile(
    rf"^(省|市(?!场)|县)[\u4e00-\u9fff]*{_BODY}$"
    rf"|^[\u4e00-\u9fff]{{2,6}}?(市|县|区|自治州|盟)(?!场)([\u4e00-\u9fff]*{_BODY})?$"
)


def _names(value: str | None) -> list[str]:
    return [name for name in _SPLIT.split(value or "") if name]


def _is_local(name: str) -> bool:
    """Whether a name the lists do not know is clearly a provincial, city or county body."""
    name = reference.normalise(name)
    if name.startswith(_NATIONAL):
        return False
    region = reference.region_prefix(name)
    if region:
        rest = name[len(region) :]
        return not rest or rest.startswith(tuple(VOCABULARY["region_levels"])) or bool(re.search(_BODY + "$", rest))
    return bool(_LOCAL_UNIT.search(name))


@predicate("ministry.local")
def ministry_local(ctx: Context) -> Iterator[Hit]:
    """On 附件1 the competent authority is not a provincial or city body."""
    for name in _names(ctx.value("ministry")):
        if not reference.ministry(name) and not reference.former_ministry(name) and _is_local(name):
            yield {"name": name}


@predicate("ministry.former")
def ministry_former(ctx: Context) -> Iterator[Hit]:
    """On 附件1 the competent authority is not a body abolished or merged since."""
    for name in _names(ctx.value("ministry")):
        former = reference.former_ministry(name)
        if former and not reference.ministry(name):
            successor, change = former.get("successor") or "", former.get("change") or "reform"
            # a renamed body's message already names the new name; a body with no successor in the State Council
            # (监察部) leaves the clerk to name the ministry that took the field over
            instead = "present_name" if change == "renamed" else "successor" if successor else "no_successor"
            yield {
                "name": name,
                "change": words.entry("ministry_change", change, year=former["reform"], successor=successor),
                "instead": words.entry("ministry_change", instead, successor=successor),
            }


@predicate("ministry.unlisted")
def ministry_unlisted(ctx: Context) -> Iterator[Hit]:
    """On 附件1 the competent authority is a national ministry we know of."""
    for name in _names(ctx.value("ministry")):
        if not reference.ministry(name) and not reference.former_ministry(name) and not _is_local(name):
            yield {"name": name}


@predicate("domain.official")
def domain_official(ctx: Context) -> Iterator[Hit]:
    """Once the official catalogue is loaded, the field of the topic is in it."""
    name = ctx.value("domain")
    if name and reference.official_catalogue() and not reference.in_official_catalogue(name):
        yield {"name": name}


@predicate("domain.unlisted")
def domain_unlisted(ctx: Context) -> Iterator[Hit]:
    """Until the official catalogue is loaded, a field outside our reference lists gets a second look."""
    name = ctx.value("domain")
    if name and not reference.official_catalogue() and not reference.in_catalogue(name):
        yield {"name": name}


# ---- phone numbers: the notice sets no format, so these are warnings -------------

_LANDLINE = re.compile(r"^((\+?86-?)?0?\d{2,3}-\d{7,8}|0\d{9,11}|[2-9]\d{6,7})((-|转|ext\.?|x)\d{1,6})?$", re.I)
_SERVICE = re.compile(r"^(400|800)-?\d{3}-?\d{4}$|^95\d{3,6}$|^1[0-2]\d{3}$")  # 400/800 lines, 95xxx and 12xxx hotlines
_MOBILE = re.compile(r"^(\+?86-?)?1[3-9]\d{9}$")
_NO_FAX = set(VOCABULARY["no_fax"])
_WIDE = str.maketrans("０１２３４５６７８９－（）＋　", "0123456789-()+ ")


def phone_numbers(value: str) -> list[str]:
    """The numbers of a phone cell, written uniformly: 0591-87543855, 13805012345, 0591-87543855-8001."""
    value = value.translate(_WIDE).replace("—", "-").replace("–", "-")
    value = re.sub(r"\(\s*(0\d{2,3})\s*\)\s*", r"\1-", value)
    numbers = []
    for number in re.split(r"[、，,；;/／]+|\s{2,}|\n", value):
        number = number.strip()
        if not number:
            continue
        number = re.sub(r"^\+?86[\s-]+", "+86-", number)  # +86 591 87543855
        number = re.sub(r"^(\+86-)?(0?\d{2,3})\s+(?=\d)", lambda m: (m[1] or "") + m[2] + "-", number)  # 0591 87543855
        number = re.sub(r"^((\+86-)?0\d{2,3}-\d{7,8})\s+(\d{1,6})$", r"\1-\3", number)  # 0591-87543855 8001: an extension
        number = re.sub(r"(?<=\d)[\s.]+(?=\d)", "", number)  # 138 0501 2345, 8754 3855
        number = re.sub(r"\s*(转|ext\.?|x)\s*", r"\1", number, flags=re.I)
        numbers.append(number.replace("+86-", "+86").replace(" ", ""))
    return numbers


def _bad_numbers(ctx: Context, kind: str, ok: Callable[[str], bool]) -> Iterator[Hit]:
    """A hit for each field of type `kind` whose value is not `ok`."""
    for field in ctx.form.fields:
        value = ctx.value(field.id)
        if field.type == kind and value and not ok(value):
            yield {"field": field.id, "label": ctx.label(field.id), "value": value}


def is_landline(number: str) -> bool:
    grouped = re.sub(r"(?<=\d)-(?=\d{4}$)", "", number)  # 0591-8754-3855 is 0591-87543855
    return any(_LANDLINE.match(n) for n in (number, grouped)) or bool(_SERVICE.match(number))


def is_mobile(number: str) -> bool:
    return bool(_MOBILE.match(number.replace("-", "")))


@predicate("phone.landline")
def phone_landline(ctx: Context) -> Iterator[Hit]:
    """Office phones look like phone numbers (a landline, with or without area code, or a mobile)."""
    yield from _bad_numbers(ctx, "phone", lambda value: all(is_landline(n) or is_mobile(n) for n in phone_numbers(value)))


@predicate("phone.mobile")
def phone_mobile(ctx: Context) -> Iterator[Hit]:
    """Mobile numbers have 11 digits and start with 13–19."""
    yield from _bad_numbers(ctx, "mobile", lambda value: all(is_mobile(n) for n in phone_numbers(value)))


@predicate("phone.fax")
def phone_fax(ctx: Context) -> Iterator[Hit]:
    """Fax numbers look like landlines, or say there is none (无)."""
    yield from _bad_numbers(ctx, "fax", lambda value: value.strip().lower() in _NO_FAX or all(is_landline(n) for n in phone_numbers(value)))


# ---- 研修内容和方式 (二（二）) ---------------------------------------------------

_ONLINE = tuple(VOCABULARY["online"])
_OFFLINE = tuple(VOCABULARY["offline"])


@predicate("content.methods")
def content_methods(ctx: Context) -> Iterator[Hit]:
    """研修内容和方式 names at least one of the ways the notice lists."""
    content, methods = ctx.value("content"), ctx.edition.methods
    if content and not any(method in content for method in methods):
        yield {}  # methods is a fact of the edition


@predicate("content.offline")
def content_offline(ctx: Context) -> Iterator[Hit]:
    """A course that mentions online teaching also says how it is mainly in person."""
    content = ctx.value("content") or ""
    online = next((word for word in _ONLINE if word in content), None)
    if online and not any(word in content for word in _OFFLINE):
        yield {"word": online}


# ---- eligibility (三（一）): questions, not cells ---------------------------------


@predicate("eligibility.invoice")
def eligibility_invoice(ctx: Context) -> Iterator[Hit]:
    """An enterprise host can issue a training-fee invoice."""
    if ctx.value("host_is_enterprise") is True and ctx.value("can_invoice") is False:
        yield {}


@predicate("eligibility.invoice_unanswered")
def eligibility_invoice_unanswered(ctx: Context) -> Iterator[Hit]:
    """An enterprise host answers the invoice question."""
    if ctx.value("host_is_enterprise") is True and ctx.value("can_invoice") is None:
        yield {}


@predicate("eligibility.unfinished")
def eligibility_unfinished(ctx: Context) -> Iterator[Hit]:
    """The host did not leave last year's course unfinished (原则上不推荐)."""
    if ctx.value("unfinished_previous") is True:
        yield {}  # prev_year is a fact of the edition


# ---- who fills what (附件4第2条, 第3条) and the deadline (三（三）) ------------------


@predicate("national.leave_blank")
def national_leave_blank(ctx: Context) -> Iterator[Hit]:
    """On 附件1 the institution leaves 申报单位, 申报时间 and 申报单位信息 blank."""
    for field in ctx.form.fields:
        if field.filled_by("national") == "hrss" and ctx.value(field.id) is not None:
            yield {"field": field.id, "label": ctx.label(field.id)}


@predicate("provincial.deadline")
def provincial_deadline(ctx: Context) -> Iterator[Hit]:
    """附件2 is dated no later than the provincial deadline."""
    declared, deadline = ctx.value("declared_on"), ctx.level.deadline
    if declared and declared > deadline:
        yield {"declared": editions.dates(declared)}  # deadline is a fact of the edition, written the same way


@predicate("date.year")
def date_year(ctx: Context) -> Iterator[Hit]:
    """A date the institution fills in (申报时间) falls in the edition's year (办班时间 has period.year)."""
    for field in ctx.form.fields:
        value = ctx.value(field.id)
        if field.type == "date" and field.filled_by(ctx.form.id) == "institution" and value and value.year != ctx.edition.year:
            yield {"field": field.id, "label": ctx.label(field.id), "year": ctx.edition.year, "date": editions.dates(value)}


# ---- what Excel can store ----------------------------------------------------


@predicate("text.unstorable")
def text_unstorable(ctx: Context) -> Iterator[Hit]:
    """Text holds no characters an .xlsx file cannot store (they are replaced on export)."""
    for field in ctx.form.fields:
        texts = _texts(ctx.value(field.id))
        if any(drafts.UNSTORABLE.search(text) for text in texts):
            yield {"field": field.id, "label": ctx.label(field.id)}


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for entry in value.values() for text in _texts(entry)]
    return []


# ---- running them ------------------------------------------------------------


FAILED = "check.failed"
# The ids of the rules that raised since an adapter last cleared this (the browser's worker starts a restored Python
# afresh when one did: a check that fails there may be the restore's fault).
crashed: list[str] = []


def run(rule_: Rule, ctx: Any, form: str, edition: Edition) -> list[Finding]:
    """The findings of one rule; a rule that raises gives one fault finding instead: a failure of this tool, never an
    error of the application, and the other rules still run."""
    try:
        return [finding(rule_, form, edition, hit) for hit in rule_.check(ctx)]
    except Exception as err:
        traceback.print_exc(file=sys.stderr)  # for whoever reports it: the console of the browser, the terminal
        crashed.append(rule_.id)
        return [Finding(FAILED, FAULT, None, {"rule": rule_.id, "error": type(err).__name__})]


def check(app: drafts.Application, problems: list[tuple[str, str, Any]] | None = None) -> list[Finding]:
    """Run every rule that applies to the application's form; the findings in the form's reading order (by field,
    then in the rules' declared order; those of no field of the form last)."""
    found = []
    ctx = Context(app, problems or [])
    for rule_ in RULES:
        if app.form.id in rule_.forms:
            found += run(rule_, ctx, app.form.id, app.edition)
    place = {field.id: i for i, field in enumerate(app.form.fields)}
    return sorted(found, key=lambda f: place.get(f.field, len(place)))  # stable: a field's findings keep the rules' order


@dataclass(frozen=True)
class Examined:
    """A draft read once: its cleaned application and its findings, or why it is no application (and that finding)."""

    app: drafts.Application | None
    findings: list[Finding]
    error: ReadError | None = None


def examine(draft: Any) -> Examined:
    """Read a draft (any JSON value) once and check it; never raises. Web, command line and batch all start here."""
    try:
        read = drafts.read(draft)
    except ReadError as err:
        rule_, edition = RULE["draft.envelope"], editions.load()
        return Examined(None, [finding(rule_, FORMS[0], edition, hit) for hit in rule_.check(Context(None, error=err))], err)
    return Examined(read.app, check(read.app, read.problems))


def validate(draft: Any) -> list[Finding]:
    """Check a draft (any JSON value) and return its findings; never raises."""
    return examine(draft).findings


RULES: list[Rule] = declared("application")
RULE: dict[str, Rule] = {r.id: r for r in RULES}
