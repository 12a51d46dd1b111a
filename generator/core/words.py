"""The words of this project, one catalogue per language (data/words/<lang>.toml): the pages' words and each rule's message."""

from __future__ import annotations

import string
from typing import Any

from . import datafiles
from .bilingual import LANGS, Bilingual

WORDS: dict[str, dict[str, dict[str, str]]] = {lang: datafiles.read_toml("words", f"{lang}.toml") for lang in LANGS}

_SHARED = (
    "loading",
    "ready",
    "failed",
    "restarting",
    "starting_fresh",
    "error",
    "warning",
    "fault",
    "note",
    "faults",
    "clause",
    "cited",
    "guide_link",
    "date_format",
    "technical_details",
    "unavailable_download_link",
    "date_read",
)
FORM_UI: dict[str, dict[str, str]] = {lang: WORDS[lang]["form"] for lang in LANGS}
# The desk says the shared words as the form page does (and why Python could not start: problem_…).
COLLECT_UI: dict[str, dict[str, str]] = {
    lang: {
        **{k: v for k, v in FORM_UI[lang].items() if k.removesuffix("_one") in _SHARED or k.startswith("problem_")},
        **WORDS[lang]["collect"],
    }
    for lang in LANGS
}
# The office's page says them so too, and names the working lists as the workbook does.
_FROM_OFFICE = ("choice_national", "choice_provincial", "no_department", "list_empty")
OFFICE_UI: dict[str, dict[str, str]] = {
    lang: {
        **{k: v for k, v in FORM_UI[lang].items() if k.removesuffix("_one") in _SHARED or k.startswith("problem_")},
        "items_separator": FORM_UI[lang]["items_separator"],
        **{k: WORDS[lang]["office"][k] for k in _FROM_OFFICE},
        **WORDS[lang]["office_page"],
    }
    for lang in LANGS
}
ROUND_UI: dict[str, dict[str, str]] = {lang: WORDS[lang]["round"] for lang in LANGS}


class _Fill(dict):
    """Parameters for one language: a bilingual value (or {"zh": …, "en": …}) gives its `lang` side; a missing one `blank`."""

    def __init__(self, values: dict[str, Any], lang: str, blank: str | None) -> None:
        super().__init__(values)
        self.lang, self.blank = lang, blank

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        text = Bilingual.of(value)
        return value if text is None else text[self.lang]

    def __missing__(self, key: str) -> str:
        if self.blank is None:
            raise KeyError(key)
        return self.blank


def say(section: str, key: str, lang: str, params: dict[str, Any] | None = None, blank: str | None = None) -> str:
    """One entry of a catalogue in one language, filled with its parameters (bilingual ones give their side).
    Where the count {n} is 1 and the catalogue has `<key>_one` ("1 error" beside "{n} errors"), that is said."""
    entries = WORDS[lang][section]
    if (params or {}).get("n") == 1 and f"{key}_one" in entries:
        key = f"{key}_one"
    return _COUNTED.vformat(entries[key], (), _Fill(params or {}, lang, blank))


class _Counted(string.Formatter):
    """A count with the noun it takes: {files:# file|# files} says "1 file" or "3 files" (# is the count), for
    entries with several counts, where one `<key>_one` cannot say each."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:  # a blank (the rules page's …) takes the plural
            one, many = format_spec.split("|", 1)
            return (one if value == 1 else many).replace("#", str(value))
        return super().format_field(value, format_spec)


_COUNTED = _Counted()


def entry(section: str, key: str, /, **params: Any) -> Bilingual:
    """One entry of the catalogues in both languages."""
    return Bilingual.each(lambda lang: say(section, key, lang, params))


def listed(items: Any, lang: str | None = None) -> Any:
    """Items joined as each language lists them (、 / , ): one language's text, or both (a Bilingual)."""
    if lang:
        return WORDS[lang]["marks"]["list"].join(map(str, items))
    items = list(items)  # each language reads them: a generator would be used up by the first
    return Bilingual.each(lambda code: listed(items, code))


def rule_message(rule_id: str, params: dict[str, Any], lang: str, blank: str | None = None) -> str:
    """The message of a rule in one language, filled with its parameters (the one renderer of findings)."""
    return say("rules", rule_id, lang, params, blank)
