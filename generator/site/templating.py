"""The jinja2 templates of the site's generated Markdown and of its root pages (generator/site/templates)."""

from __future__ import annotations

import html as _html
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..core.words import WORDS

TEMPLATES = Path(__file__).with_name("templates")


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return _html.escape(text, quote=False).replace("|", "&#124;").replace("\n", "<br>")


def attr(text: str) -> str:
    """Text safe inside a double-quoted HTML attribute (or HTML text)."""
    return _html.escape(text)


def rule_anchor(rule_id: str) -> str:
    """The id of a rule's row on the rules page."""
    return "rule-" + rule_id.replace(".", "-").replace("_", "-")


@cache
def environment() -> Environment:
    """Markdown is not escaped as a whole (autoescape off): values that need it go through `cell` or `attr`."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(cell=cell, attr=attr, rule_anchor=rule_anchor)
    return env


def render(name: str, lang: str, **context: Any) -> str:
    """Render a page template with the page words of `lang` (`t`) and the countdown's words at hand."""
    return environment().get_template(name).render(t=WORDS[lang]["pages"], countdown_words=WORDS[lang]["countdown"], **context)
