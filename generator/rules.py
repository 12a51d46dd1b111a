"""Every check the notice implies, one small function per rule, each with its clause.

A rule yields one dict per problem it finds: the parameters of its message and,
when the problem sits on another field than the rule's first, a `field` key.

Severity policy (stated on the rules page, enforced by tests/test_severity.py):
an error is either what the notice binds, where the cited clause names the
binding words (`Clause.binds`: 应, 须, 需, 不少于, 截止, 仅单选, 填写, 填报,
注明), or a shape error, a value that cannot be what the cell asks (not a date,
an end before the start). Everything this tool infers (formats, its reference
lists, its own questions, observations across a batch) is a warning at most.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import drafts, editions, reference
from . import forms as form_defs
from .editions import Edition, Level
from .findings import ERROR, WARNING, Finding, ReadError
from .forms import FORMS, Form

Hit = dict[str, Any]


@dataclass
class Context:
    """What a rule looks at: the cleaned application, its form, edition and level."""

    app: drafts.Application

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

    def label(self, field_id: str, lang: str = "zh") -> str:
        return self.form.field(field_id).full_label(self.form.id, lang)


@dataclass(frozen=True)
class Rule:
    """A named check: id, severity, fields, the clause it enforces, its message in zh and en."""

    id: str
    severity: str
    fields: tuple[str, ...]
    clause: str | dict[str, str]
    zh: str
    en: str
    forms: tuple[str, ...]
    check: Callable[[Context], Iterable[Hit]]
    shape: bool = False  # an error because the value cannot be what the cell asks, not because of a clause

    def clause_key(self, form: str) -> str:
        """The key (in the edition's clause table) of the clause this rule enforces on `form`."""
        return self.clause[form] if isinstance(self.clause, dict) else self.clause

    def binds(self, form: str, edition: Edition) -> str:
        """The words of the notice that make this rule an error on `form` ("" when none do)."""
        key = self.clause_key(form)
        return edition.clause(key).binds.get(self.id, "") if key in edition.clauses else ""


# What a clause's binding words must contain for a rule to be an error (the notice's own imperatives).
BINDING_WORDS = ("应", "须", "需", "不少于", "截止", "仅单选", "填写", "填报", "注明")


RULES: list[Rule] = []


def rule(
    id: str,
    *,
    severity: str,
    fields: Iterable[str],
    clause: str | dict[str, str],
    zh: str,
    en: str,
    forms: Iterable[str] = FORMS,
    shape: bool = False,
) -> Callable[[Callable[[Context], Iterable[Hit]]], Callable[[Context], Iterable[Hit]]]:
    """Register a check as a rule."""

    def register(check: Callable[[Context], Iterable[Hit]]) -> Callable[[Context], Iterable[Hit]]:
        RULES.append(Rule(id, severity, tuple(fields), clause, zh, en, tuple(forms), check, shape))
        return check

    return register


def finding(rule_: Rule, form: str, edition: Edition, hit: Hit) -> Finding:
    """Turn one hit of a rule into a finding with its messages and clause."""
    params = {k: v for k, v in hit.items() if k != "field"}
    key = rule_.clause_key(form)
    clause = edition.clause(key) if key else None
    field_id = hit.get("field", rule_.fields[0] if rule_.fields else None)
    return Finding(
        rule=rule_.id,
        severity=rule_.severity,
        field=field_id,
        zh=rule_.zh.format(**params),
        en=rule_.en.format(**params),
        clause=clause.ref if clause else "",
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
    field = definition.field(field_id)
    return f"{form}/#{(field.detail_of or field.id).replace('_', '-')}"


# ---- the shape of values ---------------------------------------------------

_KIND_ZH = {
    "text": "文字",
    "date": "日期（如 2025-06-10）",
    "daterange": "起止日期",
    "integer": "正整数",
    "yesno": "是或否",
    "choice": "所列选项之一",
    "topics": "所列选题范围",
}
_KIND_EN = {
    "text": "text",
    "date": "a date (e.g. 2025-06-10)",
    "daterange": "a start and an end date",
    "integer": "a whole number above zero",
    "yesno": "yes or no",
    "choice": "one of the listed options",
    "topics": "the listed topic headings",
}

INVALID = Rule(
    "value.invalid",
    ERROR,
    (),
    "",
    "“{label}”应填写{kind_zh}，现为“{value}”。",
    "“{label_en}” must be {kind_en}; it is “{value_en}”.",
    FORMS,
    lambda ctx: (),
    shape=True,
)
UNKNOWN = Rule(
    "value.unknown",
    WARNING,
    (),
    {"national": "form_national", "provincial": "form_provincial"},
    "{form_zh}没有“{key}”这一栏，其内容不会写入表格。",
    "{form_en} has no field “{key}”; its value will not be written to the form.",
    FORMS,
    lambda ctx: (),
)
ENVELOPE = Rule(
    "draft.envelope",
    ERROR,
    (),
    "",
    "{zh}",
    "{en}",
    FORMS,
    lambda ctx: (),
    shape=True,
)
RULES += [ENVELOPE, INVALID, UNKNOWN]

_LIMIT = 40


def shown_value(raw: Any, lang: str = "zh") -> str:
    """A value as the person typed it, never as JSON: dates as written, a range as "a 至 b", lists joined."""
    if isinstance(raw, bool):
        text = ("是" if raw else "否") if lang == "zh" else ("yes" if raw else "no")
    elif isinstance(raw, str):
        text = raw.strip()
    elif isinstance(raw, (int, float)):
        text = format(raw, "g") if isinstance(raw, float) else str(raw)
    elif isinstance(raw, dict) and set(raw) <= {"start", "end"}:
        ends = [shown_value(raw.get(end), lang) or "…" for end in ("start", "end")]
        text = f"{ends[0]} 至 {ends[1]}" if lang == "zh" else f"{ends[0]} to {ends[1]}"
    elif isinstance(raw, dict):
        text = ("；" if lang == "zh" else "; ").join(
            f"{k}：{shown_value(v, lang)}" if lang == "zh" else f"{k}: {shown_value(v, lang)}" for k, v in raw.items()
        )
    elif isinstance(raw, list):
        text = ("、" if lang == "zh" else ", ").join(shown_value(v, lang) for v in raw)
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


def _shape_findings(app: drafts.Application, problems: list[tuple[str, str, Any]]) -> list[Finding]:
    found = []
    for field_id, kind, raw in problems:
        if kind == "unknown":
            hit = {"field": field_id, "key": field_id, "form_zh": app.form.label("zh"), "form_en": app.form.label("en")}
            found.append(finding(UNKNOWN, app.form.id, app.edition, hit))
            continue
        field = app.form.field(field_id)
        part, raw = _bad_part(kind, raw)
        label, label_en = field.full_label(app.form.id), field.full_label(app.form.id, "en")
        if part:
            kind = "date"
            label += "（开始日期）" if part == "start" else "（结束日期）"
            label_en += " (first day)" if part == "start" else " (last day)"
        hit = {
            "field": field_id,
            "label": label,
            "label_en": label_en,
            "kind_zh": _KIND_ZH.get(kind, kind),
            "kind_en": _KIND_EN.get(kind, kind),
            "value": shown_value(raw, "zh"),
            "value_en": shown_value(raw, "en"),
        }
        found.append(finding(INVALID, app.form.id, app.edition, hit))
    return found


# ---- required cells (附件4第1条: 填报附件1; 附件4第3条: 附件2 需填写所有栏目) ----
# The questions this tool asks outside the table (trainees, eligibility) are not cells: unanswered, they
# are a warning (question.unanswered).

_CELLS = {"national": "instructions_paths", "provincial": "instructions_provincial"}  # the clauses that bind every cell of each form
_EMPTY_ZH = {"choice": "请选择", "yesno": "请选择", "daterange": "请填写"}
_EMPTY_EN = {"choice": "Choose", "yesno": "Answer", "daterange": "Fill in"}


def _missing(ctx: Context, cells: bool) -> Iterator[Hit]:
    for field in ctx.form.fields:
        if field.type == "topics" or field.id in ctx.app.unusable:
            continue  # topics.none, or value.invalid, already says what is wrong
        is_cell = field.raw.get("cell", True)
        if (
            is_cell == cells
            and field.required(ctx.form.id)
            and field.filled_by(ctx.form.id) == "institution"
            and ctx.value(field.id) is None
        ):
            yield {
                "field": field.id,
                "label": ctx.label(field.id),
                "label_en": ctx.label(field.id, "en"),
                "ask": _EMPTY_ZH.get(field.type, "请填写"),
                "ask_en": _EMPTY_EN.get(field.type, "Fill in"),
            }


@rule(
    "required",
    severity=ERROR,
    fields=(),
    clause=_CELLS,
    zh="{ask}“{label}”。",
    en="{ask_en} “{label_en}” ({label}).",
)
def required(ctx: Context) -> Iterator[Hit]:
    """Each cell the institution fills on this form is not empty."""
    yield from _missing(ctx, cells=True)


@rule(
    "question.unanswered",
    severity=WARNING,
    fields=(),
    clause="eligibility",
    zh="{ask}“{label}”：本工具用它来检查通知的要求，它不是表格栏目。",
    en="{ask_en} “{label_en}”: this tool uses it to check the notice's conditions; it is not a cell of the form.",
)
def question_unanswered(ctx: Context) -> Iterator[Hit]:
    """This tool's own questions (not cells of the form) are answered."""
    yield from _missing(ctx, cells=False)


# ---- 办班时间 (二（一）) -------------------------------------------------------


def _period(ctx: Context) -> tuple[Any, Any]:
    period = ctx.value("period") or {}
    return period.get("start"), period.get("end")


@rule(
    "period.incomplete",
    severity=ERROR,
    fields=("period",),
    clause="",
    shape=True,
    zh="办班时间请填写开始和结束两个日期。",
    en="Give both the first and the last day of the course.",
)
def period_incomplete(ctx: Context) -> Iterator[Hit]:
    """Both ends of 办班时间 are given."""
    start, end = _period(ctx)
    if ctx.value("period") and not (start and end):
        yield {}


@rule(
    "period.order",
    severity=ERROR,
    fields=("period",),
    clause="",
    shape=True,
    zh="办班时间的结束日期（{end}）早于开始日期（{start}），请检查。",
    en="The course ends ({end}) before it starts ({start}); check the dates.",
)
def period_order(ctx: Context) -> Iterator[Hit]:
    """办班时间 does not end before it starts."""
    start, end = _period(ctx)
    if start and end and end < start:
        yield {"start": start.isoformat(), "end": end.isoformat()}


@rule(
    "period.year",
    severity=WARNING,
    fields=("period",),
    clause="course_format",
    zh="这是{year}年度的高级研修项目，办班时间却从{start}开始：请核对年份。",
    en="These are the {year} courses, yet this one starts on {start}: check the year.",
)
def period_year(ctx: Context) -> Iterator[Hit]:
    """办班时间 does not start before the edition's year (an end too late is period.finish_by)."""
    start, _ = _period(ctx)
    if start and start.year < ctx.edition.year:
        yield {"year": ctx.edition.year, "start": start.isoformat()}


@rule(
    "period.finish_by",
    severity=ERROR,
    fields=("period",),
    clause="course_format",
    zh="应在{finish_by}之前完成办班，现结束于{end}。（本工具把“之前”理解为含当天。）",
    en="Courses must be finished by {finish_by_en} (this tool reads 之前 as including that day); this one ends on {end}.",
)
def period_finish_by(ctx: Context) -> Iterator[Hit]:
    """The course ends by the finish-by date of the notice, that day included."""
    _, end = _period(ctx)
    limit = ctx.edition.finish_by
    if end and end > limit:
        yield {
            "finish_by": f"{limit.year}年{limit.month}月{limit.day}日",
            "finish_by_en": f"{limit.day} {limit:%B} {limit.year}",
            "end": end.isoformat(),
        }


@rule(
    "period.length",
    severity=WARNING,
    fields=("period",),
    clause="course_format",
    zh="{level}高级研修项目每期研修时间一般为{days_text}（含报到返程时间），现为{days}天。",
    en="{level_en} courses as a rule last {days_text_en}, arrival and departure included; this one lasts {days} days.",
)
def period_length(ctx: Context) -> Iterator[Hit]:
    """National: 5 to 7 days; provincial: about 4 days (3 to 5); both counting arrival and departure."""
    start, end = _period(ctx)
    if not (start and end) or end < start:
        return
    days = (end - start).days + 1
    low, high = ctx.level.days
    if not low <= days <= high:
        level = ctx.level
        yield {
            "level": level.name,
            "level_en": level.name_en,
            "days_text": level.days_text,
            "days_text_en": level.days_text_en,
            "days": days,
        }


# ---- 学员数量 (二（一）): the official tables have no count cell ---------------


@rule(
    "trainees.about",
    severity=WARNING,
    fields=("trainees",),
    clause="course_format",
    zh="国家级高级研修项目学员数量在{about}人左右，现计划{n}人。",
    en="National courses take about {about} trainees; {n} are planned.",
    forms=("national",),
)
def trainees_about(ctx: Context) -> Iterator[Hit]:
    """National: about 50 trainees (we warn outside 40–60)."""
    n, level = ctx.value("trainees"), ctx.level
    if n and level.trainees_about and abs(n - level.trainees_about) > level.trainees_tolerance:
        yield {"about": level.trainees_about, "n": n}


@rule(
    "trainees.minimum",
    severity=ERROR,
    fields=("trainees",),
    clause="course_format",
    zh="省级高级研修项目学员数量不少于{minimum}人，现计划{n}人。",
    en="Provincial courses take no fewer than {minimum} trainees; only {n} are planned.",
    forms=("provincial",),
)
def trainees_minimum(ctx: Context) -> Iterator[Hit]:
    """Provincial: at least 30 trainees."""
    n, minimum = ctx.value("trainees"), ctx.level.trainees_min
    if n and minimum and n < minimum:
        yield {"minimum": minimum, "n": n}


# ---- 选题范围 (一) ------------------------------------------------------------


def _topics(ctx: Context) -> dict[str, dict[str, Any]]:
    return ctx.value("topics") or {}


@rule(
    "topics.none",
    severity=ERROR,
    fields=("topics",),
    clause=_CELLS,
    zh="请至少勾选一项选题范围（服务重大战略、对接产业需求、突出数字技术），并说明理由。",
    en="Tick at least one topic heading (major strategies, industry needs, digital technology) and explain how the course fits it.",
)
def topics_none(ctx: Context) -> Iterator[Hit]:
    """At least one of the three topic boxes is ticked."""
    if not any(entry["ticked"] for entry in _topics(ctx).values()):
        yield {}


@rule(
    "topics.unexplained",
    severity=ERROR,
    fields=("topics",),
    clause=_CELLS,
    zh="已勾选“{option}”，请在其后说明项目如何符合。",
    en="“{option_en}” is ticked: explain after it how the course fits.",
)
def topics_unexplained(ctx: Context) -> Iterator[Hit]:
    """Each ticked topic box has its explanation."""
    field = ctx.form.field("topics")
    for option in field.options:
        entry = _topics(ctx).get(option.id)
        if entry and entry["ticked"] and not entry["text"]:
            yield {"field": f"topics.{option.id}", "option": option.zh, "option_en": option.en}


@rule(
    "topics.unticked",
    severity=WARNING,
    fields=("topics",),
    clause="topic_scope",
    zh="“{option}”后填写了说明但未勾选：请勾选，或删去说明。",
    en="“{option_en}” has an explanation but is not ticked: tick it or remove the text.",
)
def topics_unticked(ctx: Context) -> Iterator[Hit]:
    """No explanation stands beside an unticked box."""
    for option in ctx.form.field("topics").options:
        entry = _topics(ctx).get(option.id)
        if entry and not entry["ticked"] and entry["text"]:
            yield {"field": f"topics.{option.id}", "option": option.zh, "option_en": option.en}


# ---- 申报项目类别 (附件1, 三（二）) ---------------------------------------------


@rule(
    "funding.single",
    severity=ERROR,
    fields=("funding",),
    clause="form_national",
    zh="申报项目类别仅可单选：财政资助项目或自筹经费项目，只选一项。",
    en="Choose exactly one funding category: government-funded or self-funded.",
    forms=("national",),
)
def funding_single(ctx: Context) -> Iterator[Hit]:
    """申报项目类别 has exactly one box ticked (仅单选)."""
    if isinstance(ctx.value("funding"), list):
        yield {}


@rule(
    "funding.source",
    severity=ERROR,
    fields=("funding_source",),
    clause="funding",
    zh="自筹经费项目须注明自筹经费来源。",
    en="A self-funded course must state where the funds come from (自筹经费来源).",
    forms=("national",),
)
def funding_source(ctx: Context) -> Iterator[Hit]:
    """A self-funded project states the source of its funds."""
    if ctx.value("funding") == "self" and not ctx.value("funding_source"):
        yield {}


# ---- 是否继续教育基地 (附件1, 附件2) --------------------------------------------


@rule(
    "base.batch",
    severity=ERROR,
    fields=("base_batch",),
    clause=_CELLS,
    zh="国家级继续教育基地请填写批次（是第几批）。",
    en="For a national continuing-education base, give its batch number.",
)
def base_batch(ctx: Context) -> Iterator[Hit]:
    """A national continuing-education base gives its batch."""
    if ctx.value("base") == "national" and not ctx.value("base_batch"):
        yield {}


_BATCH = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3})$")


@rule(
    "base.batch_format",
    severity=WARNING,
    fields=("base_batch",),
    clause={"national": "form_national", "provincial": "form_provincial"},
    zh="基地批次应是一个数字，如 3 或 三，现为“{batch}”。",
    en="The batch should be a number such as 3; it is “{batch}”.",
)
def base_batch_format(ctx: Context) -> Iterator[Hit]:
    """The batch of a national base is a number."""
    batch = ctx.value("base_batch")
    if ctx.value("base") == "national" and batch and not _BATCH.match(batch.removeprefix("第").removesuffix("批")):
        yield {"batch": batch}


# ---- 行业主管部门 (附件4第5条) and 行业领域 (附件4第4条) --------------------------

_SPLIT = re.compile(r"[、，,；;/／\s]+")
# A name that starts like one of these is national even when a local marker follows (国家市场…, 国务院办公厅).
_NATIONAL = ("国家", "国务院", "中华人民共和国", "中国", "中央", "全国")
_BODY = r"(厅|局|委|委员会|办|办公室|署|中心|政府)"
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
        return not rest or rest.startswith(("省", "市", "自治区", "特别行政区")) or bool(re.search(_BODY + "$", rest))
    return bool(_LOCAL_UNIT.search(name))


@rule(
    "ministry.local",
    severity=ERROR,
    fields=("ministry",),
    clause="instructions_ministry",
    zh="附件1“选题所属行业主管部门”应填写国家部委，“{name}”是地方部门。请填写对应的国家部委，如教育部、工业和信息化部。",
    en="On 附件1 the competent authority must be a national ministry; “{name}” is a local body. Name the ministry, e.g. 教育部 or 工业和信息化部.",
    forms=("national",),
)
def ministry_local(ctx: Context) -> Iterator[Hit]:
    """On 附件1 the competent authority is not a provincial or city body."""
    for name in _names(ctx.value("ministry")):
        if not reference.ministry(name) and not reference.former_ministry(name) and _is_local(name):
            yield {"name": name}


@rule(
    "ministry.former",
    severity=ERROR,
    fields=("ministry",),
    clause="instructions_ministry",
    zh="“{name}”已不单独设置（{status}），请填写现在的国家部委{successor}。",
    en="“{name}” no longer exists as such ({status}); name today's ministry{successor_en}.",
    forms=("national",),
)
def ministry_former(ctx: Context) -> Iterator[Hit]:
    """On 附件1 the competent authority is not a body abolished or merged since."""
    for name in _names(ctx.value("ministry")):
        former = reference.former_ministry(name)
        if former and not reference.ministry(name):
            successor = former.get("successor") or ""
            yield {
                "name": name,
                "status": former["status"],
                "successor": f"，如“{successor}”" if successor else "",
                "successor_en": f", e.g. {successor}" if successor else "",
            }


@rule(
    "ministry.unlisted",
    severity=WARNING,
    fields=("ministry",),
    clause="instructions_ministry",
    zh="“{name}”不在本工具的国家部委名单中。请核对全称（如“工业和信息化部”），名单见“目录与部委”页。",
    en="“{name}” is not in this tool's list of national ministries. Check the full name (e.g. 工业和信息化部); the list is on the catalogue page.",
    forms=("national",),
)
def ministry_unlisted(ctx: Context) -> Iterator[Hit]:
    """On 附件1 the competent authority is a national ministry we know of."""
    for name in _names(ctx.value("ministry")):
        if not reference.ministry(name) and not reference.former_ministry(name) and not _is_local(name):
            yield {"name": name}


@rule(
    "domain.official",
    severity=WARNING,
    fields=("domain",),
    clause="instructions_catalogue",
    zh="“{name}”不在已载入的官方目录（闽人社文办〔2023〕222号附件1）中：通知要求参考该目录填写，请核对。",
    en="“{name}” is not in the loaded official catalogue (闽人社文办〔2023〕222号, attachment 1), which the notice asks applicants to refer to: please check.",
)
def domain_official(ctx: Context) -> Iterator[Hit]:
    """Once the official catalogue is loaded, the field of the topic is in it."""
    name = ctx.value("domain")
    if name and reference.official_catalogue() and not reference.in_official_catalogue(name):
        yield {"name": name}


@rule(
    "domain.unlisted",
    severity=WARNING,
    fields=("domain",),
    clause="instructions_catalogue",
    zh="“{name}”不在本工具的参考领域中。官方目录（闽人社文办〔2023〕222号附件1）尚未载入，请对照该目录核实。",
    en="“{name}” is not among this tool's reference fields. The official catalogue (闽人社文办〔2023〕222号) is not loaded: check against it.",
)
def domain_unlisted(ctx: Context) -> Iterator[Hit]:
    """Until the official catalogue is loaded, a field outside our reference lists gets a second look."""
    name = ctx.value("domain")
    if name and not reference.official_catalogue() and not reference.in_catalogue(name):
        yield {"name": name}


# ---- phone numbers: the notice sets no format, so these are warnings -------------

_LANDLINE = re.compile(r"^((\+?86-?)?0?\d{2,3}-\d{7,8}|0\d{9,11}|[2-9]\d{6,7})((-|转|ext\.?|x)\d{1,6})?$", re.I)
_SERVICE = re.compile(r"^(400|800)-?\d{3}-?\d{4}$|^95\d{3,6}$|^1[0-2]\d{3}$")  # 400/800 lines, 95xxx and 12xxx hotlines
_MOBILE = re.compile(r"^(\+?86-?)?1[3-9]\d{9}$")
_NO_FAX = {"无", "暂无", "没有", "none", "n/a", "na", "-", "—", "/", "无传真"}
_WIDE = str.maketrans("０１２３４５６７８９－（）＋　", "0123456789-()+ ")


def _numbers(value: str) -> list[str]:
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
            yield {"field": field.id, "label": ctx.label(field.id), "label_en": ctx.label(field.id, "en"), "value": value}


def _is_landline(number: str) -> bool:
    grouped = re.sub(r"(?<=\d)-(?=\d{4}$)", "", number)  # 0591-8754-3855 is 0591-87543855
    return any(_LANDLINE.match(n) for n in (number, grouped)) or bool(_SERVICE.match(number))


def _is_mobile(number: str) -> bool:
    return bool(_MOBILE.match(number.replace("-", "")))


@rule(
    "phone.landline",
    severity=WARNING,
    fields=("host_phone", "applicant_phone"),
    clause={"national": "form_national", "provincial": "form_provincial"},
    zh="“{label}”看起来不像电话号码（如 0591-87543855），现为“{value}”：请核对。",
    en="“{label_en}” does not look like a phone number (e.g. 0591-87543855); it is “{value}”: please check.",
)
def phone_landline(ctx: Context) -> Iterator[Hit]:
    """Office phones look like phone numbers (a landline, with or without area code, or a mobile)."""
    yield from _bad_numbers(ctx, "phone", lambda value: all(_is_landline(n) or _is_mobile(n) for n in _numbers(value)))


@rule(
    "phone.mobile",
    severity=WARNING,
    fields=("host_mobile", "applicant_mobile"),
    clause={"national": "form_national", "provincial": "form_provincial"},
    zh="“{label}”看起来不像11位手机号码（如 13800000000），现为“{value}”：请核对。",
    en="“{label_en}” does not look like an 11-digit mobile number (e.g. 13800000000); it is “{value}”: please check.",
)
def phone_mobile(ctx: Context) -> Iterator[Hit]:
    """Mobile numbers have 11 digits and start with 13–19."""
    yield from _bad_numbers(ctx, "mobile", lambda value: all(_is_mobile(n) for n in _numbers(value)))


@rule(
    "phone.fax",
    severity=WARNING,
    fields=("host_fax", "applicant_fax"),
    clause={"national": "form_national", "provincial": "form_provincial"},
    zh="“{label}”看起来不像传真号码（如 0591-87543855），没有传真可填“无”；现为“{value}”：请核对。",
    en="“{label_en}” does not look like a fax number (e.g. 0591-87543855), or 无 if there is none; it is “{value}”: please check.",
)
def phone_fax(ctx: Context) -> Iterator[Hit]:
    """Fax numbers look like landlines, or say there is none (无)."""
    yield from _bad_numbers(ctx, "fax", lambda value: value.strip().lower() in _NO_FAX or all(_is_landline(n) for n in _numbers(value)))


# ---- 研修内容和方式 (二（二）) ---------------------------------------------------

_ONLINE = ("线上", "在线", "网络直播", "直播", "视频会议", "远程")
_OFFLINE = ("线下", "现场", "面授", "集中")


@rule(
    "content.methods",
    severity=WARNING,
    fields=("content",),
    clause="course_content",
    zh="研修内容和方式中未写明研修方式。通知列举的方式有：{methods}。",
    en="The content and methods do not name a way of teaching. The notice lists: {methods}.",
)
def content_methods(ctx: Context) -> Iterator[Hit]:
    """研修内容和方式 names at least one of the ways the notice lists."""
    content, methods = ctx.value("content"), ctx.edition.methods
    if content and not any(method in content for method in methods):
        yield {"methods": "、".join(methods)}


@rule(
    "content.offline",
    severity=WARNING,
    fields=("content",),
    clause="course_content",
    zh="项目应以线下研修为主：研修方式提到了“{word}”，请写明线下（现场、集中）研修的安排。",
    en="Courses are to be mainly in person: the methods mention “{word}”; describe the in-person part.",
)
def content_offline(ctx: Context) -> Iterator[Hit]:
    """A course that mentions online teaching also says how it is mainly in person."""
    content = ctx.value("content") or ""
    online = next((word for word in _ONLINE if word in content), None)
    if online and not any(word in content for word in _OFFLINE):
        yield {"word": online}


# ---- eligibility (三（一）): questions, not cells ---------------------------------


@rule(
    "eligibility.invoice",
    severity=ERROR,
    fields=("can_invoice",),
    clause="eligibility",
    zh="企业申报须能开具培训费发票。",
    en="An enterprise may apply only if it can issue an invoice for training fees.",
)
def eligibility_invoice(ctx: Context) -> Iterator[Hit]:
    """An enterprise host can issue a training-fee invoice."""
    if ctx.value("host_is_enterprise") is True and ctx.value("can_invoice") is False:
        yield {}


@rule(
    "eligibility.invoice_unanswered",
    severity=WARNING,
    fields=("can_invoice",),
    clause="eligibility",
    zh="承办单位是企业：请回答能否开具培训费发票。",
    en="The host is an enterprise: say whether it can issue an invoice for training fees.",
)
def eligibility_invoice_unanswered(ctx: Context) -> Iterator[Hit]:
    """An enterprise host answers the invoice question."""
    if ctx.value("host_is_enterprise") is True and ctx.value("can_invoice") is None:
        yield {}


@rule(
    "eligibility.unfinished",
    severity=WARNING,
    fields=("unfinished_previous",),
    clause="eligibility",
    zh="原则上不推荐{prev_year}年未按计划完成高级研修项目任务的承办单位。",
    en="In principle, hosts that did not complete their {prev_year} advanced course as planned will not be recommended.",
)
def eligibility_unfinished(ctx: Context) -> Iterator[Hit]:
    """The host did not leave last year's course unfinished (原则上不推荐)."""
    if ctx.value("unfinished_previous") is True:
        yield {"prev_year": ctx.edition.year - 1}


# ---- who fills what (附件4第2条, 第3条) and the deadline (三（三）) ------------------


@rule(
    "national.leave_blank",
    severity=WARNING,
    fields=("declarant", "declared_on", "applicant_name"),
    clause="instructions_national",
    zh="附件1由省人社厅作为申报单位，培训机构无需填写“{label}”，也无需盖章；请留空。",
    en="On 附件1 the provincial department is the applicant: institutions leave “{label_en}” blank and do not stamp it.",
    forms=("national",),
)
def national_leave_blank(ctx: Context) -> Iterator[Hit]:
    """On 附件1 the institution leaves 申报单位, 申报时间 and 申报单位信息 blank."""
    for field in ctx.form.fields:
        if field.filled_by("national") == "hrss" and ctx.value(field.id) is not None:
            yield {"field": field.id, "label": ctx.label(field.id), "label_en": ctx.label(field.id, "en")}


@rule(
    "provincial.deadline",
    severity=ERROR,
    fields=("declared_on",),
    clause="submission",
    zh="申报省级高级研修项目的截止日期为{deadline}，申报时间{declared}已过截止日期。",
    en="Provincial applications close on {deadline_en}; the date of application {declared} is after it.",
    forms=("provincial",),
)
def provincial_deadline(ctx: Context) -> Iterator[Hit]:
    """附件2 is dated no later than the provincial deadline."""
    declared, deadline = ctx.value("declared_on"), ctx.level.deadline
    if declared and declared > deadline:
        yield {
            "deadline": f"{deadline.year}年{deadline.month}月{deadline.day}日",
            "deadline_en": deadline.isoformat(),
            "declared": declared.isoformat(),
        }


# ---- what Excel can store ----------------------------------------------------


@rule(
    "text.unstorable",
    severity=WARNING,
    fields=(),
    clause={"national": "form_national", "provincial": "form_provincial"},
    zh="“{label}”含有表格文件无法保存的控制字符，下载时将替换为“{replacement}”。",
    en="“{label_en}” contains control characters that a spreadsheet cannot store; they will be replaced by “{replacement}”.",
)
def text_unstorable(ctx: Context) -> Iterator[Hit]:
    """Text holds no characters an .xlsx file cannot store (they are replaced on export)."""
    for field in ctx.form.fields:
        texts = _texts(ctx.value(field.id))
        if any(drafts.UNSTORABLE.search(text) for text in texts):
            yield {
                "field": field.id,
                "label": ctx.label(field.id),
                "label_en": ctx.label(field.id, "en"),
                "replacement": drafts.REPLACEMENT,
            }


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for entry in value.values() for text in _texts(entry)]
    return []


# ---- running them ------------------------------------------------------------


def check(app: drafts.Application) -> list[Finding]:
    """Run every rule that applies to the application's form."""
    found = []
    ctx = Context(app)
    for rule_ in RULES:
        if app.form.id not in rule_.forms:
            continue
        try:
            hits = list(rule_.check(ctx))
        except Exception as err:  # a bug must not hide the other findings from the user
            hits, found = [], found + [_internal(rule_, app, err)]
        found += [finding(rule_, app.form.id, app.edition, hit) for hit in hits]
    return found


def _internal(rule_: Rule, app: drafts.Application, err: Exception) -> Finding:
    return Finding(
        rule="internal.error",
        severity=ERROR,
        field=None,
        zh=f"检查规则 {rule_.id} 出错（{type(err).__name__}），请向本工具报告此问题。",
        en=f"The check {rule_.id} failed ({type(err).__name__}); please report this to the tool's maintainers.",
    )


def validate(draft: Any) -> list[Finding]:
    """Check a draft (any JSON value) and return its findings; never raises."""
    try:
        form, edition, data = drafts.envelope(draft)
    except ReadError as err:
        return [finding(ENVELOPE, "national", editions.load(), {"zh": err.zh, "en": err.en})]
    app, problems = drafts.clean(form, edition, data)
    return _shape_findings(app, problems) + check(app)
