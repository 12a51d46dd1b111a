"""The benchmark runs and reports every figure (quick mode; the times themselves are the benchmark's business)."""

from __future__ import annotations

import json
import subprocess
import sys

import bench
from test_hosting import cache_lifetimes

from conftest import ROOT

FIGURES = {
    "first_input_ms",
    "python_ready_cold_ms",
    "python_ready_warm_ms",
    "python_ready_warm_http_ms",
    "bare_pyodide_cold_ms",
    "bare_pyodide_warm_ms",
    "check_p50_ms",
    "check_p95_ms",
    "export_first_ms",
    "export_ms",
    "summary_200_ms",
    "intake_cli_s",
    "office_round_ms",
    "bytes_form_cold",
    "bytes_form_warm",
    "bytes_home_cold",
    "build_s",
    "cls_form_desktop",
    "cls_form_mobile",
    "cls_desk_desktop",
    "cls_desk_mobile",
    "cls_office_desktop",
    "cls_office_mobile",
    "cold_vs_bare",
    "warm_vs_bare",
    "warm_http_vs_bare",
    "search_first_result_home_ms",
    "search_first_result_form_ms",
}


# With --against, the other site's starts, interleaved (here the same site: the A/B machinery is what is tested).
# Every figure is a positive number but the bytes of a warm start (all cached) and the build (--no-build).
AGAINST = {
    "against_python_ready_cold_ms",
    "against_python_ready_warm_ms",
    "against_python_ready_warm_http_ms",
    "against_search_first_result_home_ms",
    "against_search_first_result_form_ms",
}


def test_quick_benchmark_reports_every_figure(site):
    result = subprocess.run(
        [sys.executable, "scripts/bench.py", "--quick", "--no-build", "--against", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert FIGURES | AGAINST <= report.keys()
    assert all(isinstance(report[key], (int, float)) and report[key] > 0 for key in FIGURES - {"bytes_form_warm", "build_s"} | AGAINST)
    assert report["python_ready_warm_ms"] > 0 and report["bytes_form_cold"] > report["bytes_home_cold"]
    assert set(report["budgets_met"]) <= FIGURES


def test_the_benchmark_serves_the_cache_lifetimes_the_hosting_configurations_send(site):
    """A returning visit is measured as a host configured by `make dist` serves it: versioned files kept, not asked for
    again (a server that revalidates every module of the page makes the warm start wait for each one's 304)."""
    server, url = bench.serve(site, bench.Counter())
    try:
        sent, prescribed = cache_lifetimes(site, url)
    finally:
        server.shutdown()
    assert sent == prescribed
