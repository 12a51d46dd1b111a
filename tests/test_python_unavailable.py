"""When Python cannot start (its wasm blocked or altered on the way, its worker missing), the page degrades instead of
dying: every control answers, one message by the fields tells the clerk in her words that her answers are kept and
what to try, the webmaster's detail is folded in a disclosure, the draft can be saved and the page prints itself."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from test_accessibility import UNMARKED_CHINESE, violations

from conftest import EXAMPLES, ROOT
from generator.core.words import COLLECT_UI, FORM_UI

pytestmark = pytest.mark.cold  # a start that fails is the subject

OLD_DRAFT = ROOT / "tests" / "data" / "draft-v0-national.json"  # version 0: Python upgrades it
WASM = re.compile(r"/pyodide\.asm\.wasm(\?|$)")
WORKER = re.compile(r"/assets/shared/worker\.js(\?|$)")


def _altered(route):
    """The wasm as security software on an office PC might pass it on: one byte more."""
    response = route.fetch(url=route.request.url.replace("intranet.test", "127.0.0.1"))  # Playwright's own resolver
    route.fulfill(response=response, body=response.body() + b"\0")


# How Python is kept from starting: the wasm blocked, the wasm altered, the worker's script missing on the server.
BREAKS = {
    "wasm-blocked": (WASM, lambda route: route.abort()),
    "wasm-altered": (WASM, _altered),
    # On an intranet server over plain http there is no crypto.subtle: the browser checks the hash itself.
    "wasm-altered-plain-http": (WASM, _altered),
    "worker-missing": (WORKER, lambda route: route.fulfill(status=404, content_type="text/html", body="<h1>404</h1>")),
}


def _broken(page, base_url, path, how):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(*BREAKS[how])
    if how.endswith("plain-http"):
        base_url = base_url.replace("127.0.0.1", "intranet.test")
    page.goto(f"{base_url}{path}")
    assert page.evaluate("window.isSecureContext") is not how.endswith("plain-http")
    return errors


def _failed(page):
    page.wait_for_function("document.body.dataset.python === 'failed'", timeout=90_000)


@pytest.mark.parametrize("how", list(BREAKS))
def test_the_form_page_says_what_still_works_and_every_control_answers(page, base_url, how):
    ui = FORM_UI["zh"]
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    errors = _broken(page, base_url, "zh/form/", how)
    page.locator("#f-project_name").fill("人工智能赋能智能制造高级研修班（示例）")
    _failed(page)

    # The status line says it in a sentence; the message by the fields in the clerk's words, the detail folded.
    assert page.locator("#ku-status-text").inner_text() == ui["unavailable_status"]
    box = page.locator("#ku-unavailable")
    assert box.is_visible()
    said = box.inner_text()
    assert ui["unavailable_title"] in said and ui["unavailable_kept"] in said and ui["unavailable_print"] in said
    assert ui["unavailable_try"].replace("{download}", ui["unavailable_download_link"]) in said
    assert page.get_by_role("link", name=ui["unavailable_download_link"]).get_attribute("href").endswith("/faq/#download")
    details = page.locator("#ku-unavailable-details")
    assert details.get_attribute("open") is None and ui["technical_details"] in details.inner_text()
    if how.startswith("wasm-altered"):  # the webmaster's words, behind the disclosure: the file and what to upload again
        assert "pyodide.asm.wasm" in details.text_content() and "site/" in details.text_content()
        assert "site/" not in said.replace(details.inner_text(), "")

    details.get_by_text(ui["technical_details"]).click()
    assert violations(page) == []

    # 检查全部栏目 says why it cannot check, with no uncaught rejection.
    page.get_by_role("button", name=ui["check_all"]).click()
    expect(page.locator("#ku-message")).to_have_text(ui["unavailable_check"])

    # The download area no longer says it is loading: downloads need the checker; the draft is offered there.
    assert page.locator("#ku-blocked").inner_text() == ui["blocked_failed"]
    offered = page.locator(".ku-downloads").get_by_role("button", name=ui["save"])
    with page.expect_download() as info:
        offered.click()
    saved = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert saved["data"]["project_name"] == "人工智能赋能智能制造高级研修班（示例）"

    # Print works from the page itself: the answers as typed, without the page's tools.
    page.get_by_role("button", name=ui["print"]).click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    assert page.locator("#f-project_name").is_visible() and page.locator(".ku-print-note").is_visible()
    assert page.locator("#ku-unavailable").is_hidden() and page.locator(".ku-downloads").is_hidden()
    page.emulate_media(media="screen")

    # A file only Python can read (a draft of the older format) says so and what to do, and changes nothing.
    page.locator("#ku-open").set_input_files(str(OLD_DRAFT))
    expect(page.locator("#ku-message")).to_have_text(ui["unavailable_open"].format(name=OLD_DRAFT.name, year=2025))
    assert page.locator("#f-project_name").input_value() == "人工智能赋能智能制造高级研修班（示例）"
    assert not errors, errors

    page.unroute_all(behavior="ignoreErrors")
    page.reload()
    assert page.locator("#f-project_name").input_value() == "人工智能赋能智能制造高级研修班（示例）"


def test_without_python_a_json_draft_of_this_tool_opens_and_any_other_file_says_what_to_do(page, base_url, tmp_path):
    """A JSON draft is the page's own answers: it opens without Python, every value where Python would put it, and
    can be undone. A file only Python can read (an older format, a value no input holds, an Excel file) is refused
    with what to do, and changes nothing."""
    ui = FORM_UI["zh"]
    _broken(page, base_url, "zh/form/", "wasm-blocked")
    _failed(page)
    page.locator("#f-project_name").fill("我的研修班（虚构）")
    draft = json.loads((EXAMPLES / "provincial-valid.json").read_text(encoding="utf-8"))["data"]

    page.locator("#ku-open").set_input_files(str(EXAMPLES / "provincial-valid.json"))
    expect(page.locator("#ku-message")).to_have_text(ui["unavailable_opened"].format(name="provincial-valid.json"))
    assert page.locator("#ku-level-provincial").is_checked()
    assert page.locator("#f-project_name").input_value() == draft["project_name"]
    assert page.locator("#f-period-start").input_value() == draft["period"]["start"]
    assert page.locator("#f-trainees").input_value() == str(draft["trainees"])
    assert (
        page.locator("#f-topics-strategy").is_checked()
        and page.locator("#f-topics-strategy-text").input_value() == draft["topics"]["strategy"]["text"]
    )
    assert page.locator("#f-base-no").is_checked() and page.locator("#f-host_is_enterprise-yes").is_checked()
    # kept as the page's answers: across a reload, and what a saved draft holds again
    page.reload()
    _failed(page)
    assert page.locator("#f-project_name").input_value() == draft["project_name"]
    with page.expect_download() as info:
        page.locator(".ku-downloads").get_by_role("button", name=ui["save"]).click()
    assert json.loads(open(info.value.path(), encoding="utf-8").read())["data"] == draft

    # Refused, each with what to do; the answers stay those of the draft opened.
    two_ticks = EXAMPLES / "invalid" / "funding.single--both-funding-boxes-ticked.json"  # a choice no radio button holds
    other_edition = tmp_path / "2024年的草稿.json"
    other_edition.write_text(
        json.dumps({**json.loads((EXAMPLES / "national-valid.json").read_text(encoding="utf-8")), "edition": 2024}), encoding="utf-8"
    )
    workbook = tmp_path / "申报表.xlsx"
    workbook.write_bytes(b"PK\x03\x04 an Excel file")
    for refused in (OLD_DRAFT, two_ticks, other_edition, workbook):
        page.locator("#ku-open").set_input_files(str(refused))
        expect(page.locator("#ku-message")).to_have_text(ui["unavailable_open"].format(name=refused.name, year=2025))
        assert page.locator("#f-project_name").input_value() == draft["project_name"]

    # Opening can be undone, as with Python.
    page.locator("#ku-open").set_input_files(str(EXAMPLES / "national-valid.json"))
    expect(page.locator("#ku-message")).to_have_text(ui["unavailable_opened"].format(name="national-valid.json"))
    page.locator("#ku-undo").click()
    assert page.locator("#f-project_name").input_value() == draft["project_name"] and page.locator("#ku-level-provincial").is_checked()


def test_without_python_clearing_the_batch_leaves_nothing_counted_as_kept(page, base_url):
    ui = COLLECT_UI["zh"]
    batch = {"unit": "", "date": "", "order": "form", "items": [{"id": 1, "source": "a.json"}, {"id": 2, "source": "b.json"}]}
    page.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1'); localStorage.setItem('ku-collect:v1:2025', {json.dumps(json.dumps(batch))}); }}"
    )
    _broken(page, base_url, "zh/collect/", "wasm-blocked")
    _failed(page)
    expect(page.locator("#ku-counts")).to_have_text(ui["kept"].format(n=2))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=ui["clear_batch"]).click()
    expect(page.locator("#ku-counts")).to_have_text(ui["empty"])
    page.reload()
    _failed(page)
    assert page.locator("#ku-counts").inner_text() == ui["empty"]


@pytest.mark.parametrize("how", ["wasm-blocked", "wasm-altered"])
def test_the_desk_says_what_still_works_in_its_own_words(page, base_url, how):
    ui = COLLECT_UI["en"]
    # A batch of two files kept from an earlier visit: without Python it cannot be listed, and the page says it is kept.
    batch = {"unit": "", "date": "", "order": "form", "items": [{"id": 1, "source": "a.json"}, {"id": 2, "source": "b.json"}]}
    page.add_init_script(f"localStorage.setItem('ku-collect:v1:2025', {json.dumps(json.dumps(batch))});")
    errors = _broken(page, base_url, "en/collect/", how)
    _failed(page)
    assert page.locator("#ku-status-text").inner_text() == ui["unavailable_status"]
    assert page.locator("#ku-counts").inner_text() == ui["kept"].format(n=2)
    said = page.locator("#ku-unavailable").inner_text()
    assert ui["unavailable_kept"] in said and "python -m generator summary" in said
    assert FORM_UI["en"]["unavailable_print"] not in said  # nothing to print at the desk
    page.locator("#ku-files").set_input_files(str(EXAMPLES / "national-valid.json"))
    expect(page.locator("#ku-message")).to_have_text(ui["unavailable_add"])
    assert page.locator("#ku-blocked").inner_text() == ui["blocked_failed"]
    assert page.get_by_role("button", name=ui["download"]).is_disabled()
    page.locator("#ku-unavailable-details").get_by_text(ui["technical_details"]).click()
    assert violations(page) == [] and page.evaluate(UNMARKED_CHINESE) == []
    assert not errors, errors
