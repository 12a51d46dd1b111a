"""The deadlines and the finish-by date as an iCalendar file (RFC 5545), written beside the site's pages."""

from __future__ import annotations

import datetime as dt

from ..core import editions
from ..core.words import WORDS


def _fold(line: str) -> str:
    """Fold an iCalendar line at 75 octets without splitting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def calendar(lang: str, year: int | None = None) -> str:
    """The deadlines and the finish-by date as an iCalendar file of all-day events."""
    e = editions.load(year)
    office = e.office
    where = f"{office['address']} {office['postcode']} · {office['email']}"
    events = {"national": e.levels["national"].deadline, "provincial": e.levels["provincial"].deadline, "finish": e.finish_by}
    stamp = e.issued.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//knowledge-update-forms//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for key, day in events.items():
        summary = WORDS[lang]["site"][f"calendar_{key}"].format(number=e.number)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.year}-{key}@knowledge-update-forms",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(where)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
