"""The form page by keyboard and by eye, in Chromium (issue 25, item 7): a skip link as the first Tab stop, no
unlabelled stop on the way, Enter moving on instead of checking everything, the back-to-top button never over an
action, and the last day of the course beside its label."""

from __future__ import annotations

import pytest

from generator.core.words import COLLECT_UI, FORM_UI, OFFICE_UI

READY = "document.body.dataset.python === 'ready'"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# The accessible name a Tab stop would be announced by, roughly as a screen reader computes it.
NAME = """() => {
  const e = document.activeElement;
  const labels = e.labels ? Array.from(e.labels).map((l) => l.textContent).join(" ") : "";
  const by = (e.getAttribute("aria-labelledby") || "").split(" ").map((id) => document.getElementById(id)?.textContent || "").join(" ");
  return [e.getAttribute("aria-label"), by, labels, e.getAttribute("title"), e.tagName === "INPUT" ? "" : e.textContent].map((t) => (t || "").trim()).find(Boolean) || "";
}"""
WHERE = "() => { const e = document.activeElement; return e.id || e.className; }"


def ready(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(READY, timeout=90_000)


def settled(page) -> None:
    """Wait until the page has stopped scrolling and Material's back-to-top button has finished its fade."""
    page.wait_for_function(
        "() => new Promise(r => { const y = scrollY; setTimeout(() => r(scrollY === y), 500); })", polling=100, timeout=10_000
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("path", "words", "first"),
    [("form/", FORM_UI, "ku-level-national"), ("collect/", COLLECT_UI, "ku-files"), ("office/", OFFICE_UI, "ku-files")],
)
def test_the_first_tab_stop_skips_to_the_first_control_and_no_stop_is_unnamed(page, base_url, lang, path, words, first):
    page.set_viewport_size(DESKTOP)
    ready(page, f"{base_url}{lang}/{path}")
    page.keyboard.press("Tab")
    assert page.evaluate(NAME) == words[lang]["skip"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == first
    # Without the link, every stop on the way to the first control says what it is (Material's search results box,
    # unseen until a search, was an unnamed stop: "正在初始化搜索引擎").
    page.evaluate("document.activeElement.blur(); scrollTo(0, 0)")
    page.reload()
    page.wait_for_function(READY, timeout=90_000)
    unnamed, presses = [], 0
    while page.evaluate("document.activeElement.id") != first and presses < 60:
        page.keyboard.press("Tab")
        presses += 1
        if not page.evaluate(NAME):
            unnamed.append(page.evaluate(WHERE))
    assert presses < 60 and unnamed == [], unnamed
    assert page.evaluate("document.querySelector('.md-search__scrollwrap').checkVisibility({visibilityProperty: true})") is False


def test_enter_in_a_one_line_field_moves_on_and_a_textarea_keeps_its_new_line(page, base_url):
    ready(page, f"{base_url}zh/form/")
    page.locator("#f-project_name").click()
    page.keyboard.type("示例研修班（虚构）")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "f-period-start"
    page.keyboard.type("20250710")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "f-period-end"
    page.locator("#f-trainees").click()
    page.keyboard.type("40")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "f-host_name"
    page.locator("#f-purpose").click()
    page.keyboard.type("第一行")
    page.keyboard.press("Enter")
    page.keyboard.type("第二行")
    assert page.locator("#f-purpose").input_value() == "第一行\n第二行"
    # Enter checked nothing as a whole: the fields not reached yet (地点) are not listed, focus stayed in the form;
    # the check button still checks everything.
    page.wait_for_function("!document.body.dataset.checking")
    assert page.locator("#ku-summary-list a[href='#f-venue']").count() == 0
    assert page.evaluate("document.activeElement.id") == "f-purpose"
    page.locator("#ku-check").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#ku-summary-list a[href='#f-venue']")
    assert page.evaluate("document.activeElement.id") == "ku-summary"


def test_enter_that_ends_an_input_methods_composition_stays_in_the_field(page, base_url):
    """A Chinese input method (拼音) composes in the field and Enter picks the words: the field keeps them and the focus;
    the next Enter, the composition over, moves on. Chromium's own composition, driven as an input method drives it."""
    ready(page, f"{base_url}zh/form/")
    page.locator("#f-project_name").click()
    ime = page.context.new_cdp_session(page)
    ime.send("Input.imeSetComposition", {"text": "yanxiuban", "selectionStart": 9, "selectionEnd": 9})
    page.keyboard.press("Enter")  # while composing: Chromium sends it as the input method's (isComposing)
    assert page.evaluate("document.activeElement.id") == "f-project_name"
    # Enter as an input method sends it when it commits the words: key 229, then the words inserted.
    ime.send("Input.imeSetComposition", {"text": "研修班", "selectionStart": 3, "selectionEnd": 3})
    ime.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 229})
    ime.send("Input.insertText", {"text": "研修班"})
    ime.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13})
    assert page.evaluate("document.activeElement.id") == "f-project_name"
    assert page.locator("#f-project_name").input_value() == "研修班"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "f-period-start"


# Everything a click or tap acts on, with its box, where it shows on screen.
ACTIONS = """() => Array.from(document.querySelectorAll("a[href], button, input, textarea, label.md-button, summary"))
  .filter((e) => !e.closest(".md-top") && e.checkVisibility({visibilityProperty: true, opacityProperty: true}))
  .map((e) => { const r = e.getBoundingClientRect(); return {what: e.id || e.textContent.trim().slice(0, 20), top: r.top, bottom: r.bottom, left: r.left, right: r.right}; })
  .filter((r) => r.bottom > 0 && r.top < innerHeight && r.right > r.left && r.bottom > r.top)"""
TOP = """() => { const t = document.querySelector(".md-top"); const r = t.getBoundingClientRect();
  return t.hidden || getComputedStyle(t).opacity === "0" ? null : {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_back_to_top_button_covers_no_action_after_the_jump_to_the_summary(page, base_url, viewport):
    page.set_viewport_size(viewport)
    ready(page, f"{base_url}zh/form/")
    page.locator("#ku-check").click()  # at the foot of the form: the page scrolls up to the summary
    page.wait_for_function("!document.getElementById('ku-summary').hidden")
    settled(page)
    pill = page.evaluate(TOP)
    assert pill is not None  # the page scrolled up: Material shows the button, which is what could cover
    covered = [
        a["what"]
        for a in page.evaluate(ACTIONS)
        if a["left"] < pill["right"] and a["right"] > pill["left"] and a["top"] < pill["bottom"] and a["bottom"] > pill["top"]
    ]
    assert covered == []
    # 保存草稿 and 新建申报 are on screen, below the button, and the summary's first line too
    for action in ("#ku-save", "#ku-new"):
        box = page.locator(action).bounding_box()
        assert pill["bottom"] <= box["y"] and box["y"] + box["height"] <= viewport["height"], action
    assert page.locator("#ku-summary-title").bounding_box()["y"] + 10 < viewport["height"]


def test_the_last_day_stays_beside_its_label_on_the_first_days_line(page, base_url):
    page.set_viewport_size(DESKTOP)
    ready(page, f"{base_url}zh/form/")
    boxes = {
        key: page.locator(selector).bounding_box()
        for key, selector in {
            "start_label": "label[for=f-period-start]",
            "start": "#f-period-start",
            "end_label": "label[for=f-period-end]",
            "end": "#f-period-end",
        }.items()
    }
    middle = lambda box: box["y"] + box["height"] / 2  # noqa: E731
    assert abs(middle(boxes["start"]) - middle(boxes["end"])) < 2  # one line
    for label, box in (("start_label", "start"), ("end_label", "end")):
        assert abs(middle(boxes[label]) - middle(boxes[box])) < 4  # the label on its box's line
        gap = boxes[box]["x"] - (boxes[label]["x"] + boxes[label]["width"])
        assert 0 <= gap < 24, (label, gap)  # and just before it
    assert boxes["start"]["x"] + boxes["start"]["width"] < boxes["end_label"]["x"]
    # On a phone the last day goes under the first, still with its label beside it.
    page.set_viewport_size(PHONE)
    label, box = page.locator("label[for=f-period-end]").bounding_box(), page.locator("#f-period-end").bounding_box()
    assert abs(middle(label) - middle(box)) < 4 and 0 <= box["x"] - (label["x"] + label["width"]) < 24
