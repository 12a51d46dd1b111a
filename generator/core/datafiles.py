"""Read the package's data files with the standard library only (so it runs in Pyodide too).

Nothing stays open between two reads. The browser keeps a memory snapshot of a started Python and restores it on
the next visit; an open file is not part of that memory, so a handle held across calls (importlib.resources'
reader of a zipped package holds the wheel open) fails after a restore with "Bad file descriptor". Each read
asks the package's loader, which opens the wheel, reads one member and closes it again.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import pkgutil
import tomllib
import zipfile
import zipimport
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

PACKAGE = "generator"


def _name(parts: tuple[str, ...]) -> str:
    return "/".join(("data", *parts))


def read_bytes(*parts: str) -> bytes:
    """The bytes of a file in generator/data (FileNotFoundError when there is none)."""
    data = pkgutil.get_data(PACKAGE, _name(parts))
    if data is None:  # a loader that cannot read data files: not one this package is installed with
        raise FileNotFoundError(_name(parts))
    return data


def read_text(*parts: str, encoding: str = "utf-8") -> str:
    """A text file of generator/data."""
    return read_bytes(*parts).decode(encoding)


def read_toml(*parts: str) -> dict[str, Any]:
    """Parse a TOML file from generator/data."""
    return tomllib.loads(read_text(*parts))


def read_csv(*parts: str) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file from generator/data as a list of row dicts."""
    return list(csv.DictReader(io.StringIO(read_text(*parts, encoding="utf-8-sig"))))


# What a zipped package (the browser's wheel) holds cannot change while Python runs: its listings are kept, so that
# the questions asked for every draft (which editions there are) do not open the wheel each time (3 ms each in the
# browser). A package in a folder (the command line, the tests that write a new edition) is asked every time.
_KEPT: dict[tuple[str, ...], Any] = {}


def _zipped() -> bool:
    spec = importlib.util.find_spec(PACKAGE)
    return isinstance(getattr(spec, "loader", None), zipimport.zipimporter)


def exists(*parts: str) -> bool:
    """Tell whether a data file exists."""
    if ("exists", *parts) in _KEPT:
        return _KEPT[("exists", *parts)]
    try:
        read_bytes(*parts)
        found = True
    except OSError:  # a folder's loader raises FileNotFoundError, a zip's OSError
        found = False
    if _zipped():
        _KEPT[("exists", *parts)] = found
    return found


@contextmanager
def _opened(*parts: str) -> Iterator[Traversable]:
    """A folder of generator/data to walk, its zip (when the package is zipped) closed afterwards."""
    root = files(PACKAGE)
    node = root / "data"
    for part in parts:
        node = node / part
    try:
        yield node
    finally:
        if isinstance(root, zipfile.Path):
            root.root.close()


def folders(*parts: str) -> list[str]:
    """The names of the folders inside a folder of generator/data, sorted."""
    if ("folders", *parts) in _KEPT:
        return list(_KEPT[("folders", *parts)])
    with _opened(*parts) as node:
        names = sorted(entry.name for entry in node.iterdir() if entry.is_dir())
    if _zipped():
        _KEPT[("folders", *parts)] = names
    return list(names)


def on_disk(*parts: str) -> Path:
    """A data file or folder as a path on disk, for the command line's writers (a zipped package has none)."""
    with _opened(*parts) as node:
        if not isinstance(node, Path):
            raise FileNotFoundError(f"{_name(parts)} is inside a zip; install the package from a folder to write it")
        return node
