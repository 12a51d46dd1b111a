"""One thing said in Chinese and in English: the project's one bilingual value."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

LANGS = ("zh", "en")
# How the data files name the two sides of a fact: `title` in Chinese, `title_en` in English.
SUFFIX = {"zh": "", "en": "_en"}


@dataclass(frozen=True)
class Bilingual:
    """A text in both languages. `.zh` and `.en` are what was given; `[lang]` is what a reader of `lang` is shown:
    where no English is given, the Chinese (a citation the English pages keep as it is written: 联系方式)."""

    zh: str
    en: str = ""

    def __getitem__(self, lang: str) -> str:
        """The text in `lang` ("zh" or "en"), the Chinese where the English is missing."""
        if lang not in LANGS:
            raise KeyError(lang)
        return self.zh if lang == "zh" else self.en or self.zh

    @classmethod
    def each(cls, say: Callable[[str], Any]) -> Bilingual:
        """The text `say(lang)` gives in each language."""
        return cls(*(str(say(lang)) for lang in LANGS))

    @classmethod
    def same(cls, text: Any) -> Bilingual:
        """A text written the same way in both languages (a number, a name, the notice's own words); "" for None."""
        text = "" if text is None else str(text)
        return cls(text, text)

    @classmethod
    def read(cls, table: Mapping[str, Any], key: str, optional_en: bool = False) -> Bilingual:
        """The fact `key` of a data file's table in both languages: `key` and `key_en` (a KeyError when the table
        lacks either, unless the English is `optional_en`: then the Chinese stands for it)."""
        return cls(table[key], table.get(key + SUFFIX["en"], "") if optional_en else table[key + SUFFIX["en"]])

    @classmethod
    def of(cls, value: Any) -> Bilingual | None:
        """The bilingual value `value` holds (itself, or {"zh": …, "en": …} as JSON carries one), None for anything else."""
        if isinstance(value, Bilingual):
            return value
        if isinstance(value, dict) and set(value) == set(LANGS):
            return cls(str(value["zh"]), str(value["en"]))
        return None

    def map(self, change: Callable[[str], str]) -> Bilingual:
        """Both sides changed the same way."""
        return Bilingual(change(self.zh), change(self.en))

    def shown(self, lang: str, sep: str = "\n") -> str:
        """One language's text, or both joined by `sep` (any other `lang`: the command line's --lang both)."""
        return self[lang] if lang in LANGS else f"{self.zh}{sep}{self['en']}"

    def to_dict(self) -> dict[str, str]:
        """{"zh": …, "en": …}: the shape JSON and the browser carry."""
        return {lang: self[lang] for lang in LANGS}


def plain(value: Any) -> Any:
    """`value` ready for JSON: every bilingual value in it (in dicts, lists, tuples) as {"zh": …, "en": …}."""
    if isinstance(value, Bilingual):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
