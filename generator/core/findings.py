"""What a check reports: a finding with its rule, field, severity, parameters and clause; its text comes from the words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .bilingual import Bilingual, plain
from .words import entry, rule_message, say

ERROR = "error"
WARNING = "warning"
FAULT = "fault"  # a check of this tool that could not run: the tool's failure, never counted against the application
NOTE = "note"  # what reading a form by its labels found (a field read, a label not found): said, never counted


@dataclass(frozen=True)
class Finding:
    """One thing wrong (error) or worth a second look (warning) in an application."""

    rule: str
    severity: str
    field: str | None
    params: dict[str, Any] = field(default_factory=dict)  # the rule's parameters and the edition's facts
    # as the pages cite it: 三（一）, 附件4第3条 / clause 3(1), 附件4 item 3 (the glossary's citation style)
    clause: Bilingual = Bilingual("")
    anchor: str = ""
    quote: str = ""
    guide: str = ""  # the field's place in the form guide ("national/#period"), for findings no clause explains

    def message(self, lang: str = "zh") -> str:
        """The message in one language."""
        return rule_message(self.rule, self.params, lang)

    @property
    def zh(self) -> str:
        return self.message("zh")

    @property
    def en(self) -> str:
        return self.message("en")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the shape of `validate --json` and of the browser's replies)."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "field": self.field,
            "clause": self.clause.zh,
            "clause_en": self.clause["en"],
            "anchor": self.anchor,
            "quote": self.quote,
            "guide": self.guide,
            "message": Bilingual.each(self.message).to_dict(),
        }


@dataclass(frozen=True)
class Note(Finding):
    """What reading a hand-filled form found (where a field was read, a label not found …): words of [reading]."""

    def message(self, lang: str = "zh") -> str:
        """The note in one language."""
        return say("reading", self.rule, lang, self.params)

    @classmethod
    def of(cls, key: str, field: str | None = None, **params: Any) -> Note:
        """The note `key` of the [reading] catalogue about `field`, with its parameters (plain or Bilingual)."""
        return cls(key, NOTE, field, params)

    def to_dict(self) -> dict[str, Any]:
        """As a finding, with its parameters, so that the desk hands it back to Python unchanged."""
        return {**super().to_dict(), "params": plain(self.params)}

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> Note:
        """A note the page kept (to_dict) back."""
        return cls(str(value.get("rule")), NOTE, value.get("field"), dict(value.get("params") or {}))


def errors(findings: list[Finding]) -> list[Finding]:
    """Only the errors."""
    return [f for f in findings if f.severity == ERROR]


def warnings(findings: list[Finding]) -> list[Finding]:
    """Only the warnings."""
    return [f for f in findings if f.severity == WARNING]


def faults(findings: list[Finding]) -> list[Finding]:
    """Only the checks that could not run (the tool's failures)."""
    return [f for f in findings if f.severity == FAULT]


class ReadError(Exception):
    """A file or value that cannot be read as an application, explained in both languages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.text = Bilingual(zh, en)

    @property
    def zh(self) -> str:
        return self.text.zh

    @property
    def en(self) -> str:
        return self.text["en"]

    @classmethod
    def of(cls, key: str, **params: Any) -> ReadError:
        """The error whose words are `key` of the [read] catalogue, filled with `params`."""
        text = entry("read", key, **params)
        return cls(text.zh, text.en)

    def message(self, lang: str = "zh") -> str:
        """The explanation in one language."""
        return self.text[lang]
