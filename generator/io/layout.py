"""The official tables as cells: which cell holds which field, what each cell says, and how to read it back.

Shared by every renderer of 附件1/附件2/附件3 (Excel, the HTML blank and print forms) so that
they lay the forms out the same way and read back what they wrote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core import drafts, editions, forms

TICKED, UNTICKED = "☑", "☐"
# Marks people type when they tick a box by hand in Excel or WPS.
_TICK_MARKS = "☑☒✔✓√■▣●"
_BOX = f"[{UNTICKED}{_TICK_MARKS}□]"

# ---- cell texts: each field's value as it stands in its cell, and back ----------


def cn_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "    年    月    日"


CN_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")


def parse_cn_date(text: str) -> str | None:
    match = CN_DATE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def _box(ticked: bool) -> str:
    return TICKED if ticked else UNTICKED


def _is_ticked(mark: str) -> bool:
    return mark in _TICK_MARKS


def period_text(value: dict[str, Any] | None) -> str:
    """办班时间 as written in its cell: 2025年6月10日至2025年6月15日."""
    value = value or {}
    if not (value.get("start") or value.get("end")):
        return ""
    return f"{cn_date(value.get('start'))}至{cn_date(value.get('end'))}"


def _read_period(text: str) -> Any:
    parts = re.split(r"\s*(?:至|到|—|～|~)\s*", text.strip())
    if len(parts) == 2:
        ends = [parse_cn_date(p) if p.strip(" 年月日") else "" for p in parts]
        if None not in ends:
            return {k: v for k, v in zip(("start", "end"), ends) if v}
    return text  # kept as typed: validation explains what is wrong with it


def funding_text(field: forms.Field, value: Any, source: str | None) -> str:
    """申报项目类别: ☐财政资助项目　☑自筹经费项目（自筹经费来源：…）."""
    chosen = value if isinstance(value, list) else [value]
    fiscal, own = field.options
    return f"{_box(fiscal.id in chosen)}{fiscal.zh}　　{_box(own.id in chosen)}{own.zh}（自筹经费来源：{source or '　　　　'}）"


def _read_funding(field: forms.Field, text: str) -> tuple[Any, str | None]:
    fiscal, own = field.options
    match = re.fullmatch(rf"({_BOX})\s*{fiscal.zh}\s*({_BOX})\s*{own.zh}\s*[（(]自筹经费来源[：:](.*)[）)]", text.strip(), re.S)
    if not match:
        return text, None
    chosen = [o.id for o, mark in ((fiscal, match[1]), (own, match[2])) if _is_ticked(mark)]
    source = match[3].strip() or None
    return (chosen[0] if len(chosen) == 1 else chosen or None), source


def base_text(field: forms.Field, value: Any, batch: str | None) -> str:
    """是否继续教育基地: ☐是第__批国家级继续教育基地　☐是省级继续教育基地　☐否."""
    chosen = value if isinstance(value, list) else [value]
    return "　　".join(f"{_box(o.id in chosen)}{o.label('zh', batch=batch) if batch else o.label('zh')}" for o in field.options)


def _read_base(field: forms.Field, text: str) -> tuple[Any, str | None]:
    national, provincial, no = field.options
    pattern = rf"({_BOX})\s*是第(.*?)批国家级继续教育基地\s*({_BOX})\s*{provincial.zh}\s*({_BOX})\s*{no.zh}"
    match = re.fullmatch(pattern, text.strip(), re.S)
    if not match:
        return text, None
    chosen = [o.id for o, mark in ((national, match[1]), (provincial, match[3]), (no, match[4])) if _is_ticked(mark)]
    batch = match[2].strip(" _　") or None
    return (chosen[0] if len(chosen) == 1 else chosen or None), batch


def topic_text(option: forms.Option, entry: dict[str, Any] | None) -> str:
    """One line of 是否符合选题范围: ☑服务重大战略：…"""
    entry = entry or {}
    return f"{_box(entry.get('ticked', False))}{option.zh}：{entry.get('text', '')}"


def _read_topic(option: forms.Option, text: str) -> dict[str, Any] | None:
    match = re.fullmatch(rf"({_BOX})\s*{option.zh}\s*[：:]?(.*)", text.strip(), re.S)
    if not match:
        return {"ticked": False, "text": text.strip()} if text.strip() else None
    entry = {"ticked": _is_ticked(match[1]), "text": drafts.normalise_text(match[2])}
    return entry if entry["ticked"] or entry["text"] else None


def longtext_text(form: forms.Form, field: forms.Field, value: str | None, app: drafts.Application) -> str:
    """A long-text cell: the official help first, then the text (and, in 培训对象, the trainee sentence)."""
    parts = [field.help(form.id), value or ""]
    trainees = next((f for f in form.fields if f.raw.get("written_into") == field.id), None)
    if trainees and app.get(trainees.id):
        parts.append(trainees_sentence(app))
    return "\n".join(p for p in parts if p)


def trainees_sentence(app: drafts.Application) -> str:
    """面向全国招收学员，计划招收50人。 — the planned count, written into 培训对象."""
    return app.edition.level_of(app.form.id).trainees_sentence.format(n=app.get("trainees"))


def _sentence_pattern(app_form: str, edition: editions.Edition) -> re.Pattern[str]:
    template = re.escape(edition.level_of(app_form).trainees_sentence).replace(re.escape("{n}"), r"(\d+)")
    return re.compile(rf"(?:^|\n){template}$")


def _read_longtext(form: forms.Form, field: forms.Field, edition: editions.Edition, text: str) -> dict[str, Any]:
    text = drafts.normalise_text(text)
    found: dict[str, Any] = {}
    help_text = field.help(form.id)
    if help_text and text.startswith(help_text):
        text = text[len(help_text) :].lstrip("\n")
    if any(f.raw.get("written_into") == field.id for f in form.fields):
        match = _sentence_pattern(form.id, edition).search(text)
        if match:
            found["trainees"] = int(match[1])
            text = text[: match.start()]
    found[field.id] = drafts.normalise_text(text) or None
    return found


# ---- the layout: which cells hold which field --------------------------------

# Column widths of the tables, in Excel's character units; the Word files use them as proportions.
APP_WIDTHS = {"A": 12, "B": 11, "C": 26, "D": 11, "E": 26}  # block label, label, value, label, value
SUMMARY_WIDTHS = {"A": 6, "B": 30, "C": 24, "D": 10, "E": 24, "F": 20}  # 序号 … 所属专业技术领域


@dataclass
class Piece:
    """One merged range of a table row: a label, or the value of a field (or of one option)."""

    first: str
    last: str
    text: str = ""
    field: str | None = None
    option: str | None = None
    en: str = ""


@dataclass
class Row:
    """One row of the table and the pieces it is made of."""

    pieces: list[Piece]
    tall: bool = False
    block: str | None = None
    block_en: str = ""


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
        return Piece(col, col, f.label(form.id), en=f.label(form.id, "en"))

    result = Layout()
    i = 0
    while i < len(fields):
        f = fields[i]
        nxt = fields[i + 1] if i + 1 < len(fields) else None
        if f.type == "topics":
            for option in f.options:
                result.rows.append(
                    Row([Piece("B", "E", field=f.id, option=option.id)], block=f.label(form.id), block_en=f.label(form.id, "en"))
                )
        elif f.group:
            if f.half and nxt and nxt.half and nxt.group == f.group:
                pieces = [label(f, "B"), Piece("C", "C", field=f.id), label(nxt, "D"), Piece("E", "E", field=nxt.id)]
                i += 1
            else:
                pieces = [label(f, "B"), Piece("C", "E", field=f.id)]
            result.rows.append(Row(pieces, block=groups[f.group]["zh"], block_en=groups[f.group]["en"]))
        elif f.half and nxt and nxt.half and not nxt.group:
            result.rows.append(Row([label(f, "A"), Piece("B", "C", field=f.id), label(nxt, "D"), Piece("E", "E", field=nxt.id)]))
            i += 1
        else:
            result.rows.append(Row([label(f, "A"), Piece("B", "E", field=f.id)], tall=f.type == "longtext"))
        i += 1
    return result


# ---- one application's cells ----------------------------------------------------

STAMP = "（盖章）"
REVIEW_FOOT = f"{STAMP}\n年    月    日"


def heading_lines(app: drafts.Application) -> tuple[str, str]:
    """The two lines above the table: 申报单位：…（盖章） and 申报时间：…"""
    return f"申报单位：{app.get('declarant') or ''}{STAMP}", f"申报时间：{cn_date(app.get('declared_on'))}"


def cell_text(form: forms.Form, app: drafts.Application, piece: Piece) -> str:
    """What the value cell of `piece` says for this application."""
    f = form.field(piece.field)
    value = app.get(f.id)
    if f.filled_by(form.id) == "reviewer":
        return "\n".join(filter(None, [value, REVIEW_FOOT]))
    if f.type == "topics":
        return topic_text(f.option(piece.option), (value or {}).get(piece.option))
    if f.id == "funding":
        return funding_text(f, value, app.get("funding_source"))
    if f.id == "base":
        return base_text(f, value, app.get("base_batch"))
    if f.type == "daterange":
        return period_text(value)
    if f.type == "date":
        return cn_date(value) if value else ""
    if f.type == "longtext":
        return longtext_text(form, f, value, app)
    return "" if value is None else str(value)


def read_cells(form: forms.Form, edition: editions.Edition, line3: str, line4: str, text_at: Callable[[str], str]) -> dict[str, Any]:
    """The draft data of a filled form, from its heading lines and `text_at(coordinate)` of each value cell."""
    values: dict[str, Any] = {}
    declarant = re.fullmatch(r"申报单位[：:](.*?)[（(]盖章[）)]", line3.strip(), re.S)
    if declarant and declarant[1].strip():
        values["declarant"] = declarant[1].strip()
    declared = re.sub(r"^申报时间[：:]", "", line4.strip()).strip()
    if declared.strip(" 年月日"):
        values["declared_on"] = parse_cn_date(declared) or declared

    for (field_id, option), coordinate in layout(form).cells().items():
        f = form.field(field_id)
        text = drafts.normalise_text(text_at(coordinate))
        if f.type == "topics":
            entry = _read_topic(f.option(option), text)
            if entry:
                values.setdefault(field_id, {})[option] = entry
        elif field_id == "funding":
            values["funding"], values["funding_source"] = _read_funding(f, text)
        elif field_id == "base":
            values["base"], values["base_batch"] = _read_base(f, text)
        elif f.type == "daterange":
            values[field_id] = _read_period(text) if text else None
        elif f.filled_by(form.id) == "reviewer":
            values[field_id] = text.removesuffix(REVIEW_FOOT).strip() or None
        elif f.type == "longtext":
            values.update(_read_longtext(form, f, edition, text))
        else:
            values[field_id] = text or None
    return values


def summary_row(app: drafts.Application) -> list[str]:
    """One application's row of 附件3, without its 序号."""
    row = []
    for column in forms.summary_columns(app.edition.year)[1:]:
        row.append("、".join(str(app.get(source)) for source in column.sources if app.get(source)))
    return row


# ---- file names ----------------------------------------------------------------

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _safe(text: str, limit: int = 50) -> str:
    text = re.sub(r"\s+", " ", _UNSAFE.sub("", text)).strip(" .")
    return text[:limit]


def filename(app: drafts.Application, suffix: str = ".xlsx") -> str:
    """附件1-专业技术人才知识更新工程2025年高级研修项目申报表-〈项目名称〉.xlsx"""
    attachment = app.edition.attachments[app.form.id]
    name = _safe(app.get("project_name") or "") or "未命名项目"
    return f"附件{attachment['number']}-{attachment['title']}-{name}{suffix}"


def summary_filename(year: int | None = None, unit: str = "", suffix: str = ".xlsx") -> str:
    """附件3-福建省专业技术人才知识更新工程2025年高级研修项目汇总表(-〈单位〉).xlsx"""
    attachment = editions.load(year).attachments["summary"]
    tail = f"-{_safe(unit)}" if _safe(unit) else ""
    return f"附件{attachment['number']}-{attachment['title']}{tail}{suffix}"


def draft_filename(project_name: str = "") -> str:
    """申报草稿-〈项目名称〉.json: a draft saved from the form page."""
    return f"申报草稿-{_safe(project_name) or '未命名项目'}.json"
