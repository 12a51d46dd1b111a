"""Everything the build relies on in Material for MkDocs' own files, in one place (its contract with the installed
Material: tests/test_material_contract.py).

Material's page names its search worker in its configuration (`"search"` in `<script id="__config">`), the worker
Material documents as replaceable: the site puts its own in front (overrides/assets/javascripts/workers/
material-search.js). Material's bundle and search worker fetch by fixed names (the search index; lunr's files): they
are patched to add a version and renamed by their new content hash. A Material whose files no longer match stops the
build with a sentence naming what moved, instead of shipping a site that silently searches nothing.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlencode

# The site's tuned index, beside the stub Material's bundle fetches (generator/site/search.py).
DOCUMENTS = "documents.json"
FRONT_WORKER = "material-search.js"

# Material's page configuration: {"base": …, "search": "<…>/workers/search.<hash>.min.js", …}.
CONFIG = re.compile(r"(<script id=\"__config\" type=\"application/json\">)(.*?)(</script>)", re.S)
_WORKER_URL = re.compile(r'"search":\s*"([^"]*/)([^"/?]+)"')
# Material's bundle: new URL("search/search_index.json",<config>.base); the config gains "index" (its version).
_INDEX_FETCH = re.compile(r"new URL\(\"search/search_index\.json\",(\w+)\.base\)")
# Material's search worker: importScripts(`${base}/min/lunr.stemmer.support.min.js`, …) and the language files.
_LUNR_URL = re.compile(r"(`\$\{\w+\}/[\w./${}-]*?\.js)(`)")


class MaterialChanged(SystemExit):
    """Material's files no longer hold what the build rewrites (after an upgrade): the build stops."""


def with_search_worker(page_html: str, lazy: bool) -> str:
    """The page with material-search.js as its search worker, Material's own named to it; `lazy`: the worker and the
    index load on the first query (the pages that start Python, where the CPU and the line are Python's)."""

    def front(match: re.Match[str]) -> str:
        params = {"worker": match[2], "documents": f"../../../search/{DOCUMENTS}"} | ({"lazy": "1"} if lazy else {})
        return f'"search": "{match[1]}{FRONT_WORKER}?{urlencode(params, safe="/")}"'

    html, found = _WORKER_URL.subn(front, page_html, count=1)
    if not found and 'id="__config"' in page_html:
        raise MaterialChanged(
            "Material's page no longer names its search worker in __config's \"search\"; update generator/site/material.py"
        )
    return html


def _digest(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def _rename_by_content(path: Path, text: str) -> Path:
    """Write a patched Material file under a name with its new content hash (name.<hash>.min.js) and drop the old."""
    stem = path.name.split(".")[0]
    new = path.with_name(f"{stem}.{_digest(text.encode('utf-8'), 8)}.min.js")
    new.write_text(text, encoding="utf-8")
    path.unlink()
    return new


def versioned_bundle(text: str) -> str:
    """Material's bundle asking for the search index with the version the page's config names (its "index")."""
    text, found = _INDEX_FETCH.subn(r'new URL("search/search_index.json"+(\1.index?"?v="+\1.index:""),\1.base)', text)
    if found != 1:
        raise MaterialChanged(
            f"Material's bundle no longer contains the pattern material.py rewrites ({found} found): {_INDEX_FETCH.pattern}"
        )
    return text


def versioned_worker(text: str, lunr_version: str) -> str:
    """Material's search worker asking for lunr's files with their version."""
    text, found = _LUNR_URL.subn(rf"\1?v={lunr_version}\2", text)
    if found < 3:
        raise MaterialChanged(
            f"Material's search worker no longer contains the pattern material.py rewrites ({found} found): {_LUNR_URL.pattern}"
        )
    return text


def patch(lang_dir: Path) -> dict[str, str]:
    """Patch Material's bundle (the search index URL) and search worker (lunr's files) to carry versions; return
    {old name: new name}."""
    scripts = lang_dir / "assets" / "javascripts"
    (bundle,) = scripts.glob("bundle.*.min.js")
    (worker,) = (scripts / "workers").glob("search.*.min.js")
    renamed = {bundle.name: _rename_by_content(bundle, versioned_bundle(bundle.read_text("utf-8"))).name}
    lunr = hashlib.sha256()
    for path in sorted((scripts / "lunr").rglob("*.js")):
        lunr.update(path.read_bytes())
    renamed[worker.name] = _rename_by_content(worker, versioned_worker(worker.read_text("utf-8"), lunr.hexdigest()[:10])).name
    return renamed


def with_index_version(config_json: str, index_version: str) -> str:
    """Material's page configuration with the search index's version, which the patched bundle reads."""
    return config_json.replace("{", f'{{"index": "{index_version}", ', 1) if index_version else config_json
