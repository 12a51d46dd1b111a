"""A typed date is read the same way by the pages (assets/shared/dates.js, in Node) and by Python
(generator.core.types.read_date): a whole date as its ISO form, day and month in either order only where one order
can be meant, anything else as typed (issue 25: 14/07/2025 refused on the English page; 07/08/2025 never guessed)."""

from __future__ import annotations

import json
import subprocess

from conftest import ROOT
from generator.core.types import read_date

TYPED = {
    "20251013": "2025-10-13",
    "2025-10-13": "2025-10-13",
    "2025/10/13": "2025-10-13",
    "2025.10.13": "2025-10-13",
    "2025年10月13日": "2025-10-13",
    "２０２５年１０月１３日": "2025-10-13",
    " 2025 - 1 - 3 ": "2025-01-03",
    "14/07/2025": "2025-07-14",  # only a day can be 14
    "14.7.2025": "2025-07-14",
    "07/14/2025": "2025-07-14",
    "0001-01-01": "0001-01-01",
    # kept as typed: ambiguous, partial, impossible or no date at all
    "07/08/2025": None,
    "12/12/2025": None,
    "31/02/2025": None,
    "2025-02-30": None,
    "2025-7": None,
    "2025年7月": None,
    "07142025": None,
    "13/13/2025": None,
    "0000-01-01": None,
    "二月十五": None,
    "": None,
}


def page_reads(typed: list[str], call: str) -> list:
    """What the pages' dates.js gives for each typed text, `call` an expression of `t` (isoDate(t), …), run in Node."""
    script = (
        f"import {{ isoDate }} from {json.dumps((ROOT / 'overrides/assets/shared/dates.js').as_uri())};"
        f"const typed = {json.dumps(typed, ensure_ascii=False)};"
        f"console.log(JSON.stringify(typed.map((t) => {call})));"
    )
    run = ["node", "--input-type=module", "-e", script]
    return json.loads(subprocess.run(run, check=True, capture_output=True, text=True).stdout)


def test_python_reads_typed_dates_as_the_pages_do():
    page = page_reads(list(TYPED), "isoDate(t)")
    expected = [iso or typed for typed, iso in TYPED.items()]
    assert dict(zip(TYPED, page)) == dict(zip(TYPED, expected))
    assert {typed: read_date(typed) for typed in TYPED} == TYPED


# With the form's year (the edition's), a date typed without one is read in it; without a year it stays as typed.
IN_THE_YEAR = {
    "7月14日": "2025-07-14",
    "７月１４日": "2025-07-14",
    "7 月 4 号": "2025-07-04",
    "2月30日": None,
    "7月": None,
    "2025/7/14": "2025-07-14",
}


def test_a_date_typed_without_its_year_is_read_in_the_forms_year_by_both():
    page = page_reads(list(IN_THE_YEAR), "[isoDate(t, 2025), isoDate(t)]")
    assert {typed: year for typed, (year, _) in zip(IN_THE_YEAR, page)} == {t: iso or t for t, iso in IN_THE_YEAR.items()}
    assert [plain for _, plain in page] == [t if "月" in t else "2025-07-14" for t in IN_THE_YEAR]
    assert {typed: read_date(typed, 2025) for typed in IN_THE_YEAR} == IN_THE_YEAR
    assert read_date("7月14日") is None
