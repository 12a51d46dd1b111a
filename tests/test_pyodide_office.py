"""Parity of the office page's Python: a round's files read and reconciled in real Pyodide (Node, the site's own
wheels and standard library) give what CPython gives, lists, figures and their HTML included."""

from __future__ import annotations

import json
import shutil

import rounds

from conftest import in_pyodide, python_folder
from generator.adapters import web


def test_office_round_is_the_same_in_the_browser(site):
    assert shutil.which("node"), "Node.js runs Pyodide in this test"
    files = rounds.make(3, 2)
    office = {"choices": {}, "lang": "en"}
    folder = python_folder(site)
    result = in_pyodide(folder / "wheels", [], folder / "python_stdlib.zip", files=files, office=office)
    read = [item for name, data in files.items() for item in web.read_files([{"name": name, "bytes": data}])]
    expected = web.office_round(json.dumps({"items": read, **office}, ensure_ascii=False))
    shown = result["office"]
    assert [x["id"] for x in shown["lists"] if x["items"]] == ["rows_without", "unlisted", "duplicates", "late", "other_edition"]
    assert shown == json.loads(json.dumps(expected, ensure_ascii=False))
