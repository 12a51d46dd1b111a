"""What a user waits for, measured in headless Chromium against the built site on 127.0.0.1.

Prints one JSON object and a table: medians over several runs of the first input, Python ready (cold
and warm) beside a bare Pyodide page that loads the same files in a worker, checks, exports, 附件3 from
200 applications, the `intake` command and the office page on a round of 40 附件3 and 400 applications, the first
search result (home page, form page), bytes transferred and the build time. `--quick` runs everything once, small, to
prove the benchmark works (make test does that); it asserts nothing about times.
"""

from __future__ import annotations

import argparse
import copy
import functools
import gzip
import http.server
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from chromium import ARGS, CHROMIUM, open_settled  # the same browser as the tests (scripts/chromium.py)
from playwright.sync_api import sync_playwright

from generator.site.hosting import REVALIDATE, cache_control

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"  # the bare page loads Pyodide as npm ships it

# A bare page that loads the same Pyodide files in a module worker: the floor our page is compared with.
BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<script>
const worker = new Worker("bare-worker.js", {type: "module"});
worker.onmessage = () => { document.body.dataset.readyAt = performance.now(); document.body.dataset.python = "ready"; };
worker.postMessage(new URL("__PYODIDE__", location.href).href);
</script><body></body>"""
BARE_WORKER = """self.onmessage = async ({data: indexURL}) => {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL });
  pyodide.runPython("1 + 1");
  self.postMessage("ready");
};"""


class Counter:
    """Bytes the server sent since the last reset: what the browser transferred."""

    def __init__(self) -> None:
        self.bytes = 0
        self.lock = threading.Lock()

    def add(self, n: int) -> None:
        with self.lock:
            self.bytes += n

    def take(self) -> int:
        with self.lock:
            value, self.bytes = self.bytes, 0
            return value


@functools.cache
def gzipped(path: Path) -> bytes:
    """A file of npm's Pyodide compressed as the site's build compresses the runtime (level 6)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def serve(directory: Path, counter: Counter, hosting: bool = True) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve the site like a production server would: pre-compressed .gz when the browser accepts it, and the cache
    lifetimes `make dist`'s configurations send (generator/site/hosting.py; hosting=False: revalidate everything, as a
    bare server would); the bare page and npm's Pyodide under /__bench__/ (revalidated either way: no version in
    their URLs)."""

    def cache(url: str) -> str:
        return cache_control(url) if hosting else REVALIDATE

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def translate_path(self, path: str) -> str:
            if path.startswith("/__bench__/npm/"):
                return str(NPM_PYODIDE / path.removeprefix("/__bench__/npm/").split("?")[0])
            return super().translate_path(path)

        def do_GET(self) -> None:
            bench = {
                "/__bench__/bare.html": (BARE_PAGE.replace("__PYODIDE__", "/__bench__/npm/"), "text/html"),
                "/__bench__/bare-worker.js": (BARE_WORKER, "text/javascript"),
            }
            if self.path in bench:
                body, kind = bench[self.path]
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                counter.add(len(data))
                return
            super().do_GET()

        def send_head(self):
            path = Path(self.translate_path(self.path))
            gz = Path(str(path) + ".gz")
            npm = path.is_relative_to(NPM_PYODIDE) and path.suffix in (".mjs", ".wasm", ".json")
            if path.is_file() and (gz.is_file() or npm) and "gzip" in self.headers.get("Accept-Encoding", ""):
                modified = self.date_time_string(int(path.stat().st_mtime))
                if self.headers.get("If-Modified-Since") == modified:
                    self.send_response(304)
                    self.end_headers()
                    return None
                data = gz.read_bytes() if gz.is_file() else gzipped(path)  # npm has no .gz: as the site's build makes them
                self.send_response(200)
                self.send_header("Last-Modified", modified)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", cache(self.path))
                self.end_headers()
                return __import__("io").BytesIO(data)
            return super().send_head()

        def end_headers(self) -> None:
            if "Cache-Control" not in "".join(map(str, self._headers_buffer)):
                self.send_header("Cache-Control", cache(self.path))
            super().end_headers()

        def copyfile(self, source, outputfile) -> None:
            data = source.read()
            outputfile.write(data)
            counter.add(len(data))

    handler = functools.partial(Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build() -> float:
    """Build the whole site (wheels and both languages) and return the seconds it took."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "scripts/build_wheels.py"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run([sys.executable, "scripts/build_site.py"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def ready(page, timeout: float = 120_000) -> float:
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=timeout)
    return float(page.evaluate("Number(document.body.dataset.readyAt)"))


def bare(browser, base: str, counter: Counter) -> dict[str, float]:
    context = browser.new_context(bypass_csp=True)  # the harness waits with evaluated predicates
    page = context.new_page()
    counter.take()
    page.goto(base + "__bench__/bare.html")
    cold = ready(page)
    cold_bytes = counter.take()
    page.goto("about:blank")
    page.goto(base + "__bench__/bare.html")
    warm = ready(page)
    context.close()
    return {"cold": cold, "warm": warm, "bytes": cold_bytes}


def form(browser, base: str, counter: Counter, edits: int, draft: dict) -> dict[str, float]:
    context = browser.new_context(accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    counter.take()
    page.goto(base + "zh/form/", wait_until="commit")  # a person types as soon as the field is there
    page.locator("#f-project_name").press_sequentially("研")
    page.wait_for_function("document.body.dataset.firstInputAt")
    first_input = float(page.evaluate("Number(document.body.dataset.firstInputAt)"))  # since navigation, on the page's clock
    cold = ready(page)
    cold_bytes = counter.take()

    path = Path(tempfile.mkdtemp()) / "draft.json"
    path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    page.locator("#ku-open").set_input_files(str(path))
    page.wait_for_function("document.getElementById('f-venue').value !== ''")
    page.wait_for_function("document.body.dataset.checkedAt")
    checks = []
    for i in range(edits):
        before = page.evaluate("document.body.dataset.checkedAt")
        page.locator("#f-venue").press("End")
        page.locator("#f-venue").press_sequentially(str(i % 10))
        page.wait_for_function(f"document.body.dataset.checkedAt !== {json.dumps(before)}")
        checks.append(float(page.evaluate("document.body.dataset.inputToShownMs")))
    exports = []
    for _ in range(3):
        with page.expect_download():
            page.locator("#ku-download-national").click()
        exports.append(float(page.evaluate("document.body.dataset.downloadMs")))

    page.goto("about:blank")
    counter.take()
    page.goto(base + "zh/form/")
    warm = ready(page)
    warm_bytes = counter.take()
    context.close()
    return {
        "first_input": first_input,
        "cold": cold,
        "warm": warm,
        "checks": checks,
        "export_first": exports[0],
        "export": statistics.median(exports[1:]),
        "bytes_cold": cold_bytes,
        "bytes_warm": warm_bytes,
    }


def starts(browser, base: str) -> dict[str, float]:
    """Python ready on a first visit to the form page, then on a second one (from the snapshot the first kept)."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(base + "zh/form/")
    first = ready(page)
    page.wait_for_function("document.body.dataset.pythonSnapshotKept === 'yes'", timeout=120_000)
    page.goto("about:blank")
    page.goto(base + "zh/form/")
    second = ready(page)
    context.close()
    return {"cold": first, "warm": second}


def warm_http(browser, base: str) -> float:
    """Python ready on a second visit over plain http by host name (an intranet server, not a secure
    context: no Cache Storage, so the snapshot is kept in IndexedDB)."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    url = base.replace("127.0.0.1", "intranet.test") + "zh/form/"
    page.goto(url)
    ready(page)
    page.wait_for_function("document.body.dataset.pythonSnapshotKept === 'yes'", timeout=120_000)
    page.goto("about:blank")
    page.goto(url)
    warm = ready(page)
    context.close()
    return warm


def summary(browser, base: str, applications: int, draft: dict) -> float:
    folder = Path(tempfile.mkdtemp())
    paths = []
    for i in range(applications):
        one = copy.deepcopy(draft)
        one["data"]["project_name"] = f"示例研修班第{i}期"
        one["data"]["host_name"] = f"示例单位{i}（虚构）"
        paths.append(folder / f"{i:03d}.json")
        paths[-1].write_text(json.dumps(one, ensure_ascii=False), encoding="utf-8")
    context = browser.new_context(accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    page.goto(base + "zh/collect/")
    ready(page)
    started = time.perf_counter()
    page.locator("#ku-files").set_input_files([str(p) for p in paths])
    page.wait_for_function(f"document.body.dataset.batchRows == '{applications}'", timeout=300_000)
    with page.expect_download():
        page.locator("#ku-download").click()
    elapsed = (time.perf_counter() - started) * 1000
    context.close()
    shutil.rmtree(folder)
    return elapsed


def intake_cli(departments: int, per_department: int) -> float:
    """Seconds the real `intake` command takes (Python's start included) for a fictitious round: each department's
    附件3 and its applications (JSON drafts, one in five an Excel form of this tool), made by tests/rounds.py."""
    sys.path.insert(0, str(ROOT / "tests"))
    import rounds

    folder = Path(tempfile.mkdtemp())
    try:
        rounds.write(folder, rounds.make(departments, per_department, cases=False, excel_every=5))
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "generator", "intake", str(folder), "-o", str(folder / "out.xlsx"), "--lang", "zh"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:  # a clean round: anything else is the command failing, not a time
            raise RuntimeError(done.stdout[-2000:] + done.stderr[-2000:])
        return seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def office_round(browser, base: str, departments: int, per_department: int) -> float:
    """Milliseconds the office page takes from a round's folder chosen to everything shown: the files read in the page,
    kept, read by Python, reconciled, checked and drawn (the page's own measure, officeAddMs); tests/rounds.py's round."""
    sys.path.insert(0, str(ROOT / "tests"))
    import rounds

    folder = Path(tempfile.mkdtemp())
    try:
        round_folder = rounds.write(folder / "round", rounds.make(departments, per_department, cases=False, excel_every=5))
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        page.goto(base + "zh/office/")
        ready(page)
        page.locator("#ku-folder").set_input_files(str(round_folder))
        page.wait_for_function(f"document.body.dataset.officeApps == '{departments * per_department}'", timeout=300_000)
        page.wait_for_function("document.body.dataset.officeAddMs", timeout=60_000)
        assert page.locator("#ku-figures figure").count() > 0  # drawn, not only listed
        elapsed = float(page.evaluate("document.body.dataset.officeAddMs"))
        context.close()
        return elapsed
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def home_bytes(browser, base: str, counter: Counter) -> int:
    context = browser.new_context(bypass_csp=True)  # the harness waits with evaluated predicates
    page = context.new_page()
    counter.take()
    open_settled(page, base + "zh/")
    context.close()
    return counter.take()


# Cumulative layout shift (what moves under the reader, shifts after an input excluded) until Python is ready + 1 s.
CLS_PAGES = {"form": "zh/form/", "desk": "zh/collect/", "office": "zh/office/"}
CLS_VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "mobile": {"width": 390, "height": 844}}
CLS_SCRIPT = """window.kuShift = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.kuShift += e.value; })
  .observe({ type: "layout-shift", buffered: true });"""


def layout_shifts(browser, base: str) -> dict[str, float]:
    """cls_<page>_<viewport> of one cold visit each."""
    shifts = {}
    for page_name, path in CLS_PAGES.items():
        for viewport_name, viewport in CLS_VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, bypass_csp=True)  # the harness waits with evaluated predicates
            page = context.new_page()
            page.add_init_script(CLS_SCRIPT)
            page.goto(base + path)
            ready(page)
            page.wait_for_timeout(1000)
            shifts[f"cls_{page_name}_{viewport_name}"] = float(page.evaluate("window.kuShift"))
            context.close()
    return shifts


def first_result(browser, base: str, path: str) -> float:
    """From a first query typed on a page just opened (on the form page: once Python is ready) to its results shown."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(base + path)
    if path.endswith("form/"):
        ready(page)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("学员人数")
    typed = page.evaluate("performance.now()")
    box.press("End")  # Material searches on keyup
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    shown = page.evaluate("performance.now()")
    context.close()
    return shown - typed


def searches(browser, base: str) -> dict[str, float]:
    """Time to the first result on the home page and on the form page."""
    return {"home": first_result(browser, base, "zh/"), "form": first_result(browser, base, "zh/form/")}


def against(browser, base: str, results: dict[str, list[float]]) -> None:
    """The other site's cold, warm and plain-http warm starts and first search results, added as against_*."""
    measured = {**starts(browser, base), "warm_http": warm_http(browser, base)}
    for key, value in measured.items():
        results.setdefault(f"against_python_ready_{key}_ms", []).append(value)
    for key, value in searches(browser, base).items():
        results.setdefault(f"against_search_first_result_{key}_ms", []).append(value)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


BUDGETS = {
    "first_input_ms": lambda r: r["first_input_ms"] <= 500,
    "cold_vs_bare": lambda r: r["cold_vs_bare"] <= 1.0,
    "warm_vs_bare": lambda r: r["warm_vs_bare"] <= 0.3,
    "warm_http_vs_bare": lambda r: r["warm_http_vs_bare"] <= 0.3,
    "check_p95_ms": lambda r: r["check_p95_ms"] <= 25,
    "export_ms": lambda r: r["export_ms"] <= 150,
    "summary_200_ms": lambda r: r["summary_200_ms"] <= 3000,
    "intake_cli_s": lambda r: r["intake_cli_s"] <= 5,
    "office_round_ms": lambda r: r["office_round_ms"] <= 10_000,
    "bytes_form_cold": lambda r: r["bytes_form_cold"] <= r["bytes_bare_cold"] + 600_000,
    "bytes_home_cold": lambda r: r["bytes_home_cold"] <= 400_000,
    "build_s": lambda r: r["build_s"] <= 15,
    **{f"cls_{p}_{v}": (lambda key: lambda r: r[key] <= 0.02)(f"cls_{p}_{v}") for p in CLS_PAGES for v in CLS_VIEWPORTS},
}
BUDGET_TEXT = {
    "first_input_ms": "≤ 500",
    "cold_vs_bare": "≤ 1.0 (median of each run's ratio)",
    "warm_vs_bare": "≤ 0.3",
    "warm_http_vs_bare": "≤ 0.3",
    "check_p95_ms": "≤ 25",
    "export_ms": "≤ 150",
    "summary_200_ms": "≤ 3000",
    "intake_cli_s": "≤ 5 (40 附件3, 400 applications)",
    "office_round_ms": "≤ 10000 (the office page: 40 附件3, 400 applications)",
    "bytes_form_cold": "≤ bare + 600 KB",
    "bytes_home_cold": "≤ 400 KB",
    "build_s": "≤ 15",
    **{f"cls_{p}_{v}": "≤ 0.02" for p in CLS_PAGES for v in CLS_VIEWPORTS},
}


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one small run, to show it works")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-build", action="store_true", help="measure the site/ as it is")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="SITE",
        help="another built site (another commit's, a step left out): its cold and warm starts, interleaved with ours",
    )
    args = parser.parse_args()
    runs, edits, applications = (1, 10, 20) if args.quick else (args.runs, 100, 200)

    build_s = 0.0 if args.no_build else build()
    # the newest edition's example (a new edition has none until its examples are carried over)
    example = sorted((ROOT / "generator" / "data" / "editions").glob("*/examples/national-valid.json"))[-1]
    draft = json.loads(example.read_text(encoding="utf-8"))
    counter = Counter()
    server, base = serve(SITE, counter)
    other = serve(args.against, Counter()) if args.against else None
    results: dict[str, list[float]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for run in range(runs):
                b = bare(browser, base, counter)
                # A/B: the other site's starts right before or after ours, in turn
                if other and run % 2 == 0:
                    against(browser, other[1], results)
                f = form(browser, base, counter, edits, draft)
                warm_http_ms = warm_http(browser, base)
                if other and run % 2 == 1:
                    against(browser, other[1], results)
                for key, value in {
                    "bare_pyodide_cold_ms": b["cold"],
                    "bare_pyodide_warm_ms": b["warm"],
                    "bytes_bare_cold": b["bytes"],
                    "first_input_ms": f["first_input"],
                    "python_ready_cold_ms": f["cold"],
                    "python_ready_warm_ms": f["warm"],
                    "check_p50_ms": statistics.median(f["checks"]),
                    "check_p95_ms": p95(f["checks"]),
                    "export_first_ms": f["export_first"],
                    "export_ms": f["export"],
                    "bytes_form_cold": f["bytes_cold"],
                    "bytes_form_warm": f["bytes_warm"],
                    "bytes_home_cold": home_bytes(browser, base, counter),
                    "python_ready_warm_http_ms": warm_http_ms,
                    **{f"search_first_result_{key}_ms": value for key, value in searches(browser, base).items()},
                    # each run's ratio, the bare page measured right before: the medians of these are the budgets
                    "cold_vs_bare": f["cold"] / b["cold"],
                    "warm_vs_bare": f["warm"] / b["warm"],
                    "warm_http_vs_bare": warm_http_ms / b["warm"],
                    **layout_shifts(browser, base),
                }.items():
                    results.setdefault(key, []).append(value)
            results["summary_200_ms"] = [summary(browser, base, applications, draft)]
            results["intake_cli_s"] = [intake_cli(*((4, 5) if args.quick else (40, 10)))]
            results["office_round_ms"] = [office_round(browser, base, *((4, 5) if args.quick else (40, 10)))]
            browser.close()
    finally:
        server.shutdown()
        if other:
            other[0].shutdown()
    report = {
        key: round(statistics.median(values), 4 if key.startswith("cls_") else 3 if key.endswith("_vs_bare") else 1)
        for key, values in results.items()
    }
    report["build_s"] = round(build_s, 2)
    report["runs"] = runs
    report["quick"] = args.quick
    report["budgets_met"] = {key: check(report) for key, check in BUDGETS.items()}
    print(json.dumps(report, ensure_ascii=False))
    print(file=sys.stderr)
    for key in [k for k in report if k not in ("runs", "quick", "budgets_met")]:
        met = report["budgets_met"].get(key)
        mark = "" if met is None else ("ok  " if met else "OVER")
        print(f"  {key:24} {report[key]:>12}  {mark} {BUDGET_TEXT.get(key, '')}", file=sys.stderr)


if __name__ == "__main__":
    main()
