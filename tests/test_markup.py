"""Every page of the built site is valid HTML to the W3C's Nu checker (npm vnu-jar, one run over all pages): the
only errors left are Material's own, each named below; the theme partial we copy stays Material's but for its fix."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import PAGES, ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors in markup that Material writes itself, which our templates do not touch: each by its exact message.
MATERIAL = {
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off" (to stop Firefox restoring a
    # checked state on reload); HTML allows autocomplete only on text-like inputs. Twice on every page.
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, “hidden”, "
    "“month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
    # partials/nav-item.html: with navigation.sections, a section's label gets tabindex="" (`"0" if not is_section`).
    "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
}


def pages(site: Path) -> list[Path]:
    """Every HTML page of the site: both languages, the root page and the 404 page."""
    found = sorted(site.rglob("*.html"))
    expected = [site / "index.html", site / "404.html"]
    expected += [site / lang / path / "index.html" for lang in ("zh", "en") for path in PAGES]
    assert not [str(p) for p in expected if p not in found]
    return found


def vnu_errors(files: list[Path]) -> list[dict]:
    """The checker's errors (and files it could not read) over all files, in one Java start."""
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [m for m in json.loads(run.stdout)["messages"] if m["type"] in ("error", "non-document-error")]


def test_every_page_is_valid_html_but_for_materials_own_errors(site):
    files = pages(site)
    errors = vnu_errors(files)
    ours = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in errors if m["message"] not in MATERIAL]
    assert ours == []
    # The list stays short and true: a message Material no longer produces leaves it.
    assert {m["message"] for m in errors} == MATERIAL
    # …and the checker did read every page (a file it cannot parse is a "non-document-error", caught above).
    assert len(files) >= 2 + 2 * len(PAGES)


def test_the_search_partial_is_materials_with_a_named_dialog():
    """overrides/partials/search.html differs from the installed Material's only by the dialog's name."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    dialog = '<div class="md-search" data-md-component="search" role="dialog"'
    body = lambda text: text[text.index(dialog) :]  # noqa: E731  (each file's own comment comes first)
    assert body(ours) == body(theirs).replace(dialog, dialog + " aria-label=\"{{ lang.t('search') }}\"", 1)
