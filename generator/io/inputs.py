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


EMPTY = ReadError(
    "文件是空的（0 字节），里面没有申报表：请重新保存或下载后再打开。",
    "The file is empty (0 bytes) and holds no application: save or download it again, then open it.",
)
WORD = ReadError(
    "这是 Word 文件：Word 格式只用于打印和盖章，无法读回。请打开本工具下载的 Excel 文件（.xlsx）或保存的 JSON 草稿。",
    "This is a Word file: the Word forms are for printing and stamping and cannot be read back. Open the Excel file (.xlsx) this tool wrote, or a saved JSON draft.",
)
OLD_EXCEL = ReadError(
    "这是旧版 Excel 文件（.xls）：请在 Excel 或 WPS 中另存为 .xlsx 后再打开。",
    "This is an old Excel file (.xls): save it as .xlsx in Excel or WPS, then open it.",
)
PDF = ReadError(
    "这是 PDF 文件：PDF 只用于打印，无法读回。请打开本工具下载的 Excel 文件（.xlsx）或保存的 JSON 草稿。",
    "This is a PDF file: it is for printing and cannot be read back. Open the Excel file (.xlsx) this tool wrote, or a saved JSON draft.",
)


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


def read(name: str, data: bytes) -> list[Input]:
    """The applications in one file: a draft, every draft of a batch, or one workbook."""
    if len(data) > MAX_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f}"
        limit = MAX_BYTES // 1024 // 1024
        return [
            Input(
                name,
                error=ReadError(
                    f"文件太大（{size} MB），不像一份申报表；上限为 {limit} MB。",
                    f"The file is too large ({size} MB) to be an application; the limit is {limit} MB.",
                ),
            )
        ]
    kind = _kind_error(name, data)
    if kind:
        return [Input(name, error=kind)]
    try:
        if name.lower().endswith(".xlsx") or data[:2] == b"PK":
            if xlsx.is_summary(data):
                _, rows = xlsx.read_summary(data)
                return [Input(f"{name}#{i}", row=row) for i, row in enumerate(rows, 1)]
            return [Input(name, xlsx.read_application(data))]
        value = drafts.load_json(data)
    except ReadError as err:
        return [Input(name, error=err)]
    if isinstance(value, dict) and value.get("format") == drafts.BATCH_FORMAT:
        apps = value.get("applications")
        if not isinstance(apps, list):
            return [Input(name, error=ReadError("批量文件缺少 applications 列表。", "The batch file has no applications list."))]
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


def read_paths(paths: list[str]) -> list[Input]:
    """Read every file (folders expanded); unreadable files become inputs with an error."""
    result: list[Input] = []
    for path in expand(paths):
        try:
            data = path.read_bytes()
        except OSError as err:
            result.append(Input(str(path), error=ReadError(f"无法读取文件：{err.strerror}。", f"Cannot read the file: {err.strerror}.")))
            continue
        result += read(str(path), data)
    return result
