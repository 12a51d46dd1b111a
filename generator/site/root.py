"""The two pages outside the MkDocs sites, in both languages at once: the root page and the 404 page."""

from __future__ import annotations

from ..core.words import WORDS
from .templating import environment


def _render(name: str) -> str:
    """A root template with the site's words of both languages (`zh`, `en`), ending in a newline as a file does
    (jinja2 drops a template's last one)."""
    return environment().get_template(name).render(zh=WORDS["zh"]["site"], en=WORDS["en"]["site"]) + "\n"


def root_page() -> str:
    """The page at the site's root: it sends a reader to zh/ or, when the browser asks for English, to en/."""
    return _render("root.html.j2")


def not_found_page() -> str:
    """The 404 page: MkDocs' own link from "/", which breaks under a subpath; this one finds the site's root."""
    return _render("404.html.j2")
