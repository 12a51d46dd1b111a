"""Versioned URLs for every file the pages load, so that no cache can pair an old script with a new page.

Material's own CSS and JavaScript carry a content hash in their names. Everything else gets one here, after the
build: our scripts and styles are referenced as `name.js?v=<hash of its content>`, the Python runtime and the wheels
move into `pyodide/<version>/` (the version the build already computes over all of them), and Material's two
files that fetch by a fixed name (the search index; lunr's language files) are patched to add the version and
renamed by their new content hash (generator/site/material.py).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from . import material

HASHED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css)$")  # Material's names: bundle.a5f9d56c.min.js
VERSIONED = re.compile(r"(?:^|&)v=([0-9a-f]+)(?:&|$)")
PYTHON_DIR = re.compile(r"^[0-9a-f]{16}$")

# <script src>, <link href>; the URLs inside the page's two configurations are handled by name below.
_TAG_URL = re.compile(r"(<(?:script|link)\b[^>]*?\b(?:src|href)=\")([^\"]+)(\")")
_KU_CONFIG = re.compile(r"(<script type=\"application/json\" id=\"ku-config\">)(.*?)(</script>)", re.S)
_JS_IMPORT = re.compile(r"""(\bfrom\s*["'])(\.{1,2}/[^"']+)(["'])""")


def digest(data: bytes, length: int = 10) -> str:
    """The content hash that names a version of a file."""
    return hashlib.sha256(data).hexdigest()[:length]


def with_version(url: str, version: str) -> str:
    """The URL with `v=<version>` first in its query (other parameters kept)."""
    path, _, query = url.partition("?")
    return f"{path}?v={version}" + (f"&{query}" if query else "")


def is_versioned(url: str) -> bool:
    """Whether a URL names one version of its file: a hash in the name, a v= parameter, or the Python folder."""
    parts = urlsplit(url)
    return bool(
        HASHED.search(parts.path)
        or VERSIONED.search(parts.query)
        or "/pyodide/" in parts.path
        and any(PYTHON_DIR.match(part) for part in parts.path.split("/"))
    )


def move_python(site: Path) -> str:
    """Move pyodide/* into pyodide/<version>/ (the version wheels.json names) and return that version."""
    folder = site / "pyodide"
    version = json.loads((folder / "wheels.json").read_text(encoding="utf-8"))["version"]
    target = folder / version
    target.mkdir()
    for entry in list(folder.iterdir()):
        if entry != target:
            shutil.move(str(entry), str(target / entry.name))
    return version


class _Versions:
    """The version of each file of the site, its relative imports versioned first (built copies only)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.known: dict[Path, str] = {}

    def of(self, path: Path) -> str:
        path = path.resolve()
        if path not in self.known:
            if path.suffix in (".js", ".mjs"):
                text = path.read_text(encoding="utf-8")
                versioned = _JS_IMPORT.sub(lambda m: m[1] + self.url(m[2], path.parent) + m[3], text)
                if versioned != text:
                    path.write_text(versioned, encoding="utf-8")
            self.known[path] = digest(path.read_bytes())
        return self.known[path]

    def url(self, url: str, folder: Path) -> str:
        """A same-site URL relative to folder, versioned; anything else as it was."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "/")) or is_versioned(url):
            return url
        path = (folder / parts.path).resolve()
        if not path.is_file() or self.site not in path.parents:
            return url
        # A worker names the files it loads in its query (material-search.js?worker=…&documents=…): each versioned.
        query = parse_qsl(parts.query)
        if query:
            url = parts.path + "?" + urlencode([(key, self.url(value, path.parent)) for key, value in query], safe="/")
        return with_version(url, self.of(path))


def _rewrite(html: str, folder: Path, versions: _Versions, python: str, index_version: str) -> str:
    """One page with its scripts, styles and the URLs of its two configurations versioned."""

    def config_url(text: str, key: str) -> str:
        return re.sub(rf'("{key}":\s*")([^"]+)(")', lambda m: m[1] + versions.url(m[2], folder) + m[3], text)

    def ku_config(text: str) -> str:
        return re.sub(r'("pyodide":\s*"[^"]*pyodide/)(")', rf"\g<1>{python}/\2", config_url(text, "worker"))

    def md_config(text: str) -> str:
        return material.with_index_version(config_url(text, "search"), index_version)

    html = _TAG_URL.sub(lambda m: m[1] + versions.url(m[2], folder) + m[3], html)
    html = _KU_CONFIG.sub(lambda m: m[1] + ku_config(m[2]) + m[3], html)
    return material.CONFIG.sub(lambda m: m[1] + md_config(m[2]) + m[3], html)


def version_pages(site: Path, lang_dir: Path, python: str, renamed: dict[str, str]) -> None:
    """Rewrite every page of one language: scripts, styles, the workers and what they load by version, Material's
    patched files by their new names, the search index's version in Material's config, Python's folder."""
    versions = _Versions(site.resolve())
    index = lang_dir / "search" / "search_index.json"
    index_version = digest(index.read_bytes()) if index.exists() else ""
    for page in lang_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for old, new in renamed.items():
            html = html.replace(old, new)
        page.write_text(_rewrite(html, page.parent, versions, python, index_version), encoding="utf-8")


def version_site(site: Path, languages: tuple[str, ...]) -> None:
    """Give every file the pages load a versioned URL (see the module's docstring)."""
    python = move_python(site)
    for lang in languages:
        lang_dir = site / lang
        version_pages(site, lang_dir, python, material.patch(lang_dir))
