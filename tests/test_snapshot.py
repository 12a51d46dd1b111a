"""The second visit starts Python from a memory snapshot; a snapshot that cannot be used means a normal start."""

from __future__ import annotations

from conftest import load


def ready(page):
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)


def wait_kept(page):
    """Until the snapshot is in Cache Storage (evaluate awaits the promise; wait_for_function would not)."""
    for _ in range(300):
        if page.evaluate("caches.open('ku-python-snapshot').then(c => c.keys()).then(k => k.length)") == 1:
            return
        page.wait_for_timeout(100)
    raise AssertionError("no snapshot was kept")


def test_second_visit_restores_python_and_checks_the_same(page, base_url):
    logs = []
    page.on("console", lambda m: logs.append(m.text))
    page.goto(f"{base_url}zh/form/")
    ready(page)
    assert page.evaluate("document.body.dataset.pythonSnapshot") == "no"
    wait_kept(page)
    page.reload()
    ready(page)
    assert page.evaluate("document.body.dataset.pythonSnapshot") == "yes", logs
    page.locator("#f-trainees").fill("25")
    page.get_by_label("省级（附件2）").check()
    page.wait_for_selector("#ku-summary-list li[data-rule='trainees.minimum']")
    # files and printing still work after a restore (openpyxl is imported again)
    page.locator("#f-project_name").fill(load("provincial-valid.json")["data"]["project_name"])
    page.evaluate("window.print = () => {}")
    page.locator("#ku-print-button").click()
    page.wait_for_selector("#ku-print .ku-form", state="attached")


def test_an_unusable_snapshot_falls_back_to_a_normal_start(page, base_url):
    page.goto(f"{base_url}zh/form/")
    ready(page)
    wait_kept(page)
    page.evaluate("""async () => {
        const cache = await caches.open('ku-python-snapshot');
        for (const key of await cache.keys()) await cache.put(key, new Response(new Uint8Array(1000)));
    }""")
    page.reload()
    ready(page)
    assert page.evaluate("document.body.dataset.pythonSnapshot") == "no"
