"""The form page as a person sees it in Chromium: what it scrolls to lands below the sticky header, dates read as
typed in any locale, the print view starts on page 1, nothing shifts while Python starts, and the 培训对象 cell's
final text is shown before download."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from test_form_page import fill
from test_office import CM, stamp_block
from test_office import _positioned as positioned

from conftest import load
from generator.core.editions import date_text
from generator.core.words import FORM_UI, WORDS

DESKTOP = {"width": 1366, "height": 900}
MOBILE = {"width": 390, "height": 844}
READY = "document.body.dataset.python === 'ready'"


@pytest.fixture
def new_page(browser):
    """A page in a context of its own (viewport, locale), closed after the test."""
    contexts = []

    def make(viewport=DESKTOP, locale="zh-CN"):
        context = browser.new_context(viewport=viewport, locale=locale, bypass_csp=True, accept_downloads=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def settled(page) -> None:
    """Wait until the page has stopped scrolling (a smooth scroll, Material's header)."""
    page.wait_for_function(
        "() => new Promise(r => { const y = scrollY; setTimeout(() => r(scrollY === y), 300); })", polling=100, timeout=10_000
    )


def boxes(page, selector: str) -> dict:
    """The header's, the back-to-top button's (None while hidden) and one element's box, in the viewport."""
    return page.evaluate(
        """(selector) => {
          const box = (e) => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
          const top = document.querySelector('.md-top');
          return {header: box(document.querySelector('.md-header')), top: top && !top.hidden ? box(top) : null,
                  element: box(document.querySelector(selector)), height: innerHeight};
        }""",
        selector,
    )


def assert_in_view_below_header(page, selector: str) -> None:
    b = boxes(page, selector)
    element = b["element"]
    assert b["header"]["bottom"] <= element["top"] < b["height"], b
    if b["top"]:  # Material's back-to-top button shows while scrolling up
        t = b["top"]
        overlap = (
            t["left"] < element["right"] and element["left"] < t["right"] and t["top"] < element["bottom"] and element["top"] < t["bottom"]
        )
        assert not overlap, b


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_the_summary_and_a_field_from_its_finding_land_below_the_header(page, base_url, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{base_url}zh/form/")
    page.wait_for_function(READY, timeout=90_000)
    button = page.get_by_role("button", name=FORM_UI["zh"]["check_all"])
    button.click()  # from the foot of the form: the page scrolls up, so Material shows its back-to-top button
    page.wait_for_function("document.activeElement.id === 'ku-summary'")
    settled(page)
    assert_in_view_below_header(page, "#ku-summary")
    assert_in_view_below_header(page, "#ku-summary-title")  # its first line is in view
    page.mouse.wheel(0, 500)  # down, then up a little: the back-to-top button comes back
    settled(page)
    page.mouse.wheel(0, -200)
    settled(page)
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'ku-summary'")
    settled(page)
    assert_in_view_below_header(page, "#ku-summary-title")
    link = page.locator("#ku-summary-list a[href^='#f-']").nth(2)
    target = link.get_attribute("href")[1:]
    link.click()
    settled(page)
    assert page.evaluate("document.activeElement.id") == target
    label = page.evaluate("(id) => '#' + document.getElementById(id).closest('.ku-field').id + ' .ku-label'", target)
    assert_in_view_below_header(page, label)


# What people type into a date field and the date the checks read (Chromium's own date input read 20251013 as the
# year 51013); the field and this browser keep it as typed (tests/test_typed_kept.py).
TYPED = [
    ("20251013", "2025-10-13"),
    ("2025-10-13", "2025-10-13"),
    ("2025/10/13", "2025-10-13"),
    ("2025.10.13", "2025-10-13"),
    ("2025年10月13日", "2025-10-13"),
    ("2025-1-3", "2025-01-03"),
    ("14/07/2025", "2025-07-14"),  # day first, as Britain and most of the world write it: only 14 can be the day
]


@pytest.mark.parametrize(("locale", "lang"), [("zh-CN", "zh"), ("en-US", "en")])
def test_a_date_is_read_as_typed_in_any_locale_and_nothing_typed_is_lost(new_page, base_url, locale, lang):
    page = new_page(locale=locale)
    page.goto(f"{base_url}{lang}/form/")
    page.wait_for_function(READY, timeout=90_000)
    page.locator("#ku-level-provincial").check()
    box = page.locator("#f-declared_on")
    assert box.get_attribute("data-min") == "2025-01-01" and box.get_attribute("data-max") == "2025-12-31"
    stored = "() => JSON.parse(localStorage.getItem(document.getElementById('ku-form').dataset.storage)).values.declared_on"

    def enter(typed: str) -> None:
        box.fill("")
        box.click()
        page.keyboard.type(typed, delay=20)
        page.keyboard.press("Tab")

    for typed, date in TYPED:
        enter(typed)
        page.wait_for_function("!document.body.dataset.checking")  # set from the last keystroke to its check's end
        assert page.locator("#ku-summary-list li[data-rule='value.invalid']").count() == 0, typed  # read as a date
        assert (box.input_value(), page.evaluate(stored)) == (typed, typed)
        read = page.locator("#f-declared_on-read")  # the date the checks read, under the words typed
        assert read.is_hidden() if typed == date else read.inner_text() == FORM_UI[lang]["date_read"].format(date=date)
    # a partial date, or one that does not exist, stays as typed and says what is wrong
    enter("2025-02-30")
    assert box.input_value() == "2025-02-30"
    enter("2025-10")
    error = page.locator("#f-declared_on-error")
    page.wait_for_function("document.getElementById('f-declared_on-error').textContent.includes('2025-10')")
    assert box.input_value() == "2025-10" and page.evaluate(stored) == "2025-10"
    assert "2025-10" in error.inner_text() and page.locator("#field-declared_on.has-error").count() == 1
    # day and month that could be either are not guessed: the message says how to write the date
    enter("07/08/2025")
    page.wait_for_function("document.getElementById('f-declared_on-error').textContent.includes('07/08/2025')")
    assert WORDS[lang]["kinds"]["date"] in error.inner_text() and box.input_value() == "07/08/2025"
    # a year outside the notice's is a warning, in the page's language
    enter("1013-10-13")
    said = date_text(dt.date(1013, 10, 13), lang)  # as the page's language writes a date
    page.wait_for_function(f"document.getElementById('f-declared_on-error').textContent.includes('{said}')")
    message = WORDS[lang]["rules"]["date.year"].split("{")[0]
    assert message in error.inner_text()
    assert page.locator("#field-declared_on.has-warning").count() == 1
    assert page.locator("#ku-summary-list li.ku-finding--warning[data-rule='date.year']").count() == 1


def test_the_print_view_starts_on_page_one(page, base_url, tmp_path):
    page.goto(f"{base_url}zh/form/")
    page.wait_for_function(READY, timeout=90_000)
    page.get_by_label("项目名称").fill("示例打印研修班（虚构）")
    page.evaluate("window.print = () => {}")
    page.get_by_role("button", name=FORM_UI["zh"]["print"]).click()
    page.wait_for_selector("#ku-print .ku-form", state="attached")
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "专业技术人员知识更新工程2025年高级研修项目申报表" in first
    assert "示例打印研修班（虚构）" in first


def test_the_print_view_of_附件2_has_its_title_on_one_line_and_the_stamp_block_on_the_right(page, base_url, tmp_path):
    """Chromium's print of 附件2: the title whole on one line, each date whole, 审核意见 at least 4 cm tall with “（盖章）”
    and the date on the right, as the official form and the Excel and Word files (test_office)."""
    page.goto(f"{base_url}zh/form/")
    page.wait_for_function(READY, timeout=90_000)
    fill(page, load("provincial-valid.json"))
    page.evaluate("window.print = () => {}")
    page.get_by_role("button", name=FORM_UI["zh"]["print"]).click()
    page.wait_for_selector("#ku-print .ku-form", state="attached")
    pdf = tmp_path / "provincial.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    pages = positioned(pdf)
    heading = "专业技术人员知识更新工程2025年省级高级研修项目申报表"
    assert any(heading in line.text for line in pages[0].lines), [line.text for line in pages[0].lines][:5]
    lines = [line.text for p in pages for line in p.lines]
    for date in ("2025年9月16日", "2025年9月19日", "2025年2月10日"):  # 办班时间 and 申报时间, each whole on its line
        assert any(date in line for line in lines), (date, [line for line in lines if "2025" in line or "日" in line[:4]])
    sheet = next(p for p in pages if any(line.text == "（盖章）" for line in p.lines))
    stamp, height = stamp_block(sheet)
    assert stamp.box[0] > sheet.width * 0.6, stamp.box
    assert height >= 4 * CM, round(height / CM, 2)


CLS = """
window.kuShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.kuShift += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("path", ["zh/form/", "zh/collect/"], ids=["form", "desk"])
def test_nothing_moves_while_python_starts(new_page, base_url, viewport, path):
    """Cumulative layout shift until Python is ready and one second more stays within 0.02 (a count of what moves)."""
    page = new_page(viewport)
    page.add_init_script(CLS)
    page.goto(f"{base_url}{path}")
    page.wait_for_function(READY, timeout=90_000)
    page.wait_for_timeout(1000)
    assert page.evaluate("window.kuShift") <= 0.02


def test_the_form_shows_the_final_audience_cell_before_download(page, base_url):
    page.goto(f"{base_url}zh/form/")
    page.wait_for_function(READY, timeout=90_000)
    draft = load("national-valid.json")
    sentence = "面向全国招收学员，计划招收50人。"
    note = page.locator(".ku-sentence[data-forms='national']")
    page.locator("#f-trainees").fill("50")
    page.locator("#f-audience").fill(draft["data"]["audience"])
    expect(note).to_be_visible()  # worded by Python (web.blanks) once the change is checked
    expect(note).to_contain_text(sentence)
    page.locator("#f-audience").fill(draft["data"]["audience"] + sentence)  # the text says it already: not added again
    expect(note).to_be_hidden()
    page.locator("#f-trainees").fill("５０人")  # as people type it: the same count, the same sentence
    page.locator("#f-audience").fill(draft["data"]["audience"])
    expect(note).to_contain_text(sentence)
    page.get_by_label("省级（附件2）").check()  # the other form's cell says it its own way, or not at all
    expect(note).to_be_hidden()
    page.get_by_label("国家级（附件1）").check()
    expect(note).to_contain_text(sentence)
    page.evaluate("window.confirm = () => true")  # the form has errors; the download asks first
    with page.expect_download() as info:
        page.locator("#ku-download-national").click()
    cells = [c.value for row in load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active.iter_rows() for c in row]
    audience = next(v for v in cells if isinstance(v, str) and draft["data"]["audience"] in v)
    assert audience.count(sentence) == 1
