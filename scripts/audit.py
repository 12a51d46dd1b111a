"""Lighthouse's accessibility score of the pages people use most, in both languages, against the built site on 127.0.0.1.

Runs `scripts/lighthouse.mjs` (npm `lighthouse`, Debian's Chromium) once over every page; prints a table; exits 1 unless
every page scores 100 and none requested another host. Not a test: eight pages took 2–2.5 minutes on the shared two
cores (see `make audit`); tests/test_accessibility.py runs the same axe rules that cost points here on every page.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
# The home page, the notice, the form, the desk and the office: what an applicant, a clerk and the office open.
PAGES = ["", "notice/", "form/", "collect/", "office/"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on a free port of 127.0.0.1; return the server and its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def audit(base: str, pages: list[str]) -> list[dict]:
    """Each page's score, failed audits and requests to other hosts, from one Lighthouse run over all of them."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    urls = [f"{base}{lang}/{path}" for lang in ("zh", "en") for path in pages]
    run = subprocess.run(["node", "scripts/lighthouse.mjs", *urls], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def main() -> int:
    """Audit the built site and print one line a page."""
    if not (SITE / "zh" / "index.html").exists():
        sys.exit("No built site: run `make build` first.")
    server, base = serve(SITE)
    try:
        results = audit(base, PAGES)
    finally:
        server.shutdown()
    print(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"\n{'page':<14} {'score':>5} {'s':>6}  failed")
    for result in results:
        print(
            f"{result['url'].removeprefix(base):<14} {result['score']:>5} {result['seconds']:>6.1f}  {', '.join(result['failed']) or '—'}"
        )
    outside = [url for result in results for url in result["outside"]]
    for url in outside:
        print(f"requested another host: {url}")
    return 0 if all(r["score"] == 100 for r in results) and not outside else 1


if __name__ == "__main__":
    sys.exit(main())
