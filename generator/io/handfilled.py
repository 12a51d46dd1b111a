"""附件1, 附件2 and 附件3 as people fill them in Word, WPS or Excel from the official templates, read by their labels.

Each field's cell is found by the official wording of its label (forms.toml), whatever spaces, line breaks, bracket
widths or printed guidance the cell holds, and its value is taken from the cell beside it (or below it). What was
read from where, each label not found, each value not understood (kept as typed) and each field found twice are
said as notes, first in the findings: nothing is guessed silently.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..core import drafts, editions, forms, rules
from ..core.bilingual import Bilingual
from ..core.findings import Note, ReadError
from ..core.reference import VOCABULARY
from ..core.types import PAPER, WIDE_DIGITS, is_blank_date, normalise_text, read_date
from ..core.words import entry, listed, say
from .cells import Cell, Sheet
from .layout import _read_longtext, _said_count

TICKS = "☑☒✔✓√■▣●✅"
BOXES = "☐□"
_EDGE = TICKS + BOXES + "_＿ 　\t\n:：；;，,、"  # what stands around an option's words: its mark, a colon, a separator
_OPEN, _CLOSE = re.escape("（(【["), re.escape("）)】]")  # for character classes
_STAMP = re.compile(rf"[{_OPEN}]\s*盖\s*章\s*[{_CLOSE}]")
# printed guidance or a stamp note after a label: （仅单选）, （盖章）, (包括但不限于…)
_GUIDE = r"(?:\s*[（(【\[][^（(）)【】\[\]]*[）)】\]])*"
_COLON = r"\s*[:：]"
_REQUIRED = r"(?:[*＊★※]\s*)?"  # the mark a clerk puts before a required field's label: *项目名称
_BLANK = "_＿ 　\t"  # what a printed blank is drawn with
LEADING_LINES = 8  # a label with its printed guidance takes a few lines of its cell; a value may follow them


# ---- matching the official wording ----------------------------------------------


def _flexible(words: str) -> str:
    """A pattern for `words` as people type them: any spacing or line break between characters, either width."""
    out = []
    for ch in unicodedata.normalize("NFKC", words):
        if ch.isspace():
            continue
        wide = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"}.get(ch)
        out.append(f"[{re.escape(ch)}{wide}]" if wide else re.escape(ch))
    return r"\s*".join(out)


def _bare(label: str) -> str:
    """The label without its own bracketed guidance: 申报项目类别（仅单选） → 申报项目类别."""
    return re.sub(r"[（(][^）)]*[）)]", "", label).strip()


@dataclass(frozen=True)
class Label:
    """A label to look for: the field (or block) it names and its wording as a pattern."""

    key: str
    words: str
    pattern: re.Pattern[str]
    inline: re.Pattern[str]

    @classmethod
    def of(cls, key: str, words: str) -> Label:
        flexible = _flexible(_bare(words))
        whole = re.compile(rf"\s*{_REQUIRED}{flexible}{_GUIDE}(?:{_COLON})?[\s{_BLANK}]*{_GUIDE}\s*", re.S)
        inline = re.compile(rf"(?:^|(?<=[\s）)】。；;，,])){_REQUIRED}{flexible}{_GUIDE}{_COLON}", re.S)
        return cls(key, words, whole, inline)

    def exact(self, text: str) -> bool:
        """Whether the cell says this label and nothing else (guidance and a colon aside)."""
        return bool(self.pattern.fullmatch(text))

    def leading(self, text: str) -> str | None:
        """The rest of a cell whose first lines are this label alone (项目名称⏎甲研修班 → 甲研修班), or None."""
        if "\n" not in text or not self.pattern.match(text.lstrip()):
            return None
        lines = text.split("\n")
        for k in range(min(len(lines) - 1, LEADING_LINES), 0, -1):  # the most lines: guidance printed under the label
            rest = "\n".join(lines[k:])
            if rest.strip() and self.pattern.fullmatch("\n".join(lines[:k])):
                return rest
        return None


# ---- where a value was found, in the person's words ------------------------------


def place(cell: Cell) -> Bilingual:
    """Where a cell is, as a person finds it: 表1第3行第2格 / table 1, row 3, cell 2; 第2段; 单元格B5."""
    if cell.name:
        key, params = "cell_xlsx", {"name": cell.name}
    elif cell.table == 0:
        key, params = "cell_line", {"row": cell.row}
    else:
        key, params = "cell_docx", {"table": cell.table, "row": cell.row, "nth": cell.nth}
    return entry("reading", key, **params)


def _places(cells: list[Cell]) -> Bilingual:
    spots = [place(c) for c in cells]
    return Bilingual.each(lambda lang: listed([s[lang] for s in spots], lang))


# ---- the grid ------------------------------------------------------------------------


# Fields whose text is read as a whole and checked (dates, boxes): a row's filled cells are read together for them.
JOINED = ("date", "daterange", "choice", "topics")
MAX_RUN = 12
FORM_LABELS = 3  # a nested table with this many labels is a form (pasted into a frame), not a value's list  # cells read to the right of a label: a form is a few columns wide


class Grid:
    """The cells of a file with their neighbours: beside (to the right) and below."""

    def __init__(self, sheet: Sheet, labels: list[Label]) -> None:
        self.labels = labels
        self.cells = self._joined(list(sheet.cells))
        self.unread: dict[int, list[Cell]] = {}  # a value's cell: the other filled cells of its row, not read

    def _joined(self, cells: list[Cell]) -> list[Cell]:
        """The cells, with a label typed over two cells one above the other (选题所属 / 专业技术领域) as one cell."""
        at = {(c.table, c.row, c.col): c for c in cells if c.table}
        gone: set[int] = set()
        out = []
        for cell in cells:
            if id(cell) in gone:
                continue
            below = at.get((cell.table, cell.row + cell.rows, cell.col))
            if (
                below is not None
                and below.cols == cell.cols
                and cell.text.strip()
                and below.text.strip()
                and not self.is_label(cell)
                and not self.is_label(below)
                and any(label.exact(f"{cell.text}\n{below.text}") for label in self.labels)
            ):
                cell = Cell(
                    cell.table, cell.row, cell.col, f"{cell.text}\n{below.text}", cell.rows + below.rows, cell.cols, cell.nth, cell.name
                )
                gone.add(id(below))
            out.append(cell)
        return out

    def is_label(self, cell: Cell) -> bool:
        """Whether a cell is a label (alone, before a colon: 申报时间：…, or on the lines above its value), so no field's value."""
        text = cell.text.lstrip()
        return any(label.exact(text) or label.inline.match(text) or label.leading(text) is not None for label in self.labels)

    def right(self, cell: Cell, rows: Cell | None = None) -> list[Cell]:
        """The cells just right of `cell`, over the rows it (or `rows`) spans, top first."""
        first = (rows or cell).row
        last = first + (rows or cell).rows - 1
        found = [
            c
            for c in self.cells
            if c.table == cell.table and c.col == cell.col + cell.cols and c.row <= last and c.row + c.rows - 1 >= first
        ]
        return sorted(found, key=lambda c: c.row)

    def below(self, cell: Cell) -> Cell | None:
        """The cell just below `cell`, starting in one of its columns."""
        row = cell.row + cell.rows
        found = [c for c in self.cells if c.table == cell.table and c.row == row and cell.col <= c.col < cell.col + max(cell.cols, 1)]
        if not found:
            found = [c for c in self.cells if c.table == cell.table and c.row == row and c.col <= cell.col < c.col + c.cols]
        return min(found, key=lambda c: c.col) if found else None

    def run(self, cell: Cell) -> list[Cell]:
        """The cells right of a one-row label up to the next label or the row's end: an added empty column, a second date
        in a cell of its own, a tick typed in the cell after its option."""
        found: list[Cell] = []
        right = self.right(cell)
        while right and not self.is_label(right[0]) and len(found) < MAX_RUN:
            found.append(right[0])
            right = self.right(right[0]) if right[0].rows == 1 else []
        return found

    def text_of(self, cell: Cell) -> str:
        """A value cell's text, with the tables nested in it (a list of the teachers pasted into 授课专家情况) a row a
        line; a nested table with the labels of a form is that form, read by its own cells."""
        if not cell.inner:
            return cell.text
        lines = [cell.text] if cell.text.strip() else []
        for number in cell.inner:
            inner = [c for c in self.cells if c.table == number]
            if sum(1 for c in inner if self.is_label(c)) >= FORM_LABELS:
                continue
            for row in sorted({c.row for c in inner}):
                line = " ".join(c.text for c in inner if c.row == row and c.text.strip())
                if line:
                    lines.append(line)
        return "\n".join(lines)

    def value_of(self, cell: Cell, join: bool = True) -> tuple[str, Cell]:
        """The text beside a label cell, past empty cells up to the next label (all rows of it, where the label spans
        several), else below it; "" if none. With `join` the filled cells of a row are read together (a date in each,
        a tick after its option); without, the first is read and the others are kept in `unread` by the cell read."""
        right = self.right(cell)
        if cell.rows == 1:
            run = self.run(cell)
            filled = [c for c in run if self.text_of(c).strip()]
            if filled and not join and len(filled) > 1:
                self.unread[id(filled[0])] = filled[1:]
            if filled:
                return " ".join(self.text_of(c) for c in (filled if join else filled[:1])), filled[0]
        else:
            column, steps = right, 0
            while column and not self.is_label(column[0]) and steps < MAX_RUN:
                if any(self.text_of(c).strip() for c in column):
                    return "\n".join(self.text_of(c) for c in column if self.text_of(c).strip()), column[0]
                column, steps = self.right(column[0], rows=cell), steps + 1
        if right and not self.is_label(right[0]):
            return "", right[0]
        below = self.below(cell)
        if below is not None and not self.is_label(below) and cell.table != 0:
            return self.text_of(below), below
        return "", right[0] if right else cell


# ---- dates and counts as people write them --------------------------------------------

_CN_DIGITS = {ch: str(n) for n, chars in enumerate(VOCABULARY["cn_digits"]) for ch in chars}
_TEN = VOCABULARY["cn_ten"]
_CN_NUMBER = re.compile(f"[{''.join(_CN_DIGITS)}{_TEN}]+")


def _cn_number(match: re.Match[str]) -> str:
    text = match[0]
    if _TEN not in text:
        return "".join(_CN_DIGITS[ch] for ch in text)
    tens, _, ones = text.partition(_TEN)
    value = (int(_CN_DIGITS.get(tens[-1], "1")) if tens else 1) * 10 + (int(_CN_DIGITS[ones[0]]) if ones else 0)
    return str(value)


def arabic(text: str) -> str:
    """Digits for the numbers people write in characters or full width: 二〇二五年六月十日, 五十人, ２０２５."""
    return _CN_NUMBER.sub(_cn_number, text.translate(WIDE_DIGITS))


# a date (2025年7月14日, 2025.7.14, 7月14日), or a day of the month before (…至18日, and 2025.7.14-18 at the end)
_DATE = re.compile(
    r"(?:(\d{4})\s*[年./\-－]\s*)?(\d{1,2})\s*[月./\-－]\s*(\d{1,2})\s*[日号]?"
    r"|(\d{1,2})\s*(?:[日号]|(?=\s*(?:$|[（(，,]|共)))"
)
_BETWEEN = re.compile(r"\s*(?:至|到|—+|－|~|～|–|-{1,2})?\s*")
_REMARK = re.compile(r"\s*(?:[（(][^）)]*[）)]|[，,]?\s*共\s*\d+\s*天)?\s*")  # （共5天）, 共5天
_APPROXIMATE = re.compile(VOCABULARY["approximate_count"])
_FOOTER = re.compile(r"\s*[^\s:：]{1,6}\s*[:：]")  # 填表人：, 联系电话：, 注：: a line under a table, not a row of it


def read_dates(text: str, year: int) -> tuple[list[str], bool] | None:
    """The dates a cell says, in order, as ISO dates, and whether a year was taken from the form's edition (6月10日);
    None when the text is anything more than dates, separators and a bracketed remark."""
    text = arabic(text).strip()
    found, at, borrowed = [], 0, False
    last: tuple[int, int] | None = None
    for match in _DATE.finditer(text):
        gap = text[at : match.start()]
        if not (_BETWEEN.fullmatch(gap) if found else not gap.strip()):
            return None
        if match[4]:
            if last is None:
                return None
            y, m, d = last[0], last[1], int(match[4])
        else:
            y = int(match[1]) if match[1] else (last[0] if last else None)
            if y is None:
                y, borrowed = year, True
            m, d = int(match[2]), int(match[3])
        try:
            found.append(dt.date(y, m, d).isoformat())
        except ValueError:
            return None
        last, at = (y, m), match.end()
    if not found or not _REMARK.fullmatch(text[at:]):
        return None
    return found, borrowed


# ---- boxes: choices and topics ---------------------------------------------------------

_BRACKETED_TICK = re.compile(rf"[{_OPEN}]\s*[{TICKS}xX×]\s*[{_CLOSE}]")
_BRACKETED_BOX = re.compile(rf"[{_OPEN}]\s*[{_CLOSE}]")


def _marks(text: str) -> str:
    """The text with ticks written in brackets ([√], （√）, 【✓】) as ☑ and empty brackets ([ ], （ ）) as ☐."""
    return _BRACKETED_BOX.sub("☐", _BRACKETED_TICK.sub("☑", text))


@dataclass
class Found:
    """An option's wording in a cell: where it stands, its mark (tick, box or none) and the words of its blank."""

    option: forms.Option
    start: int
    end: int
    mark: str  # "tick", "box" or ""
    blank: str | None = None


def _mark_before(text: str) -> str:
    tail = text.rstrip(" 　\t")
    if tail and tail[-1] in TICKS:
        return "tick"
    if tail and tail[-1] in BOXES:
        return "box"
    return ""


def _head(segment: str) -> str:
    """The mark just after an option's wording on its line (财政资助项目√, 服务重大战略（√）：…), or ""."""
    head = segment.lstrip(" 　\t:：")[:1]
    return head if head and head in TICKS + BOXES else ""


def _tail(segment: str) -> str:
    """The mark an option's part of a cell ends with (服务重大战略：…☑；), or ""."""
    tail = segment.rstrip(_EDGE.replace(TICKS, "").replace(BOXES, ""))[-1:]
    return tail if tail and tail in TICKS + BOXES else ""


def find_options(form: forms.Form, field: forms.Field, text: str) -> list[Found]:
    """Each option of a choice or topic field whose wording stands in `text`, in the order they stand."""
    found: list[Found] = []
    for option in field.options:
        detail = form.field(option.detail) if option.detail and form.has(option.detail) else None
        patterns = []
        if detail and detail.printed:
            before, _, after = detail.printed.partition("{blank}")
            # the words of the blank may hold brackets of their own: （示例）
            patterns.append(rf"{_flexible(before)}(?P<blank>(?:[^（()）]|[（(][^（()）]*[）)])*?){_flexible(after)}")
            patterns.append(_flexible(before.split("（")[0]))  # 自筹经费项目 without its bracket
        else:
            patterns.append(_flexible(option.name.zh))
        for pattern in patterns:
            match = re.search(pattern, text, re.S)
            if match and not any(f.start <= match.start() < f.end for f in found):
                blank = match.groupdict().get("blank")
                found.append(Found(option, match.start(), match.end(), "", blank))
                break
    found.sort(key=lambda f: f.start)
    if not found:
        return found
    ends = [found[i + 1].start if i + 1 < len(found) else len(text) for i in range(len(found))]
    heads = [_head(text[item.end : end]) for item, end in zip(found, ends)]
    tails = [_tail(text[item.end : end]) for item, end in zip(found, ends)]
    # a mark ending an option's words is its own only where the last option's is marked too: else it is the next one's
    after = [h or t for h, t in zip(heads, tails)] if heads[-1] or tails[-1] else heads
    if not _mark_before(text[: found[0].start]) and any(mark and mark in TICKS for mark in after):
        # ticks written after the options (财政资助项目√ 自筹经费项目), or after a topic's words (服务重大战略：…☑；):
        # each mark belongs to the option before it
        for item, mark in zip(found, after):
            item.mark = "tick" if mark and mark in TICKS else "box" if mark and mark in BOXES else ""
        return found
    previous = 0
    for item in found:
        item.mark = _mark_before(text[previous : item.start])
        previous = item.end
    return found


def chosen(found: list[Found], every: int, by_text: dict[str, str] | None = None) -> list[forms.Option] | None:
    """The options ticked: those with a tick; else those whose box was deleted while others kept theirs; else, when
    the others' wording was deleted, those left; else (all there, no marks) those with words after them (topics).
    None when the marks say nothing."""
    ticked = [f.option for f in found if f.mark == "tick"]
    if ticked:
        return ticked
    boxed = [f for f in found if f.mark == "box"]
    if boxed and len(boxed) < len(found):
        return [f.option for f in found if f.mark != "box"]
    if boxed:
        return []
    if found and len(found) < every:
        return [f.option for f in found]
    if by_text is not None:
        return [f.option for f in found if by_text.get(f.option.id)]
    return None


def _blank_words(text: str | None, field: forms.Field | None = None) -> str:
    """What fills a printed blank, without the line or spaces that draw it."""
    text = (text or "").strip(_BLANK + "\n")
    if field is not None and field.blank and not text.strip(field.blank + _BLANK):
        return ""
    return text


# ---- one application -----------------------------------------------------------------


@dataclass
class Reading:
    """What reading a form found: the draft's values and the notes that say where each came from."""

    values: dict[str, Any]
    notes: list[Note]


def _labels(form: forms.Form) -> dict[str, Label]:
    """The labels of a form's fields (and its blocks) by key, from forms.toml: the one place they are written."""
    found = {}
    for f in form.fields:
        if f.detail_of:
            continue
        if f.cell or f.written_into:
            found[f.id] = Label.of(f.id, f.label(form.id))
    for key, group in forms.groups().items():
        if any(f.group == key for f in form.fields):
            found[f"group:{key}"] = Label.of(f"group:{key}", group["zh"])
    return found


def every_label() -> list[Label]:
    """Every label of both forms and 附件3's columns: a cell that says one is no value."""
    labels: dict[str, Label] = {}
    for form_id in forms.FORMS:
        form = forms.load(form_id)
        for key, label in _labels(form).items():
            labels[f"{form_id}:{key}"] = label
    for column in forms.summary_columns():
        labels[f"summary:{column.id}"] = Label.of(column.id, column.name.zh)
    return list(labels.values())


def _group_regions(grid: Grid, groups: dict[str, list[Cell]], top: list[Label]) -> list[tuple[str, Cell, int, int]]:
    """Each block label's rows: those it spans (merged down, or left unmerged with its column empty below), or, for a
    block label that is a row of its own, the rows after it up to the next label that is no sub-label."""
    regions = []
    for key, cells in groups.items():
        for cell in cells:
            table_cells = [c for c in grid.cells if c.table == cell.table]
            last = cell.row + cell.rows - 1
            if grid.right(cell):
                while True:
                    below = [c for c in table_cells if c.row == last + 1 and c.col <= cell.col < c.col + c.cols]
                    if below and not below[0].text.strip() and any(c.row == last + 1 and c.col > cell.col for c in table_cells):
                        last += 1
                    else:
                        break
                regions.append((key, cell, cell.row, last))
            else:
                end = cell.row
                rows = sorted({c.row for c in table_cells if c.row > cell.row})
                for row in rows:
                    if any(label.exact(c.text) or label.inline.match(c.text) for c in table_cells if c.row == row for label in top):
                        break
                    end = row
                regions.append((key, cell, cell.row + 1, end))
    return regions


def read_application(sheet: Sheet, form: forms.Form, edition: editions.Edition) -> Reading:
    """The draft values of a hand-filled 附件1/附件2, and the notes on what was read from where."""
    labels = _labels(form)
    grid = Grid(sheet, every_label())
    notes: list[Note] = []
    candidates: dict[str, list[tuple[str, Cell, Cell]]] = {}  # field: (text, the cell it is in, the label's cell)
    group_cells: dict[str, list[Cell]] = {}
    inline_all = [lab for lab in labels.values() if not lab.key.startswith("group:")]

    for cell in grid.cells:
        for key, label in labels.items():
            if label.exact(cell.text):
                if key.startswith("group:"):
                    group_cells.setdefault(key.removeprefix("group:"), []).append(cell)
                else:
                    text, where = grid.value_of(cell, join=form.field(key).type in JOINED)
                    candidates.setdefault(key, []).append((text, where, cell))
                continue
            if not key.startswith("group:") and (rest := label.leading(cell.text)) is not None:
                candidates.setdefault(key, []).append((rest, cell, cell))  # 培训对象⏎面向全省…: the label's own cell
                break
            heading = form.has(key) and form.field(key).placement == "heading"
            for match in label.inline.finditer(cell.text):
                if cell.table and not heading and match.start() and cell.text[: match.start()].strip():
                    continue  # in a table a label starts its cell; a heading line may hold two (申报单位：…　申报时间：…)
                value = cell.text[match.end() :]
                cuts = [m.start() for other in inline_all if other is not label for m in other.inline.finditer(value)]
                value = value[: min(cuts)] if cuts else value
                if value.strip(_BLANK + "\n") or cell.table == 0:
                    candidates.setdefault(key, []).append((value, cell, cell))
                else:
                    text, where = grid.value_of(cell, join=form.field(key).type in JOINED)
                    candidates.setdefault(key, []).append((text, where, cell))
                break

    top = [lab for lab in labels.values() if not lab.key.startswith("group:") and not form.field(lab.key).group]
    regions = _group_regions(grid, group_cells, top)
    values: dict[str, Any] = {}
    spots: dict[str, Cell] = {}
    label_of = {f.id: Bilingual.each(lambda lang, f=f: f.named(form.id, lang)) for f in form.fields}

    for f in form.fields:
        if f.id not in labels:
            continue
        found = candidates.get(f.id, [])
        if f.group:
            own = [c for c in found if _in_group(c[2], f.group, regions)]
            stray = [c for c in found if not any(_in_region(c[2], r) for r in regions)]
            only_block = sum(1 for g in form.fields if g.label(form.id) == f.label(form.id) and g.group) == 1
            found = own or (stray if only_block else [])
            if not found and stray and not own:
                notes.append(Note.of("outside_block", f.id, label=label_of[f.id], places=_places([c[2] for c in stray])))
                continue
        if not found:
            if f.written_into and f.id not in values and not any(n.rule == "count_approximate" for n in notes):
                into = form.field(f.written_into)
                notes.append(Note.of("no_count", f.id, label=label_of[f.id], into=label_of[into.id]))
            elif f.filled_by(form.id) == "institution" and not f.written_into:
                notes.append(Note.of("missing", f.id, label=label_of[f.id]))
            continue
        filled = [c for c in found if c[0].strip(_BLANK + "\n")]
        distinct = list(dict.fromkeys(normalise_text(c[0]) for c in filled))
        text, where, _ = filled[0] if filled else found[0]
        if len(distinct) > 1:
            notes.append(Note.of("ambiguous", f.id, label=label_of[f.id], places=_places([c[1] for c in filled]), where=place(where)))
        notes += _read_field(form, edition, f, text, where, values, label_of)
        spots[f.id] = where
        if grid.unread.get(id(where)):
            notes.append(Note.of("unread_beside", f.id, label=label_of[f.id], where=place(where), places=_places(grid.unread[id(where)])))
    notes = _split_phones(form, values, notes, label_of, spots)
    return Reading(values, notes)


def _split_phones(
    form: forms.Form, values: dict[str, Any], notes: list[Note], label_of: dict[str, Any], spots: dict[str, Cell]
) -> list[Note]:
    """A landline and a mobile written in one office-phone cell (0591-12345678 / 13800000000) while its 手机 is empty:
    the mobile number goes to 手机, and a note says so; any other mix is kept as typed, for the rules to judge."""
    for phone in form.fields:
        mobile = next((g for g in form.fields if g.type == "mobile" and g.group == phone.group), None)
        typed = values.get(phone.id)
        if phone.type != "phone" or mobile is None or not isinstance(typed, str) or values.get(mobile.id):
            continue
        numbers = rules.phone_numbers(typed)
        mobiles = [n for n in numbers if rules.is_mobile(n)]
        landlines = [n for n in numbers if not rules.is_mobile(n)]
        if len(mobiles) != 1 or not landlines or not all(rules.is_landline(n) for n in landlines):
            continue
        values[phone.id], values[mobile.id] = "、".join(landlines), mobiles[0]
        notes = [n for n in notes if n.field != mobile.id]  # its cell was empty or missing: said by the note below
        notes.append(
            Note.of(
                "phone_split",
                mobile.id,
                label=label_of[phone.id],
                where=place(spots[phone.id]),
                mobile=mobiles[0],
                into=label_of[mobile.id],
            )
        )
    return notes


def _in_region(cell: Cell, region: tuple[str, Cell, int, int]) -> bool:
    """Whether a cell lies in a block's rows: right of its label, or anywhere below a block label that is a row of its own."""
    _, head, first, last = region
    beside = first == head.row
    return cell.table == head.table and first <= cell.row <= last and (cell.col > head.col or not beside)


def _in_group(cell: Cell, group: str, regions: list[tuple[str, Cell, int, int]]) -> bool:
    """Whether a sub-label cell lies in the rows of block `group` (the nearest block above it where blocks nest)."""
    inside = [r for r in regions if _in_region(cell, r)]
    return bool(inside) and max(inside, key=lambda r: (r[2], r[1].row))[0] == group


def _read_field(
    form: forms.Form, edition: editions.Edition, f: forms.Field, text: str, where: Cell, values: dict[str, Any], label_of: dict[str, Any]
) -> list[Note]:
    """One field's value from the text of its cell, into `values`; the notes on how it was read."""
    label = label_of[f.id]
    spot = place(where)
    text = normalise_text(text.replace("\u3000", " ") if f.type in ("date", "daterange") else text)
    notes: list[Note] = []

    def unclear(value: str) -> None:
        notes.append(Note.of("unclear", f.id, label=label, where=spot, value=_shown(value)))

    if f.type == "date":
        text = _STAMP.sub("", text).strip()
        if not text or is_blank_date(text):
            notes.append(Note.of("empty", f.id, label=label, where=spot))
            return notes
        dates = read_dates(text, edition.year)
        if dates and len(dates[0]) == 1:
            values[f.id] = dates[0][0]
            notes.append(Note.of("read_year" if dates[1] else "read", f.id, label=label, where=spot, year=edition.year))
        else:
            values[f.id] = text
            unclear(text)
        return notes
    if f.type == "daterange":
        if not text:
            notes.append(Note.of("empty", f.id, label=label, where=spot))
            return notes
        dates = read_dates(text, edition.year)
        if dates and len(dates[0]) == 2:
            values[f.id] = {"start": dates[0][0], "end": dates[0][1]}
            notes.append(Note.of("read_year" if dates[1] else "read", f.id, label=label, where=spot, year=edition.year))
        else:
            values[f.id] = text
            unclear(text)
        return notes
    if f.type in ("choice", "topics"):
        return _read_boxes(form, f, text, spot, values, label)
    if f.filled_by(form.id) == "reviewer":
        foot = _STAMP.sub("", text)
        foot = re.sub(r"(?:\d{4}|\s)*年[\s\d]*月[\s\d]*日\s*$", "", foot).strip()
        if foot:
            values[f.id] = foot
        return notes
    if f.type == "longtext":
        for help_text in {f.help(key) for key in f.forms} - {""}:
            text = re.sub(rf"^\s*{_flexible(help_text)}\s*", "", text, flags=re.S)
        read = _read_longtext(form, f, edition, text)
        trainees = next((g for g in form.fields if g.written_into == f.id), None)
        if trainees and "trainees" not in read and (n := _said_count(arabic(text))) is not None:
            read[trainees.id] = n
        if trainees and trainees.id in read and (about := _APPROXIMATE.search(re.sub(r"\s+", "", arabic(text)))):
            # 约50人, 50人左右: the form page refuses such a count, so it is not taken as the planned number here either
            read.pop(trainees.id)
            notes.append(Note.of("count_approximate", trainees.id, label=label_of[trainees.id], where=spot, value=about[0]))
        values.update({k: v for k, v in read.items() if v is not None})
        notes.append(Note.of("read" if read.get(f.id) else "empty", f.id, label=label, where=spot))
        if trainees and trainees.id in read:
            notes.append(Note.of("count", trainees.id, label=label_of[trainees.id], where=spot, n=read[trainees.id]))
        return notes
    if f.type == "integer":
        number = arabic(text)
        values[f.id] = int(m[1]) if (m := re.fullmatch(r"\s*(\d+)\s*(?:人|名)?\s*", number)) else text or None
        if isinstance(values[f.id], str):
            unclear(text)  # 约50人, 50-60人: kept as typed, as the form page keeps them
        else:
            notes.append(Note.of("read" if values[f.id] is not None else "empty", f.id, label=label, where=spot))
        return notes
    if f.placement == "heading":
        text = _STAMP.sub("", text)  # 申报单位：…（盖章）
    value = f.kind.read_cell(text.strip(_BLANK))
    if value:
        values[f.id] = value
    notes.append(Note.of("read" if value else "empty", f.id, label=label, where=spot))
    return notes


def _read_boxes(form: forms.Form, f: forms.Field, text: str, spot: dict[str, str], values: dict[str, Any], label: Any) -> list[Note]:
    """A choice or the topics from their cell: which boxes are ticked, however ticked, and the words after each."""
    marked = _marks(text)
    found = find_options(form, f, marked)
    if not text.strip(_BLANK + "\n"):
        return [Note.of("empty", f.id, label=label, where=spot)]
    if not found:
        values[f.id] = text
        return [Note.of("unclear", f.id, label=label, where=spot, value=_shown(text))]
    if f.type == "topics":
        words = {}
        for i, item in enumerate(found):
            end = found[i + 1].start if i + 1 < len(found) else len(marked)
            words[item.option.id] = normalise_text(marked[item.end : end].strip(_EDGE))
        ticked = chosen(found, len(f.options), words) or []
        entry = {}
        for item in found:
            on = item.option in ticked
            if on or words[item.option.id]:
                entry[item.option.id] = {"ticked": on, "text": words[item.option.id]}
        if entry:
            values[f.id] = entry
        return [Note.of("read" if entry else "empty", f.id, label=label, where=spot)]
    ticked = chosen(found, len(f.options))
    if ticked is not None and _stray_words(marked, found) and any(ch in TICKS + BOXES for ch in marked):
        ticked = None  # 是☑ 否□ beside 是否继续教育基地: a mark beside words that are no option's cannot be placed
    for item in found:
        if item.option.detail and item.blank is not None:
            detail = form.field(item.option.detail)
            words = _blank_words(item.blank, detail)
            if words:
                values[detail.id] = words
    if ticked is None:
        values[f.id] = text
        return [Note.of("unclear", f.id, label=label, where=spot, value=_shown(text))]
    if not ticked:
        return [Note.of("none_ticked", f.id, label=label, where=spot)]
    values[f.id] = ticked[0].id if len(ticked) == 1 else [o.id for o in ticked]
    if len(ticked) > 1:  # kept as ticked, none picked: the rules say what the form allows (仅单选)
        options = Bilingual.each(lambda lang: listed([say("marks", "quote", lang, {"text": o.label(lang)}) for o in ticked], lang))
        return [Note.of("several_ticked", f.id, label=label, where=spot, options=options)]
    return [Note.of("read", f.id, label=label, where=spot)]


def _stray_words(text: str, found: list[Found]) -> str:
    """What a choice's cell says besides its options' wording, marks, blanks and bracketed remarks: 是 in 是☑ 否□."""
    rest = list(text)
    for item in found:
        rest[item.start : item.end] = " " * (item.end - item.start)
    left = re.sub(rf"[{_OPEN}][^{_OPEN}{_CLOSE}]*[{_CLOSE}]", "", "".join(rest))
    return re.sub(rf"[\s{TICKS}{BOXES}{_BLANK}:：,，;；、。.xX×*]", "", left)


def _shown(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "…"


# ---- which form, which year ------------------------------------------------------------


@dataclass
class Kind:
    """What a file holds: a form (national, provincial or summary), the year its title names, and where that was seen."""

    form: str
    year: int | None
    where: Cell | None


@cache
def _titles() -> list[tuple[str, re.Pattern[str]]]:
    """The title of each form with any year: 专业技术人员知识更新工程2026年省级高级研修项目申报表."""
    edition = editions.load()
    found = []
    for key in ("provincial", "national", "summary"):
        for text in (edition.attachments[key]["heading"], edition.attachments[key]["title"]):
            before, _, after = text.partition(str(edition.year))
            found.append((key, re.compile(rf"(\d{{4}})\s*{_flexible(after)}")))
    return found


def title_in(text: str) -> tuple[str, int] | None:
    """The form and year a form's title in `text` names (the year written in any digits), or None."""
    if not any(pattern.pattern[-1] in text for _, pattern in _titles()):
        return None  # most cells hold no title: its last character (表) is enough to tell
    text = arabic(text)
    for key, pattern in _titles():
        match = pattern.search(text)
        if match:
            return key, int(match[1])
    return None


def own_labels(sheet: Sheet) -> dict[str, list[str]]:
    """The labels a file shows that only one of 附件1 and 附件2 has (选题所属行业领域, 申报项目类别, 申报单位信息 are 附件1's;
    选题所属专业技术领域 and the 审核意见 row are 附件2's), by form, each once, in reading order."""
    found: dict[str, list[str]] = {}
    for form_id in forms.FORMS:
        mine = _labels(forms.load(form_id))
        other = _labels(forms.load("provincial" if form_id == "national" else "national"))
        own = {lab.words for lab in mine.values()} - {lab.words for lab in other.values()}
        seen = [
            lab.words
            for cell in sheet.cells
            for lab in mine.values()
            if lab.words in own and (lab.exact(cell.text) or lab.leading(cell.text) is not None or lab.inline.match(cell.text.lstrip()))
        ]
        found[form_id] = list(dict.fromkeys(seen))
    return found


def _mismatch(sheet: Sheet, form: forms.Form, year: int) -> Note | None:
    """A note when the title names one form and the labels are mostly the other's (附件1's title over 附件2's rows)."""
    found = own_labels(sheet)
    other = forms.load("provincial" if form.id == "national" else "national", year)
    if len(found.get(other.id, [])) <= len(found.get(form.id, [])):
        return None
    labels = Bilingual.each(lambda lang: listed([say("marks", "quote", lang, {"text": w}) for w in found[other.id]], lang))
    return Note.of("form_mismatch", None, form=Bilingual.each(form.label), other=Bilingual.each(other.label), labels=labels)


def identify(sheet: Sheet) -> Kind | None:
    """Which form a file holds: by its title (whatever year it names), else its mark (附件2), else its labels."""
    for cell in sheet.cells:
        title = title_in(cell.text)
        if title:
            return Kind(title[0], title[1], cell)
    edition = editions.load()
    for cell in sheet.cells:
        for key in ("national", "provincial", "summary"):
            mark = PAPER["attachment"].format(n=edition.attachments[key]["number"])
            if re.fullmatch(rf"\s*{_flexible(mark)}\s*", cell.text):
                return Kind(key, None, cell)
    score = {}
    for form_id in forms.FORMS:
        mine = _labels(forms.load(form_id))
        other = _labels(forms.load("provincial" if form_id == "national" else "national"))
        own_words = {lab.words for lab in mine.values()} - {lab.words for lab in other.values()}
        score[form_id] = sum(1 for cell in sheet.cells for lab in mine.values() if lab.words in own_words and lab.exact(cell.text))
    common = sum(1 for cell in sheet.cells for lab in _labels(forms.load("national")).values() if lab.exact(cell.text))
    if summary_header(sheet) and common < 3:
        return Kind("summary", None, None)
    if common >= 3:
        return Kind(max(score, key=lambda k: (score[k], k == "provincial")), None, None)
    return None


# ---- 附件3 -----------------------------------------------------------------------------


def summary_header(sheet: Sheet) -> tuple[int, int, dict[int, tuple[str, Cell]]] | None:
    """The header row of 附件3 (table, row, {column index: (column id, cell)}): a row with at least three of its column labels."""
    columns = forms.summary_columns()
    labels = [Label.of(c.id, c.name.zh) for c in columns]
    rows: dict[tuple[int, int], dict[int, tuple[str, Cell]]] = {}
    for cell in sheet.cells:
        if cell.table == 0:
            continue
        for label in labels:
            if label.exact(cell.text):
                rows.setdefault((cell.table, cell.row), {})[cell.col] = (label.key, cell)
    best = max(rows.items(), key=lambda item: len(item[1]), default=None)
    if not best or len(best[1]) < 3:
        return None
    (table, row), cols = best
    return table, row, cols


def read_summary(sheet: Sheet) -> tuple[list[tuple[list[str], Cell]], list[Note]]:
    """The rows of a hand-filled 附件3 (without 序号), each with the first cell it was read from; notes on the header."""
    header = summary_header(sheet)
    if header is None:
        return [], []
    table, row, cols = header
    columns = forms.summary_columns()[1:]
    notes = []
    by_id = {key: cell for key, cell in cols.values()}
    for column in columns:
        if column.id not in by_id:
            label = Bilingual.each(
                lambda lang, column=column: say(
                    "marks", "quote", lang, {"text": column.name.zh if lang == "zh" else f"{column.name.zh} ({column.name.en})"}
                )
            )
            notes.append(Note.of("missing_column", None, label=label))
    rows = []
    lines: dict[int, list[Cell]] = {}
    for cell in sheet.cells:
        if cell.table == table and cell.row > row:
            lines.setdefault(cell.row, []).append(cell)
    labels = [Label.of(c.id, c.name.zh) for c in columns]
    for number in sorted(lines):
        line = lines[number]
        texts = {}
        for key, head in cols.values():
            here = [c for c in line if c.col <= head.col < c.col + c.cols or head.col <= c.col < head.col + head.cols]
            texts[key] = normalise_text("\n".join(c.text for c in here)) if here else ""
        if not any(texts.get(c.id) for c in columns):
            continue
        if sum(label.exact(texts.get(label.key, "")) for label in labels) >= 3:
            continue  # the header again, on a new page
        seq = next((normalise_text(c.text) for c in line if "seq" in by_id and c.col == by_id["seq"].col), "")
        if re.sub(r"\s+", "", seq) in VOCABULARY["summary_totals"]:
            continue  # 合计 …: a line of sums, no course
        if all(_FOOTER.match(c.text) for c in line if c.text.strip()):
            continue  # 填表人：…　联系电话：…: the lines under the table
        rows.append(([texts.get(c.id, "") for c in columns], min(line, key=lambda c: c.col)))
    return rows, notes


def summary_heading(sheet: Sheet) -> dict[str, str]:
    """The lines above 附件3's table as written: {"unit": 主管部门或申报单位, "date": 填表日期} ("" where not found);
    both may share one line (a value ends where the other label starts)."""
    lines = forms.summary_header()
    labels = {line["id"]: re.compile(_flexible(_bare(line["zh"])) + _GUIDE + _COLON) for line in lines}
    found: dict[str, str] = {}
    for cell in sheet.cells:
        for key, label in labels.items():
            match = label.search(cell.text)
            if not match or key in found:
                continue
            rest = cell.text[match.end() :]
            ends = [m.start() for other in labels.values() if (m := other.search(rest))]
            value = normalise_text(rest[: min(ends, default=len(rest))]).strip(_BLANK)
            if not value:  # the value in the cell beside the label's
                beside = [c for c in sheet.cells if (c.table, c.row) == (cell.table, cell.row) and c.col > cell.col and c.text.strip()]
                value = normalise_text(min(beside, key=lambda c: c.col).text).strip(_BLANK) if beside else ""
            if read_date(arabic(value)):  # a date written in characters (二〇二五年二月十五日) as the figures read it
                value = arabic(value)
            found[key] = value
    return {line["id"]: found.get(line["id"], "") for line in lines}


# ---- the whole file --------------------------------------------------------------------


def split(sheet: Sheet) -> list[Sheet]:
    """A file's cells cut at each form's title, where it holds several forms (a sheet each, or one after another), and
    a workbook's sheets apart where several name a course of their own (a sheet a course, its title left out)."""
    starts = [i for i, cell in enumerate(sheet.cells) if title_in(cell.text)]
    bounds = [0, *starts[1:], len(sheet.cells)] if len(starts) > 1 else [0, len(sheet.cells)]
    pieces = [Sheet(sheet.kind, sheet.cells[a:b]) for a, b in zip(bounds, bounds[1:])]
    return [part for piece in pieces for part in _by_sheet(piece)] if sheet.kind == "xlsx" else pieces


def _by_sheet(piece: Sheet) -> list[Sheet]:
    """A part of a workbook cut before each sheet that holds a 项目名称 label, where two or more do (a form that runs
    on over a second sheet does not repeat it); else the part whole."""
    tables = list(dict.fromkeys(c.table for c in piece.cells))
    if len(tables) < 2:
        return [piece]
    name = _labels(forms.load("national"))["project_name"]
    named = {c.table for c in piece.cells if name.exact(c.text) or name.leading(c.text) is not None or name.inline.match(c.text.lstrip())}
    if len(named) < 2:
        return [piece]
    groups: list[list[int]] = []
    for table in tables:  # a sheet without 项目名称 (a 续页) goes with the course before it
        if not groups or (table in named and any(t in named for t in groups[-1])):
            groups.append([table])
        else:
            groups[-1].append(table)
    return [Sheet(piece.kind, [c for c in piece.cells if c.table in group]) for group in groups]


def read_all(sheet: Sheet) -> list[tuple[str, Any, list[Note]]]:
    """Every form in a file (see `read`), in order; ReadError when it holds none."""
    pieces = split(sheet)
    if len(pieces) == 1:
        return [read(sheet)]
    found = []
    for piece in pieces:
        try:
            found.append(read(piece))
        except ReadError:
            continue  # a part with no form of its own (a sheet of notes): the others are read
    if not found:
        raise ReadError.of("no_form_found")
    # a part that only quotes a title (a 填表说明 sheet: 请用《…申报表》填写) reads no field: no application of its own
    filled = [item for item in found if item[0] != "application" or item[1]["data"]]
    return filled or found


def read(sheet: Sheet) -> tuple[str, Any, list[Note]]:
    """A file's cells read by their labels: ("application", draft, notes) or ("summary", [(row, cell)], notes);
    ReadError when it holds none of the forms."""
    kind = identify(sheet)
    if kind is None:
        raise ReadError.of("no_form_found")
    notes: list[Note] = []
    if kind.form == "summary":
        rows, notes = read_summary(sheet)
        if not rows and summary_header(sheet) is None:
            raise ReadError.of("no_form_found")
        return "summary", rows, notes
    year = kind.year if kind.year in editions.available() else None
    edition = editions.load(year)
    form = forms.load(kind.form, edition.year)
    title = Bilingual.each(form.label)
    if kind.where is not None:
        notes.append(Note.of("form_title", None, form=title, where=place(kind.where)))
    else:
        notes.append(Note.of("form_labels", None, form=title))
    if kind.year and kind.year != edition.year:
        notes.append(Note.of("other_year", None, found=kind.year, year=edition.year))
    if kind.where is not None:  # what stands before the title (a cover text, 填报说明 quoting the labels) is no form
        sheet = Sheet(sheet.kind, sheet.cells[next(i for i, c in enumerate(sheet.cells) if c is kind.where) :])
    if kind.where is not None and (mismatch := _mismatch(sheet, form, edition.year)) is not None:
        notes.append(mismatch)
    reading = read_application(sheet, form, edition)
    values = {k: v for k, v in reading.values.items() if v not in (None, "", {}, [])}
    return "application", drafts.new_draft(form.id, edition.year, values), notes + reading.notes
