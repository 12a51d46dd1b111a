"""Write 附件1/附件2 (one project) and 附件3 (any number of rows) as Word documents, in pure Python:
WordprocessingML parts from the jinja2 templates in templates/docx/, zipped with the standard library
(python-docx needs lxml, which the browser's Python does not have offline). Mirrors xlsx.py."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from ..core import drafts, editions, forms
from ..core.batch import Batch
from ..core.types import PAPER
from ..core.words import WORDS
from . import widths
from .html import environment
from .layout import (
    APP_WIDTHS,
    PROP,
    attachment_mark,
    cell_text,
    document_title,
    heading_lines,
    layout,
    properties,
    review_plan,
    review_rows,
    summary_lines,
    summary_plan,
)

A4 = (11906, 16838)  # width and height in twentieths of a point
MARGIN = 1247  # 2.2 cm
TEXT_FONT = PAPER["fonts"]["text"]
TITLE_FONT = PAPER["fonts"]["title"]
# Each font with the one Word or WPS uses where it is not installed.
FONTS = list(PAPER["fonts"]["fallback"].items())

ROW, TALL_ROW, REVIEW_ROW = 567, 1700, 2600  # minimum heights: 1 cm, 3 cm, 4.6 cm
CELL_PAD = 12.0  # points: Word's cell margins (0.19 cm each side) and the borders


def _grid(weights: list[int], page_width: int = A4[0]) -> list[int]:
    usable = page_width - 2 * MARGIN
    widths = [usable * w // sum(weights) for w in weights]
    widths[-1] += usable - sum(widths)
    return widths


def _title_size(heading: str, page_width: int) -> int:
    """The title's size in half points: 18 points (二号 as the Title style), or less to keep it on one line."""
    return round(2 * widths.title_size(heading, (page_width - 2 * MARGIN) / 20, 18))


def _paragraphs(text: str) -> list[str]:
    """A cell's text as paragraphs, with what XML cannot hold replaced (the rule text.unstorable says so)."""
    return drafts.storable(text or "").split("\n") or [""]


def _cell(
    text: str, width: int, span: int = 1, *, label: bool = False, align: str = "left", valign: str = "center", vmerge: str = ""
) -> dict[str, Any]:
    return {
        "paragraphs": _paragraphs(text),
        "width": width,
        "span": span,
        "vmerge": vmerge,
        "align": "center" if label else align,
        "valign": valign,
        "bold": False,
        "size": 0,  # half-points; 0: the Cell style's
    }


def _application_rows(app: drafts.Application, grid: list[int]) -> list[dict[str, Any]]:
    form = app.form
    plan = layout(form).rows
    columns = "ABCDE"
    rows = []
    for index, row in enumerate(plan):
        cells = []
        if row.block:
            first = index == 0 or plan[index - 1].block != row.block
            cells.append(_cell(row.block.zh if first else "", grid[0], label=True, vmerge="restart" if first else "continue"))
        reviewer = False
        for piece in row.pieces:
            start, end = columns.index(piece.first), columns.index(piece.last) + 1
            width = sum(grid[start:end])
            if piece.field is None:
                cells.append(_cell(piece.label.zh, width, end - start, label=True))
                continue
            reviewer = form.field(piece.field).filled_by(form.id) == "reviewer"
            tall = form.field(piece.field).type == "longtext"
            text = cell_text(form, app, piece)
            if form.field(piece.field).type == "daterange":
                text = _range_lines(text, width)
            cells.append(
                _cell(
                    text,
                    width,
                    end - start,
                    align="right" if reviewer else "left",
                    valign="bottom" if reviewer else ("top" if tall else "center"),
                )
            )
        height = REVIEW_ROW if reviewer else TALL_ROW if row.tall else ROW
        rows.append({"cells": cells, "height": height, "header": False})
    return rows


RANGE_JOINER = PAPER["range"].format(start="", end="")  # 至


def _range_lines(text: str, width: int) -> str:
    """A date range that does not fit its cell on one line, broken after 至: each date whole on its line (Word breaks
    Chinese text anywhere, “2025年7月” over “17日”)."""
    if widths.half_ems(text) * 6 <= width / 20 - CELL_PAD:  # 12 points: 6 a half-em
        return text
    return text.replace(RANGE_JOINER, RANGE_JOINER + "\n", 1)


def _package(document: str, title: str, subject: str = "", props: dict[str, str] | None = None) -> bytes:
    """The .docx zip: the document and the parts every Word file needs, with fixed timestamps; `props`, our custom
    properties (what the file is, the answers without a cell), as the Excel forms carry them."""
    env = environment()
    render = lambda name, **values: env.get_template(f"docx/{name}.xml.j2").render(**values)  # noqa: E731
    parts = {
        "[Content_Types].xml": render("content_types", custom=bool(props)),
        "_rels/.rels": render("rels", custom=bool(props)),
        "docProps/core.xml": render("core", title=drafts.storable(title), subject=drafts.storable(subject), created="2000-01-01T00:00:00Z"),
        "docProps/app.xml": render("app"),
        "word/_rels/document.xml.rels": render("document_rels"),
        "word/document.xml": document,
        "word/styles.xml": render("styles", text_font=TEXT_FONT, title_font=TITLE_FONT),
        "word/settings.xml": render("settings"),
        "word/fontTable.xml": render("font_table", fonts=FONTS),
    }
    if props:
        parts["docProps/custom.xml"] = render("custom", prefix=PROP, props=props)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_application(app: drafts.Application) -> bytes:
    """The .docx bytes of 附件1 or 附件2, laid out like the official table."""
    attachment = app.edition.attachments[app.form.id]
    grid = _grid(list(APP_WIDTHS.values()))
    document = (
        environment()
        .get_template("docx/document.xml.j2")
        .render(
            attachment=attachment_mark(app.edition, app.form.id),
            heading=attachment["heading"],
            title_size=_title_size(attachment["heading"], A4[0]),
            lines=[drafts.storable(line) for line in heading_lines(app)],
            grid=grid,
            rows=_application_rows(app, grid),
            margin=MARGIN,
            page=A4,
            landscape=False,
            review=None,
        )
    )
    return _package(document, document_title(app.edition, app.form.id), app.get("project_name") or "", properties(app))


REVIEW_SIZE = 21  # half-points: 审核记录 in 10.5 points (五号), as the Excel sheet's 11


def _review_table(review: Batch, page_width: int) -> dict[str, Any]:
    """审核记录 as a table of its own (the same rows as the Excel sheet, layout.review_rows), header repeated."""
    rows = review_rows(review.entries, review.findings)
    plan = review_plan(rows)
    room = (page_width - 2 * MARGIN) / 20  # points
    grid = _grid([round(p * 20) for p in widths.fit(plan, REVIEW_SIZE / 2, room, CELL_PAD)], page_width)
    head = {"cells": [{**_cell(c.header, w, label=True), "bold": True, "size": REVIEW_SIZE} for c, w in zip(plan, grid)]}
    body = [{"cells": [{**_cell(v, w), "size": REVIEW_SIZE} for v, w in zip(row, grid)]} for row in rows]
    return {
        "title": WORDS["zh"]["review"]["sheet"],
        "grid": grid,
        "rows": [{**head, "height": ROW, "header": True}, *({**row, "height": ROW, "header": False} for row in body)],
    }


def write_summary(
    rows: list[list[str]], unit: str = "", date: dt.date | None = None, year: int | None = None, review: Batch | None = None
) -> bytes:
    """The .docx bytes of 附件3: the heading lines and one numbered row per application, header repeated on each page,
    and, if `review` is given, 审核记录 after it on pages of its own, as the Excel workbook's second sheet.
    A4 landscape: six columns of names and phone numbers do not fit a portrait page legibly."""
    edition = editions.load(year)
    attachment = edition.attachments["summary"]
    columns = forms.summary_columns(edition.year)
    page = (A4[1], A4[0])
    room = (page[0] - 2 * MARGIN) / 20  # points
    points = widths.fit(summary_plan(rows, edition.year), 12, room, CELL_PAD)  # each column as wide as what it holds
    grid = _grid([round(p * 20) for p in points], page[0])
    head = {"cells": [_cell(c.name.zh, w, label=True) for c, w in zip(columns, grid)], "height": ROW, "header": True}
    for cell in head["cells"]:
        cell["bold"] = True
    body = [
        {
            "cells": [_cell(value, w, align="center" if i in (0, 3) else "left") for i, (value, w) in enumerate(zip([str(n), *row], grid))],
            "height": ROW,
            "header": False,
        }
        for n, row in enumerate(rows, 1)
    ]
    document = (
        environment()
        .get_template("docx/document.xml.j2")
        .render(
            attachment=attachment_mark(edition, "summary"),
            heading=attachment["heading"],
            title_size=_title_size(attachment["heading"], page[0]),
            lines=summary_lines(edition, unit, date),
            grid=grid,
            rows=[head, *body],
            margin=MARGIN,
            page=page,
            landscape=True,
            review=_review_table(review, page[0]) if review is not None else None,
        )
    )
    return _package(document, document_title(edition, "summary"), unit)
