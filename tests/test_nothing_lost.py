"""Nothing typed is lost: a worker that dies mid-check, a reload mid-typing, typing before the script runs, a new
application or an opened file (both undoable)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import load, short_timers
from generator.core.words import FORM_UI

# The pages load their scripts by version (worker.js?v=…): a route matches the name with or without one.
WORKER = re.compile(r"/assets/shared/worker\.js(\?|$)")
FORM_SCRIPT = re.compile(r"/assets/form/form\.js(\?|$)")


def ready(page):
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)


def _dying_worker(deaths: int, site, locks: bool = True):
    """Serve, for the first `deaths` workers, the real worker with a line that closes it on its second
    check, as a crash would: silently, that check unanswered (an answered one could be the last call of the test,
    and a death nothing waits on is not noticed). Without `locks` the worker has no Web Locks, as on plain http."""
    served = []

    def handle(route):
        served.append(route.request.url)
        if len(served) > deaths:
            return route.continue_()
        real = (site / "zh" / "assets" / "shared" / "worker.js").read_text(encoding="utf-8")
        dies = (
            ("" if locks else "delete WorkerNavigator.prototype.locks; ")
            + 'let n = 0; self.addEventListener("message", e => { if (e.data.fn === "check" && ++n === 2) { e.stopImmediatePropagation(); self.close(); } });'
        )
        route.fulfill(status=200, content_type="text/javascript", body=f"{dies}\n{real}")

    return handle


# With Web Locks the page learns of the death at once; plain http (an intranet server) has none, and the
# page notices by the worker's silence.
@pytest.mark.parametrize("locks", [True, False], ids=["web-locks", "silence"])
def test_a_worker_that_dies_mid_check_is_restarted_and_loses_nothing(page, base_url, site, locks):
    short_timers(page, silence=4)
    page.route(WORKER, _dying_worker(1, site, locks))
    page.goto(f"{base_url}zh/form/")
    ready(page)
    for text in ("第一", "第二", "第三"):
        page.locator("#f-project_name").press_sequentially(text)
        page.wait_for_timeout(300)
    page.wait_for_function("document.body.dataset.pythonRestarts === '1' && document.body.dataset.python === 'ready'", timeout=90_000)
    assert page.locator("#f-project_name").input_value() == "第一第二第三"
    assert page.locator("#ku-status-text").inner_text() == FORM_UI["zh"]["ready"]
    # The new worker checks what is on the page now: "check everything" lists the empty fields.
    page.get_by_role("button", name=FORM_UI["zh"]["check_all"]).click()
    page.wait_for_function("!document.getElementById('ku-summary').hidden")
    assert "项目名称" not in page.locator("#ku-summary-list").inner_text()
    page.reload()
    assert page.locator("#f-project_name").input_value() == "第一第二第三"


def test_a_worker_that_keeps_dying_is_reported_and_the_answers_stay(page, base_url, site):
    page.route(WORKER, _dying_worker(3, site))
    page.goto(f"{base_url}zh/form/")
    ready(page)
    typed = ""
    for _ in range(40):  # each worker dies on its second check; every restart checks once by itself
        if page.evaluate("document.body.dataset.python") == "failed":
            break
        page.locator("#f-venue").press_sequentially("甲")
        typed += "甲"
        page.wait_for_timeout(400)
    assert page.evaluate("document.body.dataset.python") == "failed"
    assert page.locator("#ku-status-text").inner_text() == FORM_UI["zh"]["unavailable_status"]
    assert page.locator("#f-venue").input_value() == typed
    page.unroute(WORKER)
    page.reload()
    ready(page)
    assert page.locator("#f-venue").input_value() == typed


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


def test_a_new_application_can_be_undone_until_something_new_is_entered(page, base_url):
    venue = load("national-valid.json")["data"]["venue"]
    page.goto(f"{base_url}zh/form/")
    ready(page)
    page.locator("#f-venue").fill(venue)
    page.get_by_label(FORM_UI["zh"]["provincial"]).check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#ku-new").click()
    assert page.locator("#f-venue").input_value() == ""
    assert page.locator("#ku-message").inner_text() == FORM_UI["zh"]["cleared"]
    page.get_by_role("button", name=FORM_UI["zh"]["undo"]).click()
    assert page.locator("#f-venue").input_value() == venue
    assert page.get_by_label(FORM_UI["zh"]["provincial"]).is_checked()
    assert page.locator("#ku-undo").is_hidden()
    page.reload()
    assert page.locator("#f-venue").input_value() == venue
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#ku-new").click()
    page.locator("#f-venue").fill("新的地点")  # once something new is entered, undo would overwrite it: it goes away
    assert page.locator("#ku-undo").is_hidden()


def test_opening_a_file_over_a_filled_form_can_be_undone(page, base_url, tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps(load("provincial-valid.json"), ensure_ascii=False), encoding="utf-8")
    page.goto(f"{base_url}zh/form/")
    ready(page)
    page.locator("#f-project_name").fill("我正在填写的项目")
    page.locator("#ku-open").set_input_files(str(path))
    page.wait_for_function("document.getElementById('f-project_name').value !== '我正在填写的项目'")
    page.get_by_role("button", name=FORM_UI["zh"]["undo"]).click()
    assert page.locator("#f-project_name").input_value() == "我正在填写的项目"
    assert page.get_by_label(FORM_UI["zh"]["national"]).is_checked()


def test_typing_before_the_page_script_runs_is_kept_over_the_saved_answers(page, base_url):
    page.goto(f"{base_url}zh/form/")
    page.locator("#f-venue").fill("保存过的地点")
    page.locator("#f-project_name").fill("保存过的名称")
    held = []
    page.route(FORM_SCRIPT, lambda route: held.append(route))  # the script waits until released
    page.reload(wait_until="commit")
    page.locator("#f-project_name").fill("刚刚输入的名称")
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    page.wait_for_function("document.getElementById('f-venue').value === '保存过的地点'")
    assert page.locator("#f-project_name").input_value() == "刚刚输入的名称"
    page.unroute(FORM_SCRIPT)
    page.reload()
    assert page.locator("#f-project_name").input_value() == "刚刚输入的名称"
    assert page.locator("#f-venue").input_value() == "保存过的地点"
