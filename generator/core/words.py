"""The words of this project, one catalogue per language (data/words/<lang>.toml): the pages' words and each rule's message."""

from __future__ import annotations

import string
from typing import Any

from . import datafiles

LANGS = ("zh", "en")
WORDS: dict[str, dict[str, dict[str, str]]] = {lang: datafiles.read_toml("words", f"{lang}.toml") for lang in LANGS}

_SHARED = ("loading", "ready", "failed", "restarting", "error", "warning", "clause", "guide_link")
FORM_UI: dict[str, dict[str, str]] = {lang: WORDS[lang]["form"] for lang in LANGS}
# The desk says the shared words as the form page does.
COLLECT_UI: dict[str, dict[str, str]] = {lang: {**{k: FORM_UI[lang][k] for k in _SHARED}, **WORDS[lang]["collect"]} for lang in LANGS}
ROUND_UI: dict[str, dict[str, str]] = {lang: WORDS[lang]["round"] for lang in LANGS}


class _Fill(dict):
    """Parameters for one language: a {"zh": …, "en": …} value gives its `lang` side; a missing one `blank`."""

    def __init__(self, values: dict[str, Any], lang: str, blank: str | None) -> None:
        super().__init__(values)
        self.lang, self.blank = lang, blank

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        return value.get(self.lang, "") if isinstance(value, dict) and set(value) == set(LANGS) else value

    def __missing__(self, key: str) -> str:
        if self.blank is None:
            raise KeyError(key)
        return self.blank


def rule_message(rule_id: str, params: dict[str, Any], lang: str, blank: str | None = None) -> str:
    """The message of a rule in one language, filled with its parameters (the one renderer of findings)."""
    return string.Formatter().vformat(WORDS[lang]["rules"][rule_id], (), _Fill(params, lang, blank))
