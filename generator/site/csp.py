"""The Content-Security-Policy of the site, as tight as the site allows: one definition for the <meta> every page
carries and for the HTTP header the shipped server configurations send."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)


def inline_hashes(page_html: str) -> set[str]:
    """The CSP hash source of each inline script of a page."""
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(page_html)
    }


def policy(hashes: Iterable[str], *, header: bool = False) -> str:
    """Everything from the site's own origin, inline scripts only by their hash, WebAssembly compiled (for
    Pyodide), no plugins, no forms sent anywhere. As a header it also governs the Python worker, whose script
    response carries it (a <meta> does not reach a worker): the worker imports Pyodide's two modules from blob:
    URLs once it has checked their hashes, so the header allows blob: scripts; and it forbids framing by other
    sites, which a <meta> cannot."""
    script = ["'self'", "'wasm-unsafe-eval'"] + (["blob:"] if header else []) + sorted(hashes)
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(script),
        "style-src 'self' 'unsafe-inline'",  # the theme sets style attributes
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]
    if header:
        directives.append("frame-ancestors 'self'")
    return "; ".join(directives)


def with_csp(page_html: str) -> str:
    """The page with its own policy as a <meta>: its inline scripts' hashes only."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_hashes(page_html))}">'
    return re.sub(r"<head>", "<head>\n    " + meta, page_html, count=1)


def site_policy(site: Path) -> str:
    """The policy as one HTTP header for the whole built site: the hashes of every page's inline scripts (a few,
    the same scripts on many pages), so a header can be site-wide and still allow no other inline script; each
    page's <meta> still narrows it to its own."""
    hashes: set[str] = set()
    for page in site.rglob("*.html"):
        hashes |= inline_hashes(page.read_text(encoding="utf-8"))
    return policy(hashes, header=True)
