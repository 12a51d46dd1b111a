"""MkDocs hooks: fill the pages from generator/ and write the calendar file. Thin on purpose."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from mkdocs.structure.files import File

from generator.core import editions, words
from generator.site import csp, ics, language_parts, material, pages, search

# The pages that start Python (overrides/python-page.html and the pages that extend it).
PYTHON_PAGES = ("form.html", "collect.html", "office.html")
_MARKER = re.compile(r"<!--\s*generated:([\w:.-]+)\s*-->")


def _lang(config) -> str:
    return config["theme"]["language"]


def on_config(config):
    """The notice the site follows: extra.edition in mkdocs.yml, else the latest (one build per process)."""
    pages.EDITION.set(config["extra"].get("edition"))
    config["site_description"] = pages.site_description(_lang(config))  # the search engines' line names this year
    return config


def on_files(files, config):
    """Each earlier edition's overview, notice, instructions and rules, at editions/<year>/."""
    for year in (y for y in editions.available() if y < pages.current_year()):
        for name, content in pages.past_edition_pages(year, _lang(config)).items():
            files.append(File.generated(config, f"editions/{year}/{name}", content=content))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Replace <!-- generated:… --> blocks and [[placeholders]] with what generator/ renders; a page of an earlier
    edition with that edition's facts, its links to its own notice and rules beside it."""
    lang = _lang(config)
    year = page.meta.get("edition")
    root = "" if year else "../" * page.file.src_uri.count("/")
    html_root = "../" * page.url.count("/")
    with pages.edition_of(year) if year else contextlib.nullcontext():
        markdown = _MARKER.sub(lambda m: pages.render(m[1], lang, root, html_root), markdown)
        return pages.fill_placeholders(markdown, lang, root)


def on_post_build(config) -> None:
    """Write the deadlines as an iCalendar file beside the pages; tune the search index Material wrote."""
    year = pages.current_year()
    Path(config["site_dir"], f"deadlines-{year}.ics").write_bytes(ics.calendar(_lang(config), year).encode("utf-8"))
    search.rewrite(Path(config["site_dir"], "search", "search_index.json"), _lang(config))


def on_page_context(context, page, config, nav):
    """Give the form page its form definitions, the collecting desk and the office their strings, all the pattern of Chinese."""
    if page.meta.get("template") == "form.html":
        context["ku_form"] = pages.form_page(_lang(config))
    elif page.meta.get("template") == "collect.html":
        context["ku_collect"] = {
            "lang": _lang(config),
            "year": pages.current_year(),
            "ui": words.COLLECT_UI[_lang(config)],
            "round": pages.round_phases(_lang(config)),
            "date_hint": pages.date_hint(_lang(config)),
        }
    elif page.meta.get("template") == "office.html":
        context["ku_office"] = {"lang": _lang(config), "year": pages.current_year(), "ui": words.OFFICE_UI[_lang(config)]}
    context["ku_chinese"] = language_parts.js_pattern()  # the Python pages mark Chinese in their messages
    context["ku_round"] = pages.round_banner(_lang(config))
    return context


def on_post_page(output: str, page, config) -> str:
    """Every page gets its Content-Security-Policy, the site's search worker (material-search.js, which on the
    pages that start Python loads the index and Material's worker on the first query) and, on the English site,
    its Chinese marked as such."""
    output = material.with_search_worker(output, lazy=page.meta.get("template") in PYTHON_PAGES)
    if _lang(config) == "en":
        output = language_parts.mark_chinese(output)
    return csp.with_csp(output)
