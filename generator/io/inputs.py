"""Read what users hand in (JSON drafts, JSON batches, .xlsx and .docx forms, ours or filled by hand) into drafts."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from ..core import drafts, forms
from ..core.batch import Input
from ..core.findings import Note, ReadError
from . import handfilled, xlsx
from .cells import Sheet, read_docx, read_workbook
from .layout import PROP, answers

# What a folder is searched for: drafts and forms, and the old formats, which each get the sentence saying how to
# save them anew (a PDF or a scan beside them is the stamped copy, not what is to be read)
SUFFIXES = (".json", ".xlsx", ".docx", ".doc", ".wps", ".xls", ".et")
MAX_BYTES = 20 * 1024 * 1024  # an application is tens of kilobytes; a batch of hundreds, a few megabytes


EMPTY = ReadError.of("empty_file")
PDF = ReadError.of("pdf")
OLD_WORD = (".doc", ".wps", ".wpt", ".dot")
OLD_SHEET = (".xls", ".et", ".ett", ".xlt")
SCANS = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".heic", ".ofd")
_SCAN_MAGIC = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*")


def _zip_holds(data: bytes, member: str) -> bool:
    """Whether the bytes are a zip archive with that member (a Word file renamed .xlsx is still Word)."""
    if data[:2] != b"PK":
        return False
    try:
        return member in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _kind_error(name: str, data: bytes) -> ReadError | None:
    """Why a file cannot be read, told from its first bytes and name: empty, an old Word/Excel/WPS format, a PDF or scan."""
    lower = name.lower()
    ext = "." + lower.rpartition(".")[2] if "." in lower else ""
    if not data.strip():
        return EMPTY
    if data[:4] == b"\xd0\xcf\x11\xe0" or lower.endswith(OLD_WORD + OLD_SHEET):
        old = "old_excel" if lower.endswith(OLD_SHEET) else "old_word"
        return ReadError.of(old, ext=ext if lower.endswith(OLD_WORD + OLD_SHEET) else ".doc/.xls/.wps/.et")
    if data.startswith(_SCAN_MAGIC) or lower.endswith(SCANS):
        return PDF
    return None


_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"


def _word_props(data: bytes) -> dict[str, str]:
    """Our custom properties of a Word file (none in a file this tool did not write, or one it cannot read)."""
    try:
        root = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("docProps/custom.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError):
        return {}
    prefix = f"{PROP}:"
    found = {p.get("name", ""): "".join(p.itertext()) for p in root.iter(_CUSTOM)}
    return {name[len(prefix) :]: value for name, value in found.items() if name.startswith(prefix)}


def _with_answers(read: list[Input], data: bytes) -> list[Input]:
    """A Word form this tool wrote, its answers without a cell (是否为企业 …) given back from its properties, as an
    Excel form's are; a file read by its labels alone had them come back unanswered."""
    props = _word_props(data)
    if len(read) != 1 or not isinstance(read[0].draft, dict) or props.get("format") != drafts.FORMAT:
        return read
    draft = read[0].draft
    if draft.get("form") != props.get("form") or str(draft.get("edition")) != props.get("edition") or draft["form"] not in forms.FORMS:
        return read  # another form or year than the one written: its answers are not this one's
    data_ = draft.setdefault("data", {})
    for field, value in answers(props, forms.load(draft["form"], draft.get("edition"))).items():
        data_.setdefault(field, value)  # what the cells say wins
    return read


def _by_labels(name: str, cells: Callable[[], Sheet], summary: ReadError | None) -> list[Input]:
    """A form filled by hand, read by its labels: the draft (or 附件3's rows) with the notes on what was read from where."""
    try:
        sheet = cells()
        parts = handfilled.read_all(sheet)
    except ReadError:
        raise
    except Exception:  # a failure of this reader is ours, never the file's: said so, and nothing else is affected
        raise ReadError.of("reader_failed") from None
    apps = [(draft, notes) for kind, draft, notes in parts if kind == "application"]
    if apps:  # a 附件3 beside the applications is the institution's copy: the desk makes its own, so it is named, not read
        left = [Note.of("summary_left", None)] if len(apps) < len(parts) else []
        return [Input(name if len(apps) == 1 else f"{name}#{n}", draft, notes=[*notes, *left]) for n, (draft, notes) in enumerate(apps, 1)]
    if summary:
        return [Input(name, error=summary)]
    rows = [(row, cell, notes) for _, found, notes in parts for row, cell in found]
    heading = handfilled.summary_heading(sheet) if rows else None
    return [
        Input(f"{name}#{i}", row=row, notes=[*notes, Note.of("summary_row", None, where=handfilled.place(cell))], heading=heading)
        for i, (row, cell, notes) in enumerate(rows, 1)
    ]


def read(name: str, data: bytes, summary: ReadError | None = None) -> list[Input]:
    """The applications in one file: a draft, a batch's drafts, a workbook, a 附件3's rows (or, with `summary`, that error)."""
    if len(data) > MAX_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f}"
        limit = MAX_BYTES // 1024 // 1024
        return [
            Input(
                name,
                error=ReadError.of("too_large", size=size, limit=limit),
            )
        ]
    kind = _kind_error(name, data)
    if kind:
        return [Input(name, error=kind)]
    try:
        if _zip_holds(data, "word/document.xml") or name.lower().endswith(".docx"):
            return _with_answers(_by_labels(name, lambda: read_docx(data), summary), data)
        if name.lower().endswith(".xlsx") or data[:2] == b"PK":
            wb = xlsx._open(data)
            if xlsx._props(wb).get("format") not in (drafts.FORMAT, drafts.BATCH_FORMAT):
                return _by_labels(name, lambda: read_workbook(wb), summary)  # not written by this tool: read by its labels
        if name.lower().endswith(".xlsx") or data[:2] == b"PK":
            if xlsx.is_summary(data, wb):  # the workbook opened once: a round brings hundreds
                if summary:
                    return [Input(name, error=summary)]
                heading, rows = xlsx.read_summary(data, wb)
                return [Input(f"{name}#{i}", row=row, heading=heading) for i, row in enumerate(rows, 1)]
            return [Input(name, xlsx.read_application(data, wb))]
        value = drafts.load_json(data)
    except ReadError as err:
        return [Input(name, error=err)]
    if isinstance(value, dict) and value.get("format") == drafts.BATCH_FORMAT:
        apps = value.get("applications")
        if not isinstance(apps, list):
            return [Input(name, error=ReadError.of("no_applications"))]
        return [Input(f"{name}#{i}", app) for i, app in enumerate(apps, 1)]
    return [Input(name, value)]


def expand(paths: list[str]) -> list[Path]:
    """Files named, and the drafts and forms inside folders named (SUFFIXES), in a stable order."""
    found: list[Path] = []
    for entry in map(Path, paths):
        if entry.is_dir():
            found += sorted(p for p in entry.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        else:
            found.append(entry)
    return found


def read_paths(paths: list[str], summary: ReadError | None = None) -> list[Input]:
    """Read every file (folders expanded); unreadable files become inputs with an error (a 附件3 too, with `summary`)."""
    result: list[Input] = []
    for path in expand(paths):
        try:
            data = path.read_bytes()
        except OSError as err:
            result.append(Input(str(path), error=ReadError.of("os_error", reason=err.strerror)))
            continue
        result += read(str(path), data, summary)
    return result
