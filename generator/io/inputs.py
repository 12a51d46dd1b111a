"""Read what users hand in (JSON drafts, JSON batches, .xlsx forms) into drafts, from bytes or paths."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..core import drafts
from ..core.batch import Input
from ..core.findings import ReadError
from . import xlsx

SUFFIXES = (".json", ".xlsx")
MAX_BYTES = 20 * 1024 * 1024  # an application is tens of kilobytes; a batch of hundreds, a few megabytes


EMPTY = ReadError.of("empty_file")
WORD = ReadError.of("word")
OLD_EXCEL = ReadError.of("old_excel")
PDF = ReadError.of("pdf")


def _zip_holds(data: bytes, member: str) -> bool:
    """Whether the bytes are a zip archive with that member (a Word file renamed .xlsx is still Word)."""
    if data[:2] != b"PK":
        return False
    try:
        return member in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _kind_error(name: str, data: bytes) -> ReadError | None:
    """Why a file is no application at all, told from its first bytes and name (empty, Word, .xls, PDF)."""
    lower = name.lower()
    if not data.strip():
        return EMPTY
    if lower.endswith((".docx", ".doc")) or _zip_holds(data, "word/document.xml"):
        return WORD
    if data[:4] == b"\xd0\xcf\x11\xe0" or lower.endswith(".xls"):
        return OLD_EXCEL
    if data[:5] == b"%PDF-" or lower.endswith(".pdf"):
        return PDF
    return None


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
        if name.lower().endswith(".xlsx") or data[:2] == b"PK":
            if xlsx.is_summary(data):
                if summary:
                    return [Input(name, error=summary)]
                _, rows = xlsx.read_summary(data)
                return [Input(f"{name}#{i}", row=row) for i, row in enumerate(rows, 1)]
            return [Input(name, xlsx.read_application(data))]
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
    """Files named, and the .json/.xlsx files inside folders named, in a stable order."""
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
