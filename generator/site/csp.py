"""The Content-Security-Policy every page of the site carries, as tight as the site allows."""

from __future__ import annotations

import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)


def with_csp(page_html: str) -> str:
    """The page with a Content-Security-Policy as tight as the site allows: everything from its own origin,
    inline scripts only by their hash, WebAssembly compiled (for Pyodide), no plugins, no forms sent anywhere."""
    import base64
    import hashlib

    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
            for script in _INLINE_SCRIPT.findall(page_html)
        }
    )
    policy = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
            "style-src 'self' 'unsafe-inline'",  # the theme sets style attributes
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return re.sub(r"<head>", "<head>\n    " + meta, page_html, count=1)
