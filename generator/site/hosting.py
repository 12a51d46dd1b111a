"""Ready server configurations for the built site (nginx, Apache, IIS), written by `make dist` beside the zip.

Each one sends the right types (.wasm application/wasm above all), the pre-compressed copies the build wrote,
two cache lifetimes (a year and immutable for a URL that names one version of its file; revalidate for
everything else, the pages first) and the site's Content-Security-Policy as a header (generator/site/csp.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.site import csp
from generator.site.templating import environment

# What Python in the browser is made of and what the pages load; .whl has no registered type, and a wheel is a zip.
TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".ics": "text/calendar",
    ".svg": "image/svg+xml",
    ".map": "application/json",
}
COMPRESSED_TYPES = {  # the files the build writes .gz/.br beside (build_site.COMPRESSIBLE), by their type
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".ics": "text/calendar",
    ".txt": "text/plain",
}
UTF8 = (".html", ".css", ".js", ".mjs", ".json", ".ics", ".xml", ".svg")  # text the build writes in UTF-8, named so
LONG = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# URLs that name one version of their file (generator/site/versions.py): Python's folder, Material's hashed
# names, and ?v=<hash>.
PYTHON_FOLDER = r"/pyodide/[0-9a-f]{16}/"
HASHED_NAME = r"\.[0-9a-f]{8}\.min\.(?:js|css)"


def cache_control(url: str) -> str:
    """The Cache-Control the configurations send for a URL of the site (the same three tests as each template)."""
    path, _, query = url.partition("?")
    versioned = (
        re.search(r"(?:^|&)v=[0-9a-f]+", query) or re.search(PYTHON_FOLDER, path) or re.search(HASHED_NAME + r"(?:\.gz|\.br)?$", path)
    )
    return LONG if versioned else REVALIDATE


PYTHON_TYPES = (".wasm", ".mjs", ".js", ".json", ".zip", ".whl")  # the files of pyodide/<version>/


def _render(name: str, csp: str, **context: object) -> str:
    """A configuration from its template (generator/site/templates/hosting/), with the values every one uses."""
    return (
        environment()
        .get_template(f"hosting/{name}.j2")
        .render(
            csp=csp,
            types=TYPES,
            compressed_types=COMPRESSED_TYPES,
            utf8=UTF8,
            python_types={ext: TYPES[ext] for ext in PYTHON_TYPES},
            long=LONG,
            revalidate=REVALIDATE,
            python_folder=PYTHON_FOLDER,
            hashed_name=HASHED_NAME,
            **context,
        )
        + "\n"
    )


def nginx(csp: str, prefix: str = "/zsgx/", root: str = "/srv/www") -> str:
    """A location block for a server {} of nginx (1.18 or later), serving the site under prefix."""
    return _render("nginx.conf", csp, prefix=prefix, root=root)


def htaccess(csp: str) -> str:
    """An .htaccess for the site's folder on Apache 2.4 (mod_mime, mod_headers, mod_rewrite; AllowOverride All)."""
    return _render("htaccess", csp)


def web_config(csp: str, languages: tuple[str, ...] = ("zh", "en")) -> str:
    """A web.config for the site's folder on IIS 7.5 or later: every file under pyodide/ and each language's
    assets/ is loaded by a versioned URL, so those folders are kept for long."""
    return _render("web.config", csp, long_folders=["pyodide", *(f"{lang}/assets" for lang in languages)])


def write_configs(site: Path, out: Path, languages: tuple[str, ...] = ("zh", "en")) -> list[Path]:
    """nginx.conf, .htaccess and web.config for the built site, its Content-Security-Policy as a header."""
    out.mkdir(parents=True, exist_ok=True)
    policy = csp.site_policy(site)
    files = {"nginx.conf": nginx(policy), ".htaccess": htaccess(policy), "web.config": web_config(policy, languages)}
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in files]
