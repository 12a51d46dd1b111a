"""Read the package's data files with the standard library only (so it runs in Pyodide too)."""

from __future__ import annotations

import csv
import io
import tomllib
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

DATA: Traversable = files("generator") / "data"


def path(*parts: str) -> Traversable:
    """Return a path inside generator/data."""
    node = DATA
    for part in parts:
        node = node / part
    return node


def read_toml(*parts: str) -> dict[str, Any]:
    """Parse a TOML file from generator/data."""
    return tomllib.loads(path(*parts).read_text(encoding="utf-8"))


def read_csv(*parts: str) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file from generator/data as a list of row dicts."""
    text = path(*parts).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def exists(*parts: str) -> bool:
    """Tell whether a data file exists."""
    return path(*parts).is_file()
