"""The round's figures as HTML for the office page: each an SVG bar chart people read at a glance (role="img",
its aria-label and <title> saying the numbers) and a table with the same numbers. Everything shown is escaped."""

from __future__ import annotations

from html import escape

from ..core import words
from ..core.intake import Figure

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_ROOM, VALUE_ROOM = 22, 6, 220, 300, 60  # px of the drawing's own units


def chart(figure: Figure, lang: str) -> str:
    """One figure as an SVG bar chart: one bar a row, its label left and its number right."""
    title = figure.title[lang]
    items = words.WORDS[lang]["marks"]["list"].join(
        words.say("office", "chart_item", lang, {"label": label[lang], "value": value}) for label, value in figure.rows
    )
    said = words.say("office", "chart_label", lang, {"title": title, "items": items})
    most = max((value for _, value in figure.rows), default=0) or 1
    height = len(figure.rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_ROOM + VALUE_ROOM
    bars = []
    for n, (label, value) in enumerate(figure.rows):
        y = GAP + n * (BAR_HEIGHT + GAP)
        length = round(BAR_ROOM * value / most)
        middle = y + BAR_HEIGHT / 2
        bars.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" dominant-baseline="middle">{escape(label[lang])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" class="ku-bar"></rect>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" dominant-baseline="middle">{value}</text>'
        )
    return (
        f'<svg role="img" aria-label="{escape(said)}" viewBox="0 0 {width} {height}" width="100%" class="ku-chart" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(said)}</title>{"".join(bars)}</svg>'
    )


def table(figure: Figure, lang: str) -> str:
    """The same numbers as a table, captioned with the figure's title."""
    head = "".join(f'<th scope="col">{escape(words.say("office", key, lang))}</th>' for key in ("column_item", "column_value"))
    rows = "".join(f'<tr><th scope="row">{escape(label[lang])}</th><td>{value}</td></tr>' for label, value in figure.rows)
    return f"<table><caption>{escape(figure.title[lang])}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def html(figures: list[Figure], lang: str) -> str:
    """Every figure: a <figure> with its chart and its table, in the page's language."""
    return "".join(f'<figure class="ku-figure" data-figure="{escape(f.id)}">{chart(f, lang)}{table(f, lang)}</figure>' for f in figures)
