"""Debian's Chromium as the tests and the benchmark start it: quiet, with an intranet host name for plain http."""

from __future__ import annotations

import os

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
