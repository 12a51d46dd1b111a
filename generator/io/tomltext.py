"""Change values in TOML text line by line, so that its comments, order and layout stay as they were."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from typing import Any

_HEADER = re.compile(r"^\s*\[([^\[\]]+)\]\s*(?:#.*)?$")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_-]+|\"[^\"]*\")\s*=\s*(.*)$")


def dump(value: Any) -> str:
    """A value as TOML writes it on one line (strings, numbers, dates, lists, inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, dt.date)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's string escapes are TOML's too
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(dump, value)) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {dump(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value).__name__)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _split_comment(rest: str) -> tuple[str, str]:
    """A key's value and its trailing comment: the first # after which the value still parses."""
    for at in (i for i, c in enumerate(rest) if c == "#"):
        try:
            tomllib.loads("v = " + rest[:at])
        except tomllib.TOMLDecodeError:
            continue
        return rest[:at], rest[at:]
    return rest, ""


def _table_of(lines: list[str], at: int) -> str:
    """The table a line belongs to ("" for the top level)."""
    for line in reversed(lines[:at]):
        if header := _HEADER.match(line):
            return header[1].strip()
    return ""


def _find(lines: list[str], table: str, key: str) -> int | None:
    for i, line in enumerate(lines):
        match = _KEY.match(line)
        if match and match[2].strip('"') == key and _table_of(lines, i) == table:
            return i
    return None


def get_comment(text: str, table: str, key: str) -> str:
    """The trailing comment of a key's line ("" when none)."""
    lines = text.split("\n")
    at = _find(lines, table, key)
    return _split_comment(_KEY.match(lines[at])[3])[1] if at is not None else ""


def set_value(text: str, table: str, key: str, value: Any, comment: str | None = None) -> str:
    """Set `key` of `table` to `value`, in place (keeping its comment unless one is given), or add it at the table's end."""
    lines = text.split("\n")
    at = _find(lines, table, key)
    if at is None:
        return _insert(lines, table, f"{_key(key)} = {dump(value)}" + (f"  {comment}" if comment else ""))
    indent, name, rest = _KEY.match(lines[at]).groups()
    old_value, old_comment = _split_comment(rest)
    comment = old_comment if comment is None else comment
    line = f"{indent}{name} = {dump(value)}"
    if comment:
        column = len(f"{indent}{name} = {old_value}")  # keep a column of comments aligned
        line = line.ljust(column) if len(line) < column else line + " "
        line += comment
    lines[at] = line
    return "\n".join(lines)


def remove_key(text: str, table: str, key: str) -> str:
    """Remove `key` from `table` (nothing when it is not there)."""
    lines = text.split("\n")
    at = _find(lines, table, key)
    return text if at is None else "\n".join(lines[:at] + lines[at + 1 :])


def _insert(lines: list[str], table: str, line: str) -> str:
    """Put a new key line after the last key of `table` (or add the table at the end)."""
    last = None
    for i, current in enumerate(lines):
        if _KEY.match(current) and _table_of(lines, i) == table:
            last = i
    if last is None:
        if table:
            return "\n".join(lines).rstrip("\n") + f"\n\n[{table}]\n{line}\n"
        return line + "\n" + "\n".join(lines)
    return "\n".join(lines[: last + 1] + [line] + lines[last + 1 :])
