"""The official tables as cells: which cell holds which field, what each cell says, and how to read it back.

Shared by every renderer of 附件1/附件2/附件3 (Excel, the HTML blank and print forms) so that
they lay the forms out the same way and read back what they wrote.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core import drafts, editions, forms
from ..core.bilingual import Bilingual
from ..core.reference import VOCABULARY
from ..core.types import PAPER, cn_date, is_blank_date, parse_cn_date, printed_pattern
from ..core.words import WORDS
from . import widths

TICKED, UNTICKED = "☑", "☐"
# Marks people type when they tick a box by hand in Excel or WPS.
_TICK_MARKS = "☑☒✔✓√■▣●"
_BOX = f"[{UNTICKED}{_TICK_MARKS}□]"

# ---- cell texts: each field's value as it stands in its cell, and back ----------


def _box(ticked: bool) -> str:
    return TICKED if ticked else UNTICKED


def _is_ticked(mark: str) -> bool:
    return mark in _TICK_MARKS


def _pick(field: forms.Field, marks: list[str]) -> Any:
    """The ticked options: one id, a list when the person ticked more, None when none."""
    chosen = [o.id for o, mark in zip(field.options, marks) if _is_ticked(mark)]
    return chosen[0] if len(chosen) == 1 else chosen or None


def choice_text(form: forms.Form, field: forms.Field, value: Any, app: drafts.Application) -> str:
    """A choice as printed, an option's blank filled by its detail: ☐财政资助项目　☑自筹经费项目（自筹经费来源：…）."""
    chosen = value if isinstance(value, list) else [value]
    parts = []
    for option in field.options:
        text = option.name.zh
        if option.detail:
            detail = form.field(option.detail)
            text = detail.printed.format(blank=app.get(detail.id) or detail.blank)
        parts.append(f"{_box(option.id in chosen)}{text}")
    return PAPER["choice_sep"].join(parts)


def _read_choice(form: forms.Form, field: forms.Field, text: str) -> dict[str, Any]:
    """A choice cell back: the ticked option (a list when more are ticked) and what fills an option's blank."""
    pieces, details = [], []
    for i, option in enumerate(field.options):
        if option.detail:
            detail = form.field(option.detail)
            details.append(detail)
            words = printed_pattern(detail.printed).replace("(?P<blank>", f"(?P<{detail.id}>")
        else:
            words = re.escape(option.name.zh)
        pieces.append(rf"(?P<box{i}>{_BOX})\s*{words}")
    match = re.fullmatch(r"\s*".join(pieces), text.strip(), re.S)
    if not match:
        return {field.id: text, **{d.id: None for d in details}}
    found = {field.id: _pick(field, [match[f"box{i}"] for i in range(len(field.options))])}
    for detail in details:
        found[detail.id] = match[detail.id].strip(" " + detail.blank) or None
    return found


def topic_text(option: forms.Option, entry: dict[str, Any] | None) -> str:
    """One line of 是否符合选题范围: ☑服务重大战略：…"""
    entry = entry or {}
    return PAPER["topic"].format(box=_box(entry.get("ticked", False)), option=option.name.zh, text=entry.get("text", ""))


def _read_topic(option: forms.Option, text: str) -> dict[str, Any] | None:
    match = re.fullmatch(rf"({_BOX})\s*{re.escape(option.name.zh)}\s*[：:]?(.*)", text.strip(), re.S)
    if not match:
        return {"ticked": False, "text": text.strip()} if text.strip() else None
    entry = {"ticked": _is_ticked(match[1]), "text": drafts.normalise_text(match[2])}
    return entry if entry["ticked"] or entry["text"] else None


def longtext_text(form: forms.Form, field: forms.Field, value: str | None, app: drafts.Application) -> str:
    """A long-text cell: the official help first, then the text (and, in 培训对象, the trainee sentence)."""
    parts = [field.help(form.id), value or "", added_sentence(form, field, value, app)]
    return "\n".join(p for p in parts if p)


def added_sentence(form: forms.Form, field: forms.Field, value: str | None, app: drafts.Application) -> str:
    """What a long-text cell adds after its text (培训对象): the scope and the planned count, or what the text does not say."""
    trainees = next((f for f in form.fields if f.written_into == field.id), None)
    n = app.get(trainees.id) if trainees else None
    return _trainee_sentence(app.edition, form.id, value or "", n) if isinstance(n, int) else ""


_SAID_COUNT = re.compile(VOCABULARY["trainees_count"])


def _said_count(text: str) -> int | None:
    """The number of trainees a text says (计划招收40人, 招收学员40名), the last it says; None when it says none."""
    counts = _SAID_COUNT.findall(_compact(text))
    return int(counts[-1]) if counts else None


def _trainee_sentence(edition: editions.Edition, form: str, text: str, n: int) -> str:
    """What follows `text` in its cell for a planned count of `n`: 面向全省招收学员，计划招收40人。, or the part it lacks."""
    parts = []
    # a text that names any level's scope (面向全国 on a provincial form) says its own: adding ours would contradict it
    if not any(level.recruit.zh in _compact(text) for level in edition.levels.values()):
        parts.append(PAPER["trainees_scope"].format(recruit=edition.level_of(form).recruit.zh))
    if _said_count(text) != n:
        parts.append(PAPER["trainees_count"].format(n=n))
    return PAPER["trainees_sep"].join(parts) + PAPER["trainees_end"] if parts else ""


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _read_longtext(form: forms.Form, field: forms.Field, edition: editions.Edition, text: str) -> dict[str, Any]:
    text = drafts.normalise_text(text)
    found: dict[str, Any] = {}
    help_text = field.help(form.id)
    if help_text and text.startswith(help_text):
        text = text[len(help_text) :].lstrip("\n")
    if any(f.written_into == field.id for f in form.fields):
        before, _, last = text.rpartition("\n")
        n = _said_count(last) or _said_count(before)
        if n and _trainee_sentence(edition, form.id, before, n) == last:
            found["trainees"], text = n, before  # the line this tool added: exactly what it adds to the text before it
        elif (n := _said_count(text)) is not None:
            found["trainees"] = n  # the person's own words said it all, so nothing was added
    found[field.id] = drafts.normalise_text(text) or None
    return found


# ---- the layout: which cells hold which field --------------------------------

# Column widths of 附件1 and 附件2, in Excel's character units; the Word files use them as proportions.
# 附件3's columns are as wide as what they hold (summary_plan).
APP_WIDTHS = {"A": 12, "B": 11, "C": 26, "D": 11, "E": 26}  # block label, label, value, label, value


@dataclass
class Piece:
    """One merged range of a table row: a label, or the value of a field (or of one option)."""

    first: str
    last: str
    label: Bilingual | None = None  # a label's words (None for a value)
    field: str | None = None
    option: str | None = None


@dataclass
class Row:
    """One row of the table and the pieces it is made of."""

    pieces: list[Piece]
    tall: bool = False
    block: Bilingual | None = None  # the label of the block it belongs to, merged down column A


@dataclass
class Layout:
    """The rows of 附件1 or 附件2, with block labels merged down column A."""

    rows: list[Row] = field(default_factory=list)
    first_row: int = 5

    def cells(self) -> dict[tuple[str, str | None], str]:
        """Map (field, option) to the coordinate of its value cell."""
        found = {}
        for number, row in enumerate(self.rows, self.first_row):
            for piece in row.pieces:
                if piece.field:
                    found[(piece.field, piece.option)] = f"{piece.first}{number}"
        return found


def layout(form: forms.Form) -> Layout:
    """Lay the form's table out as the official one: label | value (| label | value)."""
    groups = forms.groups()
    fields = [f for f in form.fields if f.in_table]

    def label(f: forms.Field, col: str) -> Piece:
        return Piece(col, col, Bilingual.each(lambda lang: f.label(form.id, lang)))

    result = Layout()
    i = 0
    while i < len(fields):
        f = fields[i]
        nxt = fields[i + 1] if i + 1 < len(fields) else None
        if f.type == "topics":
            for option in f.options:
                result.rows.append(
                    Row([Piece("B", "E", field=f.id, option=option.id)], block=Bilingual.each(lambda lang, f=f: f.label(form.id, lang)))
                )
        elif f.group:
            if f.half and nxt and nxt.half and nxt.group == f.group:
                pieces = [label(f, "B"), Piece("C", "C", field=f.id), label(nxt, "D"), Piece("E", "E", field=nxt.id)]
                i += 1
            else:
                pieces = [label(f, "B"), Piece("C", "E", field=f.id)]
            result.rows.append(Row(pieces, block=groups[f.group]))
        elif f.half and nxt and nxt.half and not nxt.group:
            result.rows.append(Row([label(f, "A"), Piece("B", "C", field=f.id), label(nxt, "D"), Piece("E", "E", field=nxt.id)]))
            i += 1
        else:
            result.rows.append(Row([label(f, "A"), Piece("B", "E", field=f.id)], tall=f.type == "longtext"))
        i += 1
    return result


# ---- one application's cells ----------------------------------------------------


def heading_lines(app: drafts.Application) -> tuple[str, str]:
    """The two lines above the table: 申报单位：…（盖章） and 申报时间：…"""
    return PAPER["declarant"].format(name=app.get("declarant") or ""), PAPER["declared_on"].format(date=cn_date(app.get("declared_on")))


def cell_text(form: forms.Form, app: drafts.Application, piece: Piece) -> str:
    """What the value cell of `piece` says for this application."""
    f = form.field(piece.field)
    value = app.get(f.id)
    if f.filled_by(form.id) == "reviewer":
        return "\n".join(filter(None, [value, PAPER["review_foot"]]))
    if f.type == "topics":
        return topic_text(f.option(piece.option), (value or {}).get(piece.option))
    if any(o.detail for o in f.options):
        return choice_text(form, f, value, app)
    if f.type == "longtext":
        return longtext_text(form, f, value, app)
    return f.kind.cell_text(value)


def read_cells(form: forms.Form, edition: editions.Edition, line3: str, line4: str, text_at: Callable[[str], str]) -> dict[str, Any]:
    """The draft data of a filled form, from its heading lines and `text_at(coordinate)` of each value cell."""
    values: dict[str, Any] = {}
    declarant = re.fullmatch(printed_pattern(PAPER["declarant"]), line3.strip(), re.S)
    if declarant and declarant["name"].strip():
        values["declarant"] = declarant["name"].strip()
    declared = re.fullmatch(printed_pattern(PAPER["declared_on"]), line4.strip(), re.S)
    declared = (declared["date"] if declared else line4).strip()
    if not is_blank_date(declared):
        values["declared_on"] = parse_cn_date(declared) or declared

    for (field_id, option), coordinate in layout(form).cells().items():
        f = form.field(field_id)
        text = drafts.normalise_text(text_at(coordinate))
        if f.type == "topics":
            entry = _read_topic(f.option(option), text)
            if entry:
                values.setdefault(field_id, {})[option] = entry
        elif any(o.detail for o in f.options):
            values.update(_read_choice(form, f, text))
        elif f.filled_by(form.id) == "reviewer":
            values[field_id] = text.removesuffix(PAPER["review_foot"]).strip() or None
        elif f.type == "longtext":
            values.update(_read_longtext(form, f, edition, text))
        else:
            values[field_id] = f.kind.read_cell(text)
    return values


# ---- what stands above the tables, and the files' names --------------------------


def attachment_mark(edition: editions.Edition, key: str) -> str:
    """附件1, 附件2, 附件3: the mark in the top-left corner of each form (key: national, provincial, summary)."""
    return PAPER["attachment"].format(n=edition.attachments[key]["number"])


def document_title(edition: editions.Edition, key: str) -> str:
    """附件1 专业技术人才知识更新工程2025年高级研修项目申报表: the title Office shows in a file's properties."""
    return f"{attachment_mark(edition, key)} {edition.attachments[key]['title']}"


def summary_plan(rows: list[list[str]], year: int | None = None) -> list[widths.Column]:
    """What each column of 附件3 must hold, for its width: 序号, then each column's texts; phone numbers never wrap."""
    columns = forms.summary_columns(year)
    texts = [[str(n) for n in range(1, len(rows) + 1)], *([row[i] for row in rows] for i in range(len(columns) - 1))]
    return [widths.Column(c.name.zh, tuple(t), whole=c.each_line or i == 0) for i, (c, t) in enumerate(zip(columns, texts))]


def summary_lines(edition: editions.Edition, unit: str, date: dt.date | None) -> tuple[str, str]:
    """The two lines above 附件3: 主管部门或申报单位（盖章）：… and 填表日期：…"""
    header = {h["id"]: h["zh"] for h in forms.summary_header(edition.year)}
    return (
        PAPER["field_value"].format(label=header["unit"], value=drafts.storable(unit)),
        PAPER["field_value"].format(label=header["date"], value=cn_date(date)),
    )


# ---- 审核记录: the department's record of a batch -----------------------------------

REVIEW_KEYS = ("number", "file", "severity", "rule", "field", "message", "clause")
# 序号, 级别 and 规则 stay on one line; the file name, 栏目, the message and 条款 wrap where they must
REVIEW_WHOLE = (True, False, True, True, False, False, False)
REVIEW_CAPS = (4, 40, 8, 30, 16, 80, 16)


def _field_label(entry: Any, field_id: str | None) -> str:
    """The 栏目 of a finding as the form names it (项目名称; a topic by its own words, 突出数字技术), or its id where the
    form has no such field."""
    if not field_id:
        return ""
    form = entry.app.form if entry and entry.app else None
    name, _, part = field_id.partition(".")
    if not form or not form.has(name):
        return field_id
    field = form.field(name)
    option = field.option(part) if part else None
    return option.name["zh"] if option else field.label(form.id)


def _finding_cells(entry: Any, finding: Any) -> list[str]:
    return [WORDS["zh"]["form"][finding.severity], finding.rule, _field_label(entry, finding.field), finding.zh, finding.clause.zh]


def review_rows(entries: list[Any], findings: list[Any]) -> list[list[str]]:
    """The rows of 审核记录 (columns REVIEW_KEYS), in the forms' language: first the batch's own findings (the
    deadline of 填表日期, mixed levels, duplicates …) under 本批, then every file of the batch, one row per
    finding, why it could not be read, or that nothing was found. Excel and Word write the same rows."""
    said = WORDS["zh"]["review"]  # a department's record, in the forms' language
    whole = [["", said["batch"], *_finding_cells(None, f)] for f in findings] or [["", said["batch"], "", "", "", said["none"], ""]]
    rows = whole
    for number, entry in enumerate(entries, 1):
        if entry.error:
            lines = [[said["unreadable"], "", "", entry.error["zh"], ""]]
        elif entry.findings:
            lines = [_finding_cells(entry, f) for f in entry.findings]
        else:
            lines = [["", "", "", said["none"], ""]]
        rows += [[str(number), entry.source, *line] for line in lines]
    return rows


def review_plan(rows: list[list[str]]) -> list[widths.Column]:
    """What each column of 审核记录 must hold, for its width."""
    titles = [WORDS["zh"]["review"][key] for key in REVIEW_KEYS]
    return [
        widths.Column(title, tuple(row[i] for row in rows), whole, cap)
        for i, (title, whole, cap) in enumerate(zip(titles, REVIEW_WHOLE, REVIEW_CAPS))
    ]


# ---- file names ----------------------------------------------------------------

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _safe(text: str, limit: int = 50) -> str:
    text = re.sub(r"\s+", " ", _UNSAFE.sub("", text)).strip(" .")
    return text[:limit]


def filename(app: drafts.Application, suffix: str = ".xlsx") -> str:
    """附件1-专业技术人才知识更新工程2025年高级研修项目申报表-〈项目名称〉.xlsx"""
    attachment = app.edition.attachments[app.form.id]
    name = _safe(app.get("project_name") or "") or PAPER["unnamed"]
    return f"{attachment_mark(app.edition, app.form.id)}-{attachment['title']}-{name}{suffix}"


def summary_filename(year: int | None = None, unit: str = "", suffix: str = ".xlsx") -> str:
    """附件3-福建省专业技术人才知识更新工程2025年高级研修项目汇总表(-〈单位〉).xlsx"""
    edition = editions.load(year)
    attachment = edition.attachments["summary"]
    tail = f"-{_safe(unit)}" if _safe(unit) else ""
    return f"{attachment_mark(edition, 'summary')}-{attachment['title']}{tail}{suffix}"


PROP = "knowledge-update"  # the prefix of our custom document properties, in Excel and Word alike


def properties(app: drafts.Application) -> dict[str, str]:
    """What a written form is, and the answers that have no cell (是否为企业 …), so that opening it gives them back."""
    extra = {f.id: app.get(f.id) for f in app.form.fields if not f.cell and not f.written_into and app.get(f.id) is not None}
    return {
        "format": drafts.FORMAT,
        "version": str(drafts.VERSION),
        "edition": str(app.edition.year),
        "form": app.form.id,
        "answers": json.dumps(extra, ensure_ascii=False),
    }


def answers(props: dict[str, str], form: forms.Form) -> dict[str, Any]:
    """The answers without a cell that a file's properties carry, those `form` has; none when they cannot be read."""
    try:
        extra = json.loads(props.get("answers") or "{}")
    except ValueError:
        return {}
    return {k: v for k, v in extra.items() if form.has(k)} if isinstance(extra, dict) else {}


def draft_filename(project_name: str = "") -> str:
    """申报草稿-〈项目名称〉.json: a draft saved from the form page."""
    return PAPER["draft_file"].format(name=_safe(project_name) or PAPER["unnamed"])
