"""The official wording of each label, matched as people type it: any spacing, either width, guidance after it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ...core import forms

OPEN, CLOSE = re.escape("（(【["), re.escape("）)】]")  # for character classes
STAMP = re.compile(rf"[{OPEN}]\s*盖\s*章\s*[{CLOSE}]")
# printed guidance or a stamp note after a label: （仅单选）, （盖章）, (包括但不限于…)
GUIDE = r"(?:\s*[（(【\[][^（(）)【】\[\]]*[）)】\]])*"
COLON = r"\s*[:：]"
_REQUIRED = r"(?:[*＊★※]\s*)?"  # the mark a clerk puts before a required field's label: *项目名称
BLANK = "_＿ 　\t"  # what a printed blank is drawn with
LEADING_LINES = 8  # a label with its printed guidance takes a few lines of its cell; a value may follow them


# ---- matching the official wording ----------------------------------------------


def flexible(words: str) -> str:
    """A pattern for `words` as people type them: any spacing or line break between characters, either width."""
    out = []
    for ch in unicodedata.normalize("NFKC", words):
        if ch.isspace():
            continue
        wide = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"}.get(ch)
        out.append(f"[{re.escape(ch)}{wide}]" if wide else re.escape(ch))
    return r"\s*".join(out)


def bare(label: str) -> str:
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
        wording = flexible(bare(words))
        whole = re.compile(rf"\s*{_REQUIRED}{wording}{GUIDE}(?:{COLON})?[\s{BLANK}]*{GUIDE}\s*", re.S)
        inline = re.compile(rf"(?:^|(?<=[\s）)】。；;，,])){_REQUIRED}{wording}{GUIDE}{COLON}", re.S)
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


def form_labels(form: forms.Form) -> dict[str, Label]:
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
        for key, label in form_labels(form).items():
            labels[f"{form_id}:{key}"] = label
    for column in forms.summary_columns():
        labels[f"summary:{column.id}"] = Label.of(column.id, column.name.zh)
    return list(labels.values())
