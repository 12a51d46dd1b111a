"""Render an official form as HTML with jinja2: the docs' blank form and the print view of a filled one."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..core import drafts, editions, forms
from .layout import attachment_mark, cell_text, heading_lines, layout

_COLUMNS = "ABCDE"


@cache
def environment() -> Environment:
    """The jinja2 environment of generator/templates, escaping every value."""
    return Environment(loader=PackageLoader("generator", "templates"), autoescape=True, undefined=StrictUndefined, trim_blocks=True)


def _rows(app: drafts.Application) -> list[dict[str, Any]]:
    form = app.form
    plan = layout(form).rows
    rows = []
    for index, row in enumerate(plan):
        first_of_block = bool(row.block) and (index == 0 or plan[index - 1].block != row.block)
        span = 0
        while first_of_block and index + span < len(plan) and plan[index + span].block == row.block:
            span += 1
        cells = []
        for piece in row.pieces:
            width = _COLUMNS.index(piece.last) - _COLUMNS.index(piece.first) + 1
            if piece.field is None:
                cells.append({"label": True, "text": piece.label.zh, "en": piece.label.en, "span": width})
            else:
                reviewer = form.field(piece.field).filled_by(form.id) == "reviewer"
                cells.append(
                    {"label": False, "text": cell_text(form, app, piece), "span": width, "field": piece.field, "reviewer": reviewer}
                )
        rows.append({"block": row.block, "block_span": span, "cells": cells, "tall": row.tall})
    return rows


def form_html(app: drafts.Application, english: bool = False) -> str:
    """附件1 or 附件2 as an HTML table, filled with the application (blank for an empty one)."""
    attachment = app.edition.attachments[app.form.id]
    return (
        environment()
        .get_template("form.html.j2")
        .render(
            attachment=attachment_mark(app.edition, app.form.id),
            heading=attachment["heading"],
            lines=heading_lines(app),
            rows=_rows(app),
            english=english,
        )
    )


def blank_form_html(form: str, year: int | None = None, english: bool = False) -> str:
    """The empty official form, as printed in the notice."""
    return form_html(drafts.application(drafts.new_draft(form, year)), english)


def summary_html(year: int | None = None, english: bool = False) -> str:
    """The empty 附件3 table with its heading lines."""
    edition = editions.load(year)
    attachment = edition.attachments["summary"]
    header = forms.summary_header(edition.year)
    columns = forms.summary_columns(edition.year)
    return (
        environment()
        .get_template("summary.html.j2")
        .render(
            attachment=attachment_mark(edition, "summary"),
            heading=attachment["heading"],
            header=header,
            columns=columns,
            english=english,
        )
    )
