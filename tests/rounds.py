"""Fictitious rounds for the receiving office (tests and scripts/bench.py): departments, each with its 附件3 and the
applications it lists, as JSON drafts and Excel forms written by this tool, and, asked for, one of each case the
office's reconciliation lists. Every institution, department and person is made up (示例…, 虚构)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from generator.core import drafts
from generator.io import xlsx

EXAMPLES = Path(__file__).resolve().parent.parent / "generator" / "data" / "editions" / "2025" / "examples"
VENUES = ("福州市鼓楼区（虚构）示例会堂", "厦门市思明区示例中心（虚构）", "泉州市示例培训基地（虚构）", "线上线下结合（虚构）")
DOMAINS = ("智能制造", "海洋装备", "数字经济", "现代农业")
BEFORE = dt.date(2025, 1, 15)  # before both deadlines (national 2025-01-16, provincial 2025-02-20)
AFTER = dt.date(2025, 3, 3)  # after both


def department(n: int) -> str:
    """The n-th fictitious department."""
    return f"示例第{n}主管部门（虚构）"


def application(d: int, i: int, form: str = "national") -> dict[str, Any]:
    """The i-th fictitious application of department d: the valid example with its own title, host, venue and field."""
    draft = copy.deepcopy(json.loads((EXAMPLES / f"{form}-valid.json").read_text(encoding="utf-8")))
    data = draft["data"]
    data["project_name"] = f"示例{d}-{i}专题高级研修班（虚构）"
    data["host_name"] = f"示例{d}-{i}职业技术学院（虚构单位）"
    data["venue"] = VENUES[(d + i) % len(VENUES)]
    data["domain"] = DOMAINS[i % len(DOMAINS)]
    return draft


def _bytes(draft: dict[str, Any], as_excel: bool) -> tuple[str, bytes]:
    if as_excel:
        return ".xlsx", xlsx.write_application(drafts.application(draft))
    return ".json", json.dumps(draft, ensure_ascii=False).encode()


def make(departments: int = 3, per_department: int = 4, cases: bool = True, excel_every: int = 3) -> dict[str, bytes]:
    """{relative path: bytes} of one round: per department a folder with its 附件3 and its applications (every
    `excel_every`-th as Excel, national and provincial alternating). With `cases`: department 1's 附件3 lists a row
    without its application and, spaced and in full width, a course department 2 lists too; one application is in
    no 附件3; department 3's 附件3 is dated after the deadlines; a draft names the 2024 notice."""
    files: dict[str, bytes] = {}
    rows: dict[int, list[list[str]]] = {}
    count = 0
    for d in range(1, departments + 1):
        rows[d] = []
        for i in range(1, per_department + 1):
            draft = application(d, i, "national" if i % 2 else "provincial")
            suffix, data = _bytes(draft, count % excel_every == excel_every - 1)
            count += 1
            files[f"{department(d)}/{i:03d}{suffix}"] = data
            rows[d].append(drafts.application(draft).summary_row())
    if cases:
        rows[1].append(["示例无申报表的研修班（虚构）", "示例无名学院（虚构单位）", "赵示例", "0591-10000000", "智能制造"])
        shared = list(rows[2][0])
        shared[0] = " ".join(shared[0]).replace("（", "(").replace("）", ")")  # spaced, half-width brackets
        rows[1].append(shared)
        files["未列入/unlisted.json"] = json.dumps(application(99, 1), ensure_ascii=False).encode()
        old = application(98, 1)
        old["edition"] = 2024
        files["未列入/old-2024.json"] = json.dumps(old, ensure_ascii=False).encode()
    for d, listed in rows.items():
        date = AFTER if cases and d == 3 else BEFORE
        files[f"{department(d)}/附件3.xlsx"] = xlsx.write_summary(listed, unit=department(d), date=date)
    return files


def write(folder: Path, files: dict[str, bytes]) -> Path:
    """The round's files written under `folder`."""
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder
