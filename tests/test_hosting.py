"""The site served by Debian's nginx and Apache with the configurations `make dist` ships, under a subpath: the types, the
pre-compressed copies, the cache lifetimes and the Content-Security-Policy header, in a real Chromium."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_form_page import fill

from conftest import python_folder
from generator.site import versions
from generator.site.hosting import write_configs

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/ku/"
LONG = "public, max-age=31536000, immutable"


def _binary(name: str, package: str) -> str:
    """A Debian web server's program, or a skip (never in CI, never as root: scripts/system-deps.sh installs it there)."""
    found = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}",) if os.path.exists(p)), None)
    if found:
        return found
    reason = f"{name} is not installed: run scripts/system-deps.sh (as root) or apt-get install {package}"
    if os.environ.get("CI") == "true" or os.geteuid() == 0:
        pytest.fail(reason)
    pytest.skip(reason)


def _readable(folder: Path) -> None:
    """Let every user read a folder and all in it."""
    for path in [folder, *folder.rglob("*")]:  # copies keep the build's modes, which a private umask makes private
        path.chmod(0o755 if path.is_dir() else 0o644)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def shipped(site, tmp_path_factory) -> Path:
    """The folder of the configurations `make dist` writes for this site (nginx.conf, .htaccess, web.config)."""
    out = tmp_path_factory.mktemp("hosting")
    write_configs(site, out)
    return out


@contextlib.contextmanager
def _serving(check: list[str], run: list[str], port: int, log: Path) -> Iterator[str]:
    """A web server whose configuration passed its own test command, running until the block ends: the site's URL."""
    checked = subprocess.run(check, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen(run, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(port, server, log)
        yield f"http://127.0.0.1:{port}{PREFIX}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(port: int, server: subprocess.Popen, log: Path) -> None:
    """Until the server accepts connections on the port (or, if it exits, fail with its error log)."""
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            assert server.poll() is None, (server.stderr.read() if server.stderr else "") + (log.read_text() if log.exists() else "")
            time.sleep(0.1)
    pytest.fail(f"no server on port {port}")


@pytest.fixture(scope="module")
def nginx_url(site, shipped, tmp_path_factory):
    """nginx serving the site at /ku/ with the shipped location block, as its comment says to use it (the path
    and the root changed), in a temporary prefix of its own; the URL of the site."""
    binary = _binary("nginx", "nginx")
    work = tmp_path_factory.mktemp("nginx")
    www = work / "www"
    www.mkdir()
    (www / PREFIX.strip("/")).symlink_to(site.resolve(), target_is_directory=True)
    location = (shipped / "nginx.conf").read_text(encoding="utf-8").replace("/zsgx/", PREFIX).replace("root /srv/www;", f"root {www};")
    port = _free_port()
    temp = " ".join(f"{kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root nginx's workers would be nobody, who cannot read the test's folders
    conf = work / "nginx.conf"
    conf.write_text(
        f"""{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/access.log;
    {temp}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
{location}
    }}
}}
""",
        encoding="utf-8",
    )
    check, run = [binary, "-t", "-p", str(work), "-c", str(conf)], [binary, "-p", str(work), "-c", str(conf), "-g", "daemon off;"]
    with _serving(check, run, port, work / "error.log") as url:
        yield url


APACHE_MODULES = ("mpm_event", "unixd", "authz_core", "alias", "dir", "mime", "headers", "rewrite")


@pytest.fixture(scope="module")
def apache_url(site, shipped):
    """Debian's Apache 2.4 serving the site at /ku/ through an Alias, with the shipped .htaccess in the site's
    folder as its comment says (in a temporary copy of the site, so the build stays as it is); the URL."""
    binary = _binary("apache2", "apache2")
    modules = Path("/usr/lib/apache2/modules")
    built_in = subprocess.run([binary, "-l"], capture_output=True, text=True).stdout
    # Apache run by root serves as www-data, who may not pass the checkout's parents (a clone under /root or
    # `mktemp -d`), pytest's folder or $TMPDIR: so a copy, not links to the build, in a folder of /tmp.
    with tempfile.TemporaryDirectory(prefix="ku-apache-", dir="/tmp") as temporary:
        work = Path(temporary)
        www = shutil.copytree(site, work / "www")
        shutil.copy(shipped / ".htaccess", www)
        _readable(work)
        port = _free_port()
        load = "\n".join(f"LoadModule {name}_module {modules}/mod_{name}.so" for name in APACHE_MODULES if f"mod_{name}.c" not in built_in)
        user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""  # Apache refuses to serve as root
        conf = work / "apache2.conf"
        conf.write_text(
            f"""ServerRoot /etc/apache2
{load}
{user}ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/apache2.pid
DefaultRuntimeDir {work}
ErrorLog {work}/error.log
TypesConfig /etc/mime.types
<Directory />
    AllowOverride None
    Require all denied
</Directory>
Alias {PREFIX} {www}/
<Directory {www}>
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
""",
            encoding="utf-8",
        )
        with _serving([binary, "-t", "-f", str(conf)], [binary, "-X", "-f", str(conf)], port, work / "error.log") as url:
            yield url


@pytest.fixture(scope="module", params=["nginx", "apache"])
def server_url(request) -> str:
    """The site at /ku/ on each web server whose configuration `make dist` ships and this machine can run."""
    return request.getfixturevalue(f"{request.param}_url")


def _head(url: str, accept: str | None = None) -> tuple[dict[str, str], bytes]:
    """The headers and body of a GET, with an Accept-Encoding when given."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    try:
        with urllib.request.urlopen(request) as response:
            return {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:  # a 404 has headers and a page too
        return {"status": str(error.code), **{k.lower(): v for k, v in error.headers.items()}}, error.read()


def _until(page, expression: str, seconds: float) -> None:
    """Poll an expression (Playwright's wait_for_function evaluates a string, which this CSP forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, expression
        page.wait_for_timeout(100)


def _python_folder(site: Path) -> str:
    return f"pyodide/{python_folder(site).name}/"


def test_the_server_sends_the_types_python_needs(site, server_url):
    python = _python_folder(site)
    manifest = json.loads((site / python / "wheels.json").read_text(encoding="utf-8"))
    expected = {
        f"{python}pyodide.asm.wasm": "application/wasm",
        f"{python}pyodide.asm.mjs": "text/javascript",
        f"{python}pyodide.mjs": "text/javascript",
        f"{python}wheels.json": "application/json",
        f"{python}pyodide-lock.json": "application/json",
        f"{python}python_stdlib.zip": "application/zip",
        f"{python}wheels/{manifest['core'][0]}": "application/zip",
        "zh/search/search_index.json": "application/json",
    }
    seen = {path: _head(server_url + path)[0]["content-type"].split(";")[0] for path in expected}
    assert seen == expected
    # Both names of JavaScript are valid for a module worker; mime.types of nginx 1.22 says application/javascript.
    assert _head(server_url + "zh/assets/shared/worker.js")[0]["content-type"].split(";")[0] in (
        "text/javascript",
        "application/javascript",
    )


def test_the_server_sends_the_precompressed_copies(site, server_url):
    wasm = f"{_python_folder(site)}pyodide.asm.wasm"
    headers, body = _head(server_url + wasm, accept="gzip")
    assert headers["content-encoding"] == "gzip" and headers["content-type"] == "application/wasm"
    assert len(body) == (site / f"{wasm}.gz").stat().st_size < (site / wasm).stat().st_size / 2
    assert gzip.decompress(body) == (site / wasm).read_bytes()
    assert "accept-encoding" in headers["vary"].lower()
    plain, body = _head(server_url + wasm)
    assert "content-encoding" not in plain and body == (site / wasm).read_bytes()
    assert "accept-encoding" in plain["vary"].lower()  # else a shared cache could keep the plain copy for everyone
    refused, body = _head(server_url + wasm, accept="gzip;q=0")  # q=0 names a coding the browser refuses
    assert "content-encoding" not in refused and body == (site / wasm).read_bytes()
    # A compressed page keeps the charset of the plain one.
    page, body = _head(server_url + "zh/form/", accept="gzip")
    assert page["content-encoding"] == "gzip" and page["content-type"] == "text/html; charset=utf-8"
    assert gzip.decompress(body) == (site / "zh/form/index.html").read_bytes()


def test_apache_sends_the_brotli_copies(site, apache_url):
    """nginx needs a module Debian does not enable for .br; the .htaccess sends them (smaller than gzip)."""
    wasm = f"{_python_folder(site)}pyodide.asm.wasm"
    headers, body = _head(apache_url + wasm, accept="gzip, deflate, br")
    assert headers["content-encoding"] == "br" and headers["content-type"] == "application/wasm"
    assert body == (site / f"{wasm}.br").read_bytes()
    assert len(body) < (site / f"{wasm}.gz").stat().st_size
    headers, _ = _head(apache_url + wasm, accept="gzip, br;q=0")
    assert headers["content-encoding"] == "gzip"


@pytest.mark.parametrize("path", ["zh/no-such-page/", "pyodide/no-such-file.wasm", "no-such-page"])
def test_the_server_answers_a_missing_address_with_the_sites_page(site, server_url, path):
    """A 404 with the site's own page in both languages (not the server's English one), wherever the site lies."""
    headers, body = _head(server_url + path)
    assert headers["status"] == "404"
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert body == (site / "404.html").read_bytes()


def cache_lifetimes(site: Path, url: str) -> tuple[dict[str, str], dict[str, str]]:
    """The Cache-Control a server sends for a page, a versioned and an unversioned script, Material's bundle and the wasm,
    and what the configurations `make dist` ships prescribe for each."""
    html = (site / "zh" / "form" / "index.html").read_text(encoding="utf-8")
    script = re.search(r'(?:src|href)="\.\./(assets/shared/python\.js\?v=[0-9a-f]+)"', html)[1]
    bundle = re.search(r'src="\.\./(assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"', html)[1]
    prescribed = {
        "": "no-cache",
        "zh/": "no-cache",
        "zh/form/": "no-cache",
        f"zh/{script}": LONG,
        "zh/assets/shared/python.js": "no-cache",  # only ever loaded with its version
        f"zh/{bundle}": LONG,
        f"{_python_folder(site)}pyodide.asm.wasm": LONG,
    }
    return {path: _head(url + path)[0]["cache-control"] for path in prescribed}, prescribed


def test_the_server_cache_lifetimes_revalidate_pages_and_keep_versions(site, server_url):
    sent, prescribed = cache_lifetimes(site, server_url)
    assert sent == prescribed


def test_the_csp_header_breaks_nothing_python_search_and_a_download_work(browser, site, server_url):
    """The header governs the Python worker too (a <meta> does not): Python starts, checks, writes an Excel
    file; search answers; no request is refused; every file a page loads is versioned and kept long."""
    context = browser.new_context(accept_downloads=True)  # the real CSP: not bypassed as in the other tests
    page = context.new_page()
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => (window.cspViolations = window.cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI))"
    )
    refused, responses = [], {}
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("response", lambda r: responses.setdefault(r.url, r))
    try:
        page.goto(f"{server_url}zh/form/")
        assert page.evaluate("() => document.querySelectorAll('meta[http-equiv=Content-Security-Policy]').length") == 1
        header = responses[f"{server_url}zh/form/"].headers["content-security-policy"]
        assert "blob:" in header and "frame-ancestors 'self'" in header
        _until(page, "document.body.dataset.python !== 'loading'", 120)
        assert page.evaluate("document.body.dataset.python") == "ready"
        fill(page, json.loads((ROOT / "generator/data/editions/2025/examples/national-valid.json").read_text(encoding="utf-8")))
        page.wait_for_timeout(500)  # the page debounces checks by 400 ms
        _until(page, "document.body.dataset.python === 'ready'", 30)
        with page.expect_download(timeout=120_000) as info:
            page.locator("#ku-download-national").click()
        assert info.value.suggested_filename.endswith(".xlsx")
        assert Path(info.value.path()).read_bytes()[:2] == b"PK"

        page.goto(f"{server_url}zh/")
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("继续教育基地")
        box.press("End")  # Material searches on keyup
        page.wait_for_selector(".md-search-result__item", timeout=30_000)
        found = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => new URL(a.href).pathname)")
        assert "/ku/zh/guide/national/" in found, found
        violations = page.evaluate("window.cspViolations || []")
    finally:
        context.close()
    assert not violations and not refused, violations + refused

    loaded = {url: r for url, r in responses.items() if url.startswith(server_url) and r.request.resource_type != "document"}
    assert any("search_index.json?v=" in url for url in loaded), sorted(loaded)
    assert any(".wasm" in url for url in loaded), sorted(loaded)
    unversioned = [url for url in loaded if not versions.is_versioned(urlsplit(url).path + "?" + urlsplit(url).query)]
    assert not unversioned
    short = [
        f"{r.headers.get('cache-control')} {url}" for url, r in loaded.items() if r.status == 200 and r.headers.get("cache-control") != LONG
    ]
    assert not short


# What docs/*/hosting.md says the Python runtime weighs: the whole of pyodide/<version>/ and its largest file,
# raw, with gzip and with brotli (a file without a compressed copy counts as it is).
SIZES = {
    "zh": r"Python 运行环境（`pyodide/` 文件夹）共 ([\d.]+) MB，gzip 后 ([\d.]+) MB，brotli 后 ([\d.]+) MB.*?"
    r"`pyodide\.asm\.wasm` ([\d.]+) MB，gzip 后 ([\d.]+) MB，brotli 后 ([\d.]+) MB",
    "en": r"the Python runtime \(the `pyodide/` folder\) is ([\d.]+) MB in all, ([\d.]+) MB with gzip and ([\d.]+) MB with brotli.*?"
    r"`pyodide\.asm\.wasm`, is ([\d.]+) MB, ([\d.]+) MB with gzip and ([\d.]+) MB with brotli",
}


def _weights(files: list[Path]) -> list[str]:
    """Raw, gzip and brotli megabytes of some files, as the page rounds them."""

    def size(path: Path, suffix: str) -> int:
        packed = Path(f"{path}{suffix}")
        return (packed if suffix and packed.exists() else path).stat().st_size

    return [f"{sum(size(p, suffix) for p in files) / 1e6:.1f}" for suffix in ("", ".gz", ".br")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_hosting_page_states_what_this_build_weighs(site, lang):
    folder = python_folder(site)
    files = [p for p in folder.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")]
    text = (ROOT / "docs" / lang / "hosting.md").read_text(encoding="utf-8")
    stated = re.search(SIZES[lang], text, re.S)
    assert stated, f"docs/{lang}/hosting.md no longer states the runtime's size in the expected words"
    assert list(stated.groups()) == _weights(files) + _weights([folder / "pyodide.asm.wasm"])


def test_the_browsers_wheels_send_no_long_description(site):
    """A wheel's METADATA is its headers only: the long description (our README, 49 KB) is read by nothing in the
    browser, and it was a tenth of what our wheel sends."""
    for wheel in (python_folder(site) / "wheels").glob("*.whl"):
        with zipfile.ZipFile(wheel) as z:
            (metadata,) = [name for name in z.namelist() if name.endswith(".dist-info/METADATA")]
            text = z.read(metadata).decode("utf-8")
        assert text.startswith("Metadata-Version:") and "\n\n" not in text.rstrip("\n"), wheel.name
        assert "Name: " in text and "Version: " in text
        if wheel.name.startswith("knowledge_update_forms"):
            with zipfile.ZipFile(wheel) as z:
                names = set(z.namelist())
            # the command line and the maintainer's edition tools are not sent: the browser never imports them
            assert not {
                n for n in names if n.startswith(("generator/adapters/cli.", "generator/adapters/edition.", "generator/io/notice."))
            }
            assert "generator/adapters/web.pyc" in names
