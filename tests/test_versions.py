"""Every file a page loads is named by its version, so no cache can pair an old script with a new page: read
from the built HTML, its configurations and the scripts that fetch by themselves."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from generator.site import versions

_TAG_URL = re.compile(r"<(?:script|link|img)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"")
_CONFIG = re.compile(r"<script[^>]*type=\"application/json\"[^>]*>(.*?)</script>", re.S)


def _loaded(page: Path) -> list[str]:
    """The URLs a page loads by itself: scripts, styles, icons, images, the worker and Python's folder, search."""
    html = page.read_text(encoding="utf-8")
    urls = [u for u in _TAG_URL.findall(html) if not re.search(r'rel="(?:prev|next|alternate|canonical)"[^>]*href="' + re.escape(u), html)]
    for config in map(json.loads, _CONFIG.findall(html)):
        urls += [config[key] for key in ("worker", "search") if config.get(key)]
        if config.get("pyodide"):
            urls.append(config["pyodide"] + "wheels.json")
    return [u for u in urls if not urlsplit(u).scheme and not u.startswith(("#", "data:")) and not u.endswith("/")]


def test_every_file_a_page_loads_has_a_url_of_its_version(site):
    pages = list(site.rglob("*.html"))
    checked, wrong = 0, []
    for page in pages:
        for url in _loaded(page):
            parts = urlsplit(url)
            path = (page.parent / parts.path).resolve()
            checked += 1
            if not path.is_file():
                wrong.append(f"{page.relative_to(site)}: {url} (no such file)")
            elif match := versions.VERSIONED.search(parts.query):
                if match[1] != versions.digest(path.read_bytes()):
                    wrong.append(f"{page.relative_to(site)}: {url} (not the file's hash)")
            elif not versions.is_versioned(url):
                wrong.append(f"{page.relative_to(site)}: {url}")
    assert checked > len(pages) and not wrong, wrong


def test_a_patched_material_file_is_named_by_its_content(site):
    for lang in ("zh", "en"):
        scripts = site / lang / "assets" / "javascripts"
        for path in [*scripts.glob("bundle.*.min.js"), *(scripts / "workers").glob("search.*.min.js")]:
            assert path.name.split(".")[1] == versions.digest(path.read_bytes(), 8), path


def test_the_search_index_and_lunr_are_fetched_with_their_versions(site):
    """Material fetches these by fixed names from its scripts: the build patches those to add the version."""
    for lang in ("zh", "en"):
        scripts = site / lang / "assets" / "javascripts"
        (bundle,) = scripts.glob("bundle.*.min.js")
        assert re.search(r'"search/search_index\.json"\+\(\w+\.index\?"\?v="\+\w+\.index:""\)', bundle.read_text("utf-8"))
        page = (site / lang / "index.html").read_text(encoding="utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)[1])
        assert config["index"] == versions.digest((site / lang / "search" / "search_index.json").read_bytes())
        (worker,) = (scripts / "workers").glob("search.*.min.js")
        lunr = re.findall(r"`\$\{\w+\}/[^`]*?\.js(\?v=[0-9a-f]+)?`", worker.read_text("utf-8"))
        assert lunr and all(lunr), lunr


def test_the_search_worker_loads_the_index_and_material_s_worker_by_version(site):
    for page in ("zh/index.html", "en/form/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
        front = urlsplit(config["search"])
        assert front.path.endswith("/material-search.js") and versions.is_versioned(config["search"]), config["search"]
        loads = dict(parse_qsl(front.query))
        assert loads["documents"].startswith("../../../search/documents.json?v=") and versions.is_versioned(loads["worker"]), loads
        documents = site / page.split("/")[0] / "search" / "documents.json"
        assert loads["documents"].endswith(versions.digest(documents.read_bytes())), loads


def test_the_worker_imports_its_modules_by_version(site):
    worker = (site / "zh" / "assets" / "shared" / "worker.js").read_text(encoding="utf-8")
    imports = re.findall(r"""from\s*["'](\.[^"']+)["']""", worker)
    assert imports and all(versions.is_versioned(url) for url in imports), imports


def _imports(path: Path) -> list[str]:
    """The modules a module imports statically, as written in the built file."""
    return re.findall(r"""\bfrom\s*["'](\.{1,2}/[^"']+)["']""", path.read_text(encoding="utf-8"))


def test_each_python_page_has_one_entry_module_whose_imports_are_versioned_and_preloaded(site):
    """The form page, the desk and the office load one module, which imports the rest: every import names its file's hash (a
    module's own hash covers its imports' versions, so a returning visitor never pairs an old module with a new one),
    and the head fetches the whole graph at once (modulepreload) rather than one level after another."""
    for page in [site / lang / name / "index.html" for lang in ("zh", "en") for name in ("form", "collect", "office")]:
        html = page.read_text(encoding="utf-8")
        (entry,) = re.findall(r'<script type="module" async src="([^"]+)"', html)
        assert re.search(r"<script nomodule src=\"[^\"]*no-modules\.js\?v=", html)  # a browser without modules is told
        graph, todo = set(), [(page.parent / urlsplit(entry).path).resolve()]
        while todo:
            module = todo.pop()
            for url in _imports(module):
                path = (module.parent / urlsplit(url).path).resolve()
                assert versions.VERSIONED.search(urlsplit(url).query)[1] == versions.digest(path.read_bytes()), (module, url)
                if path not in graph:
                    graph.add(path)
                    todo.append(path)
        preloaded = {(page.parent / urlsplit(u).path).resolve() for u in re.findall(r'<link rel="modulepreload" href="([^"]+)"', html)}
        assert preloaded == graph, sorted(p.name for p in preloaded ^ graph)
