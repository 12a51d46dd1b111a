"""Debian's Chromium as the tests and the benchmark start it: quiet, with an intranet host name for plain http."""

from __future__ import annotations

import os
import time
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")  # never `playwright install`: the system's browser
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # No background requests to outside hosts: the site must request nothing from another host, and a test sees it.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    # An intranet server's name, for the pages served over plain http (not a secure context).
    "--host-resolver-rules=MAP intranet.test 127.0.0.1",
]


def open_settled(page: Any, url: str, quiet_s: float = 0.5, limit_s: float = 20.0) -> None:
    """Open `url`, then wait until none of the page's requests (its workers' too) has been in flight for `quiet_s`,
    for at most `limit_s`. Playwright's own "networkidle" can be lost for good when requests start and finish before
    DOMContentLoaded (microsoft/playwright#42598), as the search worker's do on every page: a wait on it then fails
    after 30 s with nothing wrong with the page."""
    pending: set[Any] = set()
    listeners = {
        "request": lambda request: pending.add(request),
        "requestfinished": lambda request: pending.discard(request),
        "requestfailed": lambda request: pending.discard(request),
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        page.goto(url)
        deadline = time.monotonic() + limit_s
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            if pending:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= quiet_s:
                return
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
