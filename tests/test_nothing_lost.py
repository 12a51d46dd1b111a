"""Nothing typed is lost: a worker that dies mid-check, a reload mid-typing, a new application that asks first."""

from __future__ import annotations

from conftest import load


def ready(page):
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)


def test_a_worker_that_dies_mid_check_loses_nothing(page, base_url):
    # Serve a worker that runs the real one and closes itself on the third check, as a crash would.
    def dying_worker(route):
        real = route.request.url.replace("worker.js", "worker.js?real")
        body = f'import "{real}"; let n = 0; self.addEventListener("message", e => {{ if (e.data.fn === "check" && ++n === 3) self.close(); }});'
        route.fulfill(status=200, content_type="text/javascript", body=body)

    page.route("**/assets/form/worker.js", dying_worker)
    page.goto(f"{base_url}zh/form/")
    ready(page)
    for text in ("第一", "第二", "第三", "第四"):
        page.locator("#f-project_name").press_sequentially(text)
        page.wait_for_timeout(200)
    page.unroute("**/assets/form/worker.js")
    page.reload()
    ready(page)
    assert page.locator("#f-project_name").input_value() == "第一第二第三第四"


def test_a_reload_mid_typing_keeps_every_character(page, base_url):
    page.goto(f"{base_url}zh/form/")
    page.locator("#f-purpose").press_sequentially("提升能力")
    page.reload()  # at once, before Python is even ready
    assert page.locator("#f-purpose").input_value() == "提升能力"


def test_new_application_asks_first_and_keeps_everything_when_declined(page, base_url):
    page.goto(f"{base_url}zh/form/")
    ready(page)
    page.locator("#f-venue").fill(load("national-valid.json")["data"]["venue"])
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#ku-new").click()
    assert page.locator("#f-venue").input_value() == load("national-valid.json")["data"]["venue"]
    page.reload()
    assert page.locator("#f-venue").input_value() == load("national-valid.json")["data"]["venue"]
