"""WCAG 2.2 AA as axe-core checks it, on every page in both languages, the form with its errors shown
included; a keyboard-only application; labels, focus and lang."""

from __future__ import annotations

import pytest
from chromium import open_settled

from conftest import PAGES, ROOT, changed, load

AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The rules Lighthouse's accessibility score adds to those tags (its gatherers/accessibility.js), so that a page that
# passes here scores 100 there too (`make audit` measures that): e.g. a named search dialog, no empty table header.
LIGHTHOUSE_RULES = """accesskeys aria-allowed-role aria-conditional-attr aria-deprecated-role aria-dialog-name aria-prohibited-attr
aria-treeitem-name aria-text empty-heading heading-order html-xml-lang-mismatch identical-links-same-purpose image-redundant-alt
input-button-name label-content-name-mismatch landmark-one-main link-in-text-block meta-viewport select-name skip-link tabindex
table-duplicate-name table-fake-caption target-size td-has-header empty-table-header""".split()


def violations(page) -> list[str]:
    page.add_script_tag(content=AXE)
    found = page.evaluate(
        """([tags, rules]) => axe.run(document, {
          runOnly: {type: 'tag', values: tags},
          rules: Object.fromEntries(rules.map(rule => [rule, {enabled: true}])),
        }).then(r => r.violations)""",
        [TAGS, LIGHTHOUSE_RULES],
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found]


# Text nodes with Chinese characters that no lang="zh…" element encloses.
UNMARKED_CHINESE = r"""() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!/[\u3400-\u9fff]/.test(node.textContent) || node.parentElement.closest('script, style, template')) continue;
    const owner = node.parentElement.closest('[lang]'); // by attribute: an SVG element (a chart's label) has no .lang
    if (!owner || !owner.getAttribute('lang').startsWith('zh')) found.push(node.textContent.trim().slice(0, 40));
  }
  return found;
}"""


# A phone's width too: there the wide tables and forms scroll sideways, and target sizes change with the layout.
@pytest.mark.parametrize("viewport", [None, {"width": 390, "height": 844}], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_has_no_axe_violations_and_says_its_language(page, base_url, lang, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    problems = {}
    for path in PAGES:
        open_settled(page, f"{base_url}{lang}/{path}")
        found = violations(page)
        if page.locator("html").get_attribute("lang") != lang:
            found.append(f"html lang is {page.locator('html').get_attribute('lang')}")
        if lang == "en":  # WCAG 3.1.2: the Chinese inside English pages is marked as Chinese
            found += [f"unmarked Chinese: {text}" for text in page.evaluate(UNMARKED_CHINESE)[:5]]
        if found:
            problems[path] = found
    assert not problems, problems


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_form_with_errors_shown_has_no_axe_violations(page, base_url, tmp_path, lang):
    import json

    path = tmp_path / "draft.json"
    path.write_text(
        json.dumps(changed(load("provincial-valid.json"), trainees=25, host_mobile="139", topics=None), ensure_ascii=False),
        encoding="utf-8",
    )
    page.goto(f"{base_url}{lang}/form/")
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    page.locator("#ku-open").set_input_files(str(path))
    page.wait_for_function("document.querySelectorAll('#ku-summary-list li').length >= 2")
    assert violations(page) == []
    if lang == "en":  # the clause links cite as the English pages do (clause 2(1)); Chinese in them (二（一）, 附件2) is marked
        clauses = page.locator("#ku-summary-list .ku-clause").all_inner_texts()
        assert "clause 2(1) of the notice (二（一）)" in clauses, clauses  # English, with the Chinese number beside
        assert page.locator("#ku-summary-list .ku-clause [lang=zh-CN]", has_text="二（一）").count() > 0
        assert page.locator("#ku-summary-list .ku-clause [lang=zh-CN]", has_text="附件2").count() > 0
        assert page.evaluate(UNMARKED_CHINESE) == []


def test_every_input_has_a_label_and_pages_say_their_language(page, base_url):
    for lang in ("zh", "en"):
        page.goto(f"{base_url}{lang}/form/")
        assert page.locator("html").get_attribute("lang") == ("zh" if lang == "zh" else "en")
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('#ku-form input, #ku-form textarea')]
            .filter(el => !el.labels || el.labels.length === 0).map(el => el.id)""")
        assert unlabelled == []
    # Chinese inside the English page is marked as Chinese, for screen readers and fonts.
    assert page.locator(".ku-official").first.get_attribute("lang") == "zh-CN"


def test_keyboard_only_a_national_application_is_filled_and_downloaded(page, base_url):
    """Tab to each field and type; Space ticks boxes and radios; Enter on the download button."""
    draft = load("national-valid.json")["data"]
    page.goto(f"{base_url}zh/form/")
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    page.focus("#ku-level-national")

    def tab_to(element_id: str) -> None:
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == element_id:
                return
        raise AssertionError(f"Tab never reached #{element_id}")

    def type_into(element_id: str, text: str) -> None:
        tab_to(element_id)
        page.keyboard.insert_text(text)

    type_into("f-project_name", draft["project_name"])
    tab_to("f-period-start")
    page.keyboard.type("20250714")  # as people write a date, whatever the browser's locale
    tab_to("f-period-end")
    page.keyboard.type("2025-07-19")
    type_into("f-venue", draft["venue"])
    type_into("f-domain", draft["domain"])
    type_into("f-ministry", draft["ministry"])
    tab_to("f-funding-fiscal")
    page.keyboard.press("ArrowDown")  # moves to and selects 自筹经费项目
    type_into("f-funding_source", draft["funding_source"])
    tab_to("f-topics-industry")
    page.keyboard.press("Space")
    type_into("f-topics-industry-text", draft["topics"]["industry"]["text"])
    for field in ("purpose", "content", "experts", "audience"):
        type_into(f"f-{field}", draft[field])
    type_into("f-trainees", "50")
    for field in ("host_name", "host_contact", "host_phone", "host_mobile", "host_fax", "host_address"):
        type_into(f"f-{field}", draft[field])
    tab_to("f-base-national")
    page.keyboard.press("Space")
    type_into("f-base_batch", "3")
    tab_to("f-host_is_enterprise-yes")
    page.keyboard.press("ArrowDown")  # 否
    page.keyboard.press("Tab")
    tab_to("f-unfinished_previous-yes")
    page.keyboard.press("ArrowDown")  # 否
    page.wait_for_function("document.body.dataset.checkedAt")
    page.wait_for_function("!document.getElementById('ku-download-national').disabled", timeout=10_000)
    tab_to("ku-download-national")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.startswith("附件1-")


def test_the_error_summary_takes_focus_when_everything_is_checked(page, base_url):
    page.goto(f"{base_url}zh/form/")
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    page.locator("#ku-check").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'ku-summary'")
    assert page.locator("#ku-summary-list li").count() > 10
