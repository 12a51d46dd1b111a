"""Parity: the browser's Python (Pyodide, run by Node, with the site's own wheels and standard library, compiled
and trimmed by scripts/bytecode.py) gives the same findings and files as CPython, on a first visit ("fresh") and on
a returning one, where Python is restored from the memory snapshot the first visit kept ("restored")."""

from __future__ import annotations

import json
import shutil

import pytest
from handmade import PARITY_DOCX, PARITY_FRAMED, openpyxl_national

from conftest import PARITY_DRAFTS, application, in_pyodide, python_folder
from generator.adapters import web
from generator.core import rules
from generator.io import xlsx

# forms filled in Word (made by LibreOffice: tests/handmade.py), the second nested in a frame table
HAND_FILLED = {path.name: path.read_bytes() for path in (PARITY_DOCX, PARITY_FRAMED)}


@pytest.fixture(scope="module", params=["fresh", "restored"])
def pyodide_results(site, request):
    assert shutil.which("node"), "Node.js runs Pyodide in this test"
    folder = python_folder(site)
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in PARITY_DRAFTS] + [
        None,
        [],
        {"form": "provincial", "data": {"period": "7月"}},
    ]
    files = {**HAND_FILLED, "附件1-自制.xlsx": openpyxl_national()[0]}
    result = in_pyodide(folder / "wheels", cases, folder / "python_stdlib.zip", restored=request.param == "restored", files=files)
    return cases, {**result, "sent": files}


def test_the_site_ships_the_standard_library_as_bytecode(pyodide_results):
    _, result = pyodide_results
    # every standard-library module the checks and the files import came from bytecode, none compiled from source
    assert result["stdlib_suffixes"] == ["pyc"]


def test_pyodide_runs_python_3_14(pyodide_results):
    _, result = pyodide_results
    assert tuple(result["python"]) >= (3, 14)


def test_findings_are_the_same_in_the_browser_and_on_the_command_line(pyodide_results):
    cases, result = pyodide_results
    for case, browser in zip(cases, result["results"], strict=True):
        assert browser["findings"] == [f.to_dict() for f in rules.validate(case)]


def test_python_holds_no_file_open_when_its_snapshot_is_taken(pyodide_results):
    """An open file is not in the snapshot: whatever reads through it after a restore fails (Bad file descriptor)."""
    _, result = pyodide_results
    assert result["open_at_snapshot"] == []


def test_excel_round_trip_is_the_same_in_the_browser(pyodide_results):
    cases, result = pyodide_results
    for case, browser in zip(cases, result["results"], strict=True):
        try:
            expected = xlsx.read_application(xlsx.write_application(application(case)))
        except Exception as err:
            expected = type(err).__name__
        assert browser["read_back"] == expected


def test_word_files_are_byte_for_byte_the_same_in_the_browser(pyodide_results):
    import hashlib

    from generator.io import docx

    cases, result = pyodide_results
    for case, browser in zip(cases, result["results"], strict=True):
        try:
            expected = hashlib.sha256(docx.write_application(application(case))).hexdigest()
        except Exception as err:
            expected = type(err).__name__
        assert browser["docx"] == expected


def test_a_form_filled_by_hand_reads_the_same_in_the_browser(pyodide_results):
    """The label reader runs in the browser's Python (zipfile, xml.etree, openpyxl) as on the command line."""
    _, result = pyodide_results
    for (name, data), browser in zip(result["sent"].items(), result["files"], strict=True):
        expected = web.read_files([{"name": name, "bytes": data}])
        assert browser == expected
        assert expected[0]["draft"]["data"]["project_name"] and expected[0]["notes"][0]["rule"] == "form_title"
