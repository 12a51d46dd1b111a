"""Shared helpers: the examples, and drafts changed in one place."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator import drafts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def load(name: str) -> dict[str, Any]:
    """An example draft by file name."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def changed(draft: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy of the draft with fields set (None removes a field)."""
    result = copy.deepcopy(draft)
    for key, value in changes.items():
        if value is None:
            result["data"].pop(key, None)
        else:
            result["data"][key] = value
    return result


def application(draft: dict[str, Any]) -> drafts.Application:
    """The cleaned application of a draft."""
    form, edition, data = drafts.envelope(draft)
    return drafts.clean(form, edition, data)[0]


@pytest.fixture
def national() -> dict[str, Any]:
    return load("national-valid.json")


@pytest.fixture
def provincial() -> dict[str, Any]:
    return load("provincial-valid.json")
