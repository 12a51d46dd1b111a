"""README's "How it fits together" names every module, page script and script: a file added without its line fails here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _map() -> str:
    """The map: the code block under README's "How it fits together"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it fits together", 1)[1]
    return re.search(r"```\n(.*?)```", section, re.S).group(1)


def _files() -> list[Path]:
    """Every module of the package, every script of the pages and every build script."""
    modules = [p for p in (ROOT / "generator").rglob("*.py") if p.name not in {"__init__.py", "__main__.py"}]
    pages = list((ROOT / "overrides" / "assets").rglob("*.js"))
    scripts = [p for p in (ROOT / "scripts").iterdir() if p.suffix in {".py", ".mjs", ".sh"}]
    return sorted(modules + pages + scripts)


def test_every_module_and_page_script_has_its_line_in_the_readme_map():
    text = _map()
    missing = [str(p.relative_to(ROOT)) for p in _files() if not re.search(rf"(?<![\w.-]){re.escape(p.name)}(?![\w-])", text)]
    assert not missing, f"README's map (How it fits together) does not name: {missing}"
