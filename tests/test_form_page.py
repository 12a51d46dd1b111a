"""The form page in a real Chromium: Python in the browser checks as the user types, files come out and go back in."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import changed, load
from generator.core import forms
from generator.core.words import FORM_UI


def open_form(page, base_url: str, lang: str = "zh"):
    page.goto(f"{base_url}{lang}/form/")
    page.wait_for_function("document.body.dataset.python !== 'loading'", timeout=90_000)
    assert page.evaluate("document.body.dataset.python") == "ready"


def fill(page, draft: dict, lang: str = "zh") -> None:
    """Fill the page by its labels, as a person would, from a draft; labels come from the form definitions."""
    ui = FORM_UI[lang]
    form_id = draft["form"]
    page.get_by_label(ui[form_id]).check()
    definition = forms.load(form_id)
    for field_id, value in draft["data"].items():
        field = definition.field(field_id)
        box = page.locator(f"#field-{field_id}")
        label = field.label(form_id, lang)
        if field.type == "daterange":
            box.get_by_label(ui["start"]).fill(value["start"])
            box.get_by_label(ui["end"]).fill(value["end"])
        elif field.type == "choice":
            option = field.option(value)
            box.get_by_label(option.label("zh", batch="＿") if lang == "zh" else option.label("en", batch="…")).check()
        elif field.type == "yesno":
            box.get_by_label(ui["yes"] if value else ui["no"], exact=True).check()
        elif field.type == "topics":
            for option in field.options:
                entry = value.get(option.id)
                if entry:
                    checkbox = box.get_by_role("checkbox", name=option.name[lang])
                    checkbox.set_checked(entry["ticked"])
                    box.get_by_label(f"{option.name.zh}：{ui['explain']}").fill(entry["text"])
        else:
            page.get_by_label(label).first.fill(str(value))


def wait_checked(page):
    """Wait until the checker has looked at the latest change (each change starts a check at once; on a busy
    machine one can take longer than a fixed wait)."""
    page.wait_for_function("document.body.dataset.python === 'ready' && document.body.dataset.checkedAt && !document.body.dataset.checking")


@pytest.fixture
def outside_requests(page, base_url):
    """Every request the page makes to another origin (there must be none)."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith((base_url, f"blob:{base_url.rstrip('/')}/", "data:")) else None)
    return seen


def test_valid_national_application_downloads_the_official_excel(page, base_url, outside_requests):
    open_form(page, base_url)
    draft = load("national-valid.json")
    fill(page, draft)
    wait_checked(page)
    assert page.locator("#ku-summary").is_hidden()
    button = page.locator("#ku-download-national")
    assert button.is_enabled()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert (
        download.suggested_filename == "附件1-专业技术人才知识更新工程2025年高级研修项目申报表-人工智能赋能智能制造高级研修班（示例）.xlsx"
    )
    ws = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    assert ws["A1"].value == "附件1"
    assert ws["B5"].value == draft["data"]["project_name"]
    assert ws["B6"].value == "2025年7月14日至2025年7月19日"
    assert ws["E6"].value == draft["data"]["venue"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("☑对接产业需求：面向高端装备") for t in texts)
    assert any(t.endswith("面向全国招收学员，计划招收50人。") for t in texts)
    with page.expect_download() as info:
        page.locator("#ku-download-row").click()
    row = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    assert [c.value for c in row[6]][:3] == [1, draft["data"]["project_name"], draft["data"]["host_name"]]
    with page.expect_download() as info:
        page.locator("#ku-download-national-docx").click()
    assert info.value.suggested_filename.endswith("人工智能赋能智能制造高级研修班（示例）.docx")
    document = zipfile.ZipFile(info.value.path()).read("word/document.xml").decode()
    assert draft["data"]["project_name"] in document and "☑自筹经费项目" in document
    assert outside_requests == []


def test_invalid_provincial_application_lists_the_rules_and_links_to_the_field(page, base_url, outside_requests):
    open_form(page, base_url)
    fill(page, changed(load("provincial-valid.json"), trainees=25, host_mobile="1390000000"))
    wait_checked(page)
    rules = page.locator("#ku-summary-list li").evaluate_all("items => items.map(i => i.dataset.rule)")
    assert set(rules) == {"trainees.minimum", "phone.mobile"}
    assert page.locator("#ku-download-provincial").is_enabled()  # never held back: asks first (test_trust_browser)
    assert "1 个错误" in page.locator("#ku-blocked").inner_text()
    page.locator("#ku-summary-list li[data-rule='trainees.minimum'] a").first.click()
    assert page.evaluate("document.activeElement.id") == "f-trainees"
    assert page.locator("#f-trainees-error").inner_text().startswith("省级高级研修项目学员数量不少于30人")
    clause = page.locator("#f-trainees-error a.ku-clause")
    assert clause.get_attribute("href").endswith("/notice/#s2-1")
    assert outside_requests == []


def test_a_reload_brings_everything_back(page, base_url):
    open_form(page, base_url)
    draft = load("provincial-valid.json")
    fill(page, draft)
    page.reload()
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    assert page.get_by_label(FORM_UI["zh"]["provincial"]).is_checked()
    assert page.locator("#f-project_name").input_value() == draft["data"]["project_name"]
    assert page.locator("#f-topics-industry-text").input_value() == draft["data"]["topics"]["industry"]["text"]
    assert page.locator("#f-host_is_enterprise-yes").is_checked()
    assert page.locator("#f-period-end").input_value() == "2025-09-19"


def test_save_draft_new_application_open_draft(page, base_url):
    open_form(page, base_url)
    draft = load("national-valid.json")
    fill(page, draft)
    with page.expect_download() as info:
        page.locator("#ku-save").click()
    saved = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert saved == draft
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#ku-new").click()
    assert page.locator("#f-project_name").input_value() == ""
    page.locator("#ku-open").set_input_files(info.value.path())
    page.wait_for_function("document.getElementById('f-project_name').value !== ''")
    assert page.locator("#f-project_name").input_value() == draft["data"]["project_name"]
    assert page.locator("#f-funding-self").is_checked()
    assert page.locator("#f-funding_source").input_value() == draft["data"]["funding_source"]


def test_opening_an_excel_file_this_tool_wrote_fills_the_form(page, base_url, tmp_path):
    from conftest import application
    from generator.io import xlsx

    path = tmp_path / "附件2.xlsx"
    path.write_bytes(xlsx.write_application(application(load("provincial-valid.json"))))
    open_form(page, base_url)
    page.locator("#ku-open").set_input_files(str(path))
    page.wait_for_function("document.getElementById('f-project_name').value !== ''")
    assert page.get_by_label(FORM_UI["zh"]["provincial"]).is_checked()
    assert page.locator("#f-declarant").input_value() == "示例海洋科技有限公司（虚构单位）"


@pytest.mark.parametrize(
    ("name", "content"), [("damaged.xlsx", b"PK\x03\x04 not really"), ("notes.json", b"{ nope"), ("other.json", b'{"a": 1}')]
)
def test_a_damaged_file_gets_a_message_and_the_form_is_untouched(page, base_url, tmp_path, name, content):
    open_form(page, base_url)
    page.get_by_label("项目名称").fill("我已经填写的内容")
    bad = tmp_path / name
    bad.write_bytes(content)
    page.locator("#ku-open").set_input_files(str(bad))
    message = page.locator("#ku-message")
    message.wait_for(state="visible")
    assert f"无法打开“{name}”" in message.inner_text() and "没有改变" in message.inner_text()
    assert page.locator("#f-project_name").input_value() == "我已经填写的内容"


def test_switching_level_hides_what_the_other_form_has_and_keeps_it(page, base_url):
    open_form(page, base_url)
    page.get_by_label("自筹经费项目").check()
    assert page.locator("#field-funding_source").is_visible()
    page.get_by_label("自筹经费来源").fill("自有资金")
    page.get_by_label(FORM_UI["zh"]["provincial"]).check()
    assert page.locator("#field-funding").is_hidden() and page.locator("#field-declarant").is_visible()
    assert page.get_by_text("选题所属专业技术领域").first.is_visible()
    page.get_by_label(FORM_UI["zh"]["national"]).check()
    assert page.locator("#f-funding_source").input_value() == "自有资金"


def test_the_english_page_works_the_same(page, base_url, outside_requests):
    open_form(page, base_url, "en")
    draft = changed(load("national-valid.json"), trainees=120)
    fill(page, draft, "en")
    wait_checked(page)
    rules = page.locator("#ku-summary-list li").evaluate_all("items => items.map(i => i.dataset.rule)")
    assert rules == ["trainees.about"]
    assert "National courses take about 50 trainees" in page.locator("#ku-summary-list").inner_text()
    assert page.get_by_text("项目名称").first.is_visible()  # the official label beside the English one
    assert page.locator("#ku-download-national").is_enabled()  # warnings do not block
    with page.expect_download() as info:
        page.locator("#ku-download-national").click()
    assert load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active["B5"].value == draft["data"]["project_name"]
    assert outside_requests == []


def test_print_view_shows_the_filled_official_form(page, base_url):
    open_form(page, base_url)
    fill(page, load("provincial-valid.json"))
    page.evaluate("window.print = () => {}")
    page.locator("#ku-print-button").click()
    page.wait_for_selector("#ku-print .ku-form", state="attached")
    page.emulate_media(media="print")
    assert page.locator("#ku-print").is_visible()
    assert page.locator("#ku-form").is_hidden()
    assert "专业技术人员知识更新工程2025年省级高级研修项目申报表" in page.locator("#ku-print").inner_text()
    assert "海洋装备绿色低碳技术高级研修班（示例）" in page.locator("#ku-print").inner_text()


def test_script_looking_values_stay_text_in_the_form_the_print_view_and_the_desk(page, base_url, tmp_path):
    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    draft = changed(load("national-valid.json"), project_name=hostile, host_name=hostile, venue='=HYPERLINK("x")')
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    open_form(page, base_url)
    page.locator("#ku-open").set_input_files(str(path))
    page.wait_for_function("document.getElementById('f-project_name').value !== ''")
    assert page.locator("#f-project_name").input_value() == hostile
    page.evaluate("window.print = () => {}")
    page.locator("#ku-print-button").click()
    page.wait_for_selector("#ku-print .ku-form", state="attached")
    assert hostile in page.locator("#ku-print").text_content()
    page.goto(f"{base_url}zh/collect/")
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    page.locator("#ku-files").set_input_files(str(path))
    page.wait_for_function("document.body.dataset.batchRows == '1'")
    assert hostile in page.locator("#ku-rows").text_content()
    assert page.evaluate("window.pwned") is None


def test_each_action_says_what_it_did_in_place_of_the_last_one(page, base_url):
    """Saving a draft confirms it by name; checking every field afterwards replaces the line rather than leaving it."""
    open_form(page, base_url)
    fill(page, load("national-valid.json"))
    wait_checked(page)
    with page.expect_download() as info:
        page.locator("#ku-save").click()
    name = info.value.suggested_filename
    assert name.startswith("申报草稿-") and name.endswith(".json")
    page.wait_for_function("document.getElementById('ku-message').textContent.includes('已保存草稿')")
    assert name in page.locator("#ku-message").inner_text()
    page.get_by_label(FORM_UI["zh"]["national"]).check()
    page.locator("#f-project_name").fill("")
    wait_checked(page)
    assert page.locator("#ku-summary").is_visible()  # already, for the emptied name: not a sign "check" is done
    page.locator("#ku-check").click()
    page.wait_for_function("document.activeElement.id === 'ku-summary'")  # the page moves to it once the check is back
    assert page.locator("#ku-message").is_hidden()  # the summary says what is wrong; the saved-draft line is gone


# The worker's replies held back until the test lets them through, in the order the worker answered them.
HOLD_REPLIES = """
(() => {
  const Real = window.Worker;
  window.__held = [];
  window.Worker = class extends Real {
    postMessage(data, ...rest) {
      if (data && data.type === "call") (window.__calls = window.__calls || {})[data.id] = data.fn;
      return super.postMessage(data, ...rest);
    }
    set onmessage(handler) {
      window.__release = () => {
        window.__holding = false;
        const next = () => window.__held.length && (handler(window.__held.shift()), setTimeout(next));
        next();
      };
      const later = (event) => event.data.type === "reply" && (window.__holding || window.__held.length);
      super.onmessage = (event) => (later(event) ? window.__held.push(event) : handler(event));
    }
  };
})();
"""


def test_a_check_that_ends_after_a_later_action_leaves_its_line(page, base_url):
    """'Check everything' pressed while a check is under way waits for it and one more; a draft saved meanwhile
    says so, and the check's end does not clear that line."""
    page.add_init_script(HOLD_REPLIES)
    open_form(page, base_url)
    fill(page, load("national-valid.json"))
    page.locator("#f-project_name").fill("")
    wait_checked(page)
    page.evaluate("window.__holding = true")
    page.locator("#f-trainees").fill("50")  # a check the worker has not answered yet
    page.locator("#ku-check").click()
    with page.expect_download():
        page.locator("#ku-save").click()
        page.wait_for_function("window.__held.filter(e => ['check', 'draft_filename'].includes(window.__calls[e.data.id])).length === 2")
        page.evaluate("window.__release()")
    page.wait_for_function("document.activeElement.id === 'ku-summary'")
    assert page.locator("#ku-summary").is_visible()
    assert "已保存草稿" in page.locator("#ku-message").inner_text()


def test_two_findings_of_one_field_stand_on_lines_of_their_own_and_the_field_shows_the_error(page, base_url):
    """A course in December, two days long: an error (finish by 30 November) and a warning (5 to 7 days) on 办班时间."""
    open_form(page, base_url)
    fill(page, changed(load("national-valid.json"), period={"start": "2025-12-01", "end": "2025-12-02"}))
    wait_checked(page)
    findings = page.locator("#field-period .ku-field__finding")
    expect(findings).to_have_count(2)
    first, second = (findings.nth(i).bounding_box() for i in range(2))
    assert second["y"] >= first["y"] + first["height"] - 1  # one below the other, not run together
    assert findings.nth(0).locator(".ku-clause").count() == 1  # each with its own clause
    field = page.locator("#field-period")
    assert "has-error" in field.get_attribute("class") and "has-warning" not in field.get_attribute("class")


@pytest.mark.parametrize(("lang", "typed"), [("en", "25 people"), ("zh", "25人")])
def test_a_count_typed_with_its_unit_is_read_as_the_count_in_either_language(page, base_url, lang, typed):
    """“25 people” on the English page is the count 25, as “25人” is on the Chinese one: the only finding is the minimum."""
    open_form(page, base_url, lang)
    fill(page, load("provincial-valid.json"), lang)
    page.locator("#f-trainees").fill(typed)
    wait_checked(page)
    rules = page.locator("#ku-summary-list li").evaluate_all("items => items.map(i => i.dataset.rule)")
    assert rules == ["trainees.minimum"]
    assert page.locator("#f-trainees").input_value() == typed  # kept as typed


@pytest.mark.parametrize("typed", ["五十人", "五十"])
def test_a_count_typed_in_characters_is_the_count_on_the_page_and_in_the_file(page, base_url, typed):
    """A clerk types 五十人 as the desk reads it from a hand-filled form: no error, and the Excel says 计划招收50人
    (it said “应填写正整数”, and the count was left out of the file)."""
    open_form(page, base_url)
    fill(page, load("national-valid.json"))
    page.locator("#f-trainees").fill(typed)
    wait_checked(page)
    assert page.locator("#ku-summary").is_hidden()
    assert page.locator("#f-trainees-error").inner_text() == ""
    with page.expect_download() as info:
        page.locator("#ku-download-national").click()
    ws = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.endswith("面向全国招收学员，计划招收50人。") for t in texts)
    assert page.locator("#f-trainees").input_value() == typed  # kept as typed


def test_a_word_file_downloaded_here_opens_with_the_answers_that_have_no_cell(page, base_url):
    """承办单位是否为企业 and its invoice, and 上年未完成, have no cell on the form: the Word file carries them as the Excel
    file does, so opening it again gives them back (they came back unanswered, and the page said nothing of it)."""
    open_form(page, base_url)
    draft = load("provincial-valid.json")
    fill(page, draft)
    wait_checked(page)
    answered = {
        f"#f-{field}-{'yes' if draft['data'][field] else 'no'}"
        for field in ("host_is_enterprise", "can_invoice", "unfinished_previous")
        if field in draft["data"]
    }
    assert len(answered) == 3 and all(page.locator(box).is_checked() for box in answered)
    with page.expect_download() as info:
        page.locator("#ku-download-provincial-docx").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#ku-new").click()
    assert not any(page.locator(box).is_checked() for box in answered)
    page.locator("#ku-open").set_input_files(info.value.path())
    page.wait_for_function("document.getElementById('f-project_name').value !== ''")
    wait_checked(page)
    assert [box for box in answered if not page.locator(box).is_checked()] == []
    assert page.locator("#f-project_name").input_value() == draft["data"]["project_name"]


def test_two_tabs_of_the_form_keep_what_was_typed_in_each(page, context, base_url):
    """The form open in two tabs: what is typed in one shows in the other, and typing on in the first keeps it (each
    tab saved only its own answers, over the other's: the second tab's 办班地点 was lost)."""
    open_form(page, base_url)
    other = context.new_page()
    open_form(other, base_url)
    page.bring_to_front()
    page.locator("#f-project_name").fill("甲标签页的项目名称（示例）")
    expect(other.locator("#f-project_name")).to_have_value("甲标签页的项目名称（示例）")
    other.bring_to_front()
    other.locator("#f-venue").fill("乙标签页的办班地点（示例）")
    expect(page.locator("#f-venue")).to_have_value("乙标签页的办班地点（示例）")
    page.bring_to_front()
    page.locator("#f-host_contact").fill("王示例")
    other.close()
    page.reload()
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    assert page.locator("#f-project_name").input_value() == "甲标签页的项目名称（示例）"
    assert page.locator("#f-venue").input_value() == "乙标签页的办班地点（示例）"
    assert page.locator("#f-host_contact").input_value() == "王示例"


def test_a_date_typed_without_its_year_is_read_in_the_forms_year_and_says_so(page, base_url):
    """7月14日 typed as a clerk writes it: read as 2025-07-14, the form's year, and the line under it says so; it was an
    error (应填写日期), and 办班时间 printed empty."""
    open_form(page, base_url)
    fill(page, load("national-valid.json"))
    page.locator("#f-period-start").fill("7月14日")
    page.locator("#f-period-end").fill("7月19日")
    wait_checked(page)
    assert page.locator("#ku-summary").is_hidden()
    expect(page.locator("#f-period-start-read")).to_have_text("开始日期读作 2025-07-14")
    assert page.locator("#f-period-start").input_value() == "7月14日"  # kept as typed
    with page.expect_download() as info:
        page.locator("#ku-download-national").click()
    assert load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active["B6"].value == "2025年7月14日至2025年7月19日"
