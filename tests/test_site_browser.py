"""The site in a real Chromium: search in both languages, nothing fetched from outside, same-page language
switch, a subpath, the countdown, the catalogue filter, phones and print."""

from __future__ import annotations

import os
import re
import threading
from urllib.parse import urlsplit

import pytest
from chromium import open_settled

from conftest import PAGES, serve


def search(page, base_url: str, lang: str, query: str) -> list[str]:
    """Type a query into Material's search box and return the paths of the result links."""
    page.goto(f"{base_url}{lang}/")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup; fill() alone sends no key
    page.wait_for_function(
        "document.querySelector('.md-search-result__item') || /No matching|没有找到/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")
    return [urlsplit(h).path.removeprefix("/") for h in hrefs]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("继续教育基地", "zh/guide/national/"),
        ("自筹经费", "zh/faq/"),
        ("截止日期", "zh/faq/"),
        ("线下", "zh/faq/"),
        ("发票", "zh/guide/provincial/"),
    ],
)
def test_chinese_queries_find_the_chinese_pages(page, base_url, query, expected):
    found = search(page, base_url, "zh", query)
    assert expected in found, found
    assert all(path.startswith("zh/") for path in found)


@pytest.mark.parametrize(
    ("query", "expected"), [("self-funded", "en/guide/national/"), ("deadline", "en/timeline/"), ("invoice", "en/faq/")]
)
def test_english_queries_find_english_pages_only(page, base_url, query, expected):
    found = search(page, base_url, "en", query)
    assert expected in found, found
    assert all(path.startswith("en/") for path in found)


def test_the_english_index_holds_no_chinese_pages(page, base_url):
    page.goto(f"{base_url}en/")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("继续教育基地")
    box.press("End")
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('No matching')")
    assert page.locator(".md-search-result__item").count() == 0


def test_every_page_requests_nothing_from_another_host_and_breaks_no_csp_rule(browser, base_url):
    context = browser.new_context()  # the real CSP, not bypassed as in the other tests
    page = context.new_page()
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => (window.cspViolations = window.cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI))"
    )
    outside, failed, violations = [], [], []
    own = (base_url, f"blob:{base_url.rstrip('/')}/", "data:")  # blob: the worker's verified Pyodide modules
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(own) else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for lang in ("zh", "en"):
        for path in PAGES:
            open_settled(page, f"{base_url}{lang}/{path}")
            assert page.locator("meta[http-equiv=Content-Security-Policy]").count() == 1
            if path in ("form/", "collect/", "office/"):  # Python starts under the policy too
                for _ in range(300):
                    if page.evaluate("document.body.dataset.python") != "loading":
                        break
                    page.wait_for_timeout(100)
                assert page.evaluate("document.body.dataset.python") == "ready", path
            violations += [f"{lang}/{path}: {v}" for v in page.evaluate("window.cspViolations || []")]
    context.close()
    assert not outside, outside
    assert not failed, failed
    assert not violations, violations


def test_language_switch_opens_the_same_page(page, base_url):
    page.goto(f"{base_url}zh/guide/provincial/")
    page.locator(".md-select__link[hreflang=en]").dispatch_event("click")
    page.wait_for_url(f"{base_url}en/guide/provincial/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-select__link[hreflang=zh]").dispatch_event("click")
    page.wait_for_url(f"{base_url}zh/guide/provincial/")


def test_root_sends_a_chinese_browser_to_the_chinese_site(browser, base_url):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(base_url)
    page.wait_for_url(f"{base_url}zh/")
    context.close()


def test_site_works_under_a_subpath(page, site, tmp_path):
    (tmp_path / "org").mkdir()
    os.symlink(site, tmp_path / "org" / "applications")
    server, root = serve(tmp_path, not_found=site / "404.html")
    try:
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        open_settled(page, f"{root}org/applications/zh/notice/")
        assert not failed, failed
        assert page.locator(".md-header").is_visible()
        page.locator(".md-select__link[hreflang=en]").dispatch_event("click")
        page.wait_for_url(f"{root}org/applications/en/notice/")
        failed.clear()
        page.goto(f"{root}org/applications/en/no-such-page/")
        assert page.locator("#zh").get_attribute("href") == "/org/applications/zh/"
    finally:
        server.shutdown()


@pytest.mark.clock
def test_deadlines_show_how_far_they_are_from_today(page, base_url):
    page.goto(f"{base_url}zh/")
    countdowns = page.locator(".ku-countdown")
    assert countdowns.count() == 3
    for text in countdowns.all_inner_texts():
        assert re.fullmatch(r"还有 \d+ 天|就是今天|已过 \d+ 天", text), text
    assert page.locator("a[href$='.ics']").count() == 1


@pytest.mark.clock
def test_the_countdown_speaks_the_pages_language(page, base_url):
    import datetime as dt

    page.clock.set_fixed_time(dt.datetime(2025, 1, 15, 12))
    page.goto(f"{base_url}en/")
    assert page.locator(".ku-countdown").all_inner_texts() == ["1 day left", "36 days left", "319 days left"]
    page.goto(f"{base_url}zh/")
    assert page.locator(".ku-countdown").all_inner_texts() == ["还有 1 天", "还有 36 天", "还有 319 天"]


def test_catalogue_filter_keeps_matching_rows(page, base_url):
    page.goto(f"{base_url}zh/catalogue/")
    page.fill("#ku-filter", "教育部")
    visible = page.locator(".ku-filterable tbody tr:visible")
    assert visible.count() >= 1
    assert all("教育部" in text for text in visible.all_inner_texts())
    page.fill("#ku-filter", "没有这个名称")
    assert page.locator(".ku-filter__empty").is_visible()


def test_readable_on_a_phone_without_sideways_scrolling(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    for path in ("zh/", "zh/guide/national/", "en/rules/"):
        page.goto(f"{base_url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    context.close()


@pytest.mark.parametrize("selector", [".md-typeset p", ".md-header__title", "input"])
def test_chinese_text_is_set_in_the_sites_chinese_fonts(page, base_url, selector):
    """The Chinese system fonts come before Material's Latin ones (Arial), in the text, the header and the fields."""
    page.goto(f"{base_url}zh/form/")
    families = page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).fontFamily")
    assert '"Microsoft YaHei"' in families and families.index('"Microsoft YaHei"') < families.index("Arial"), families
    assert "WenQuanYi Micro Hei" in families, families


def test_print_shows_the_notice_without_the_site_around_it(page, base_url):
    page.goto(f"{base_url}zh/notice/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("#s2-1").is_visible()


@pytest.mark.parametrize("path", ["zh/form/", "zh/collect/"])
def test_search_works_on_the_pages_that_start_python(page, base_url, path):
    """There Material's search worker starts on the first query (material-search.js?lazy=1), not at page load."""
    page.goto(f"{base_url}{path}")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("自筹经费")
    box.press("End")
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")
    assert any("/zh/guide/national/" in h for h in hrefs), hrefs


@pytest.mark.parametrize("path", ["zh/form/", "en/collect/", "zh/office/"])
def test_the_pages_that_start_python_load_nothing_of_search_until_someone_searches(page, base_url, path):
    """Neither the index (only its configuration, search_index.json) nor lunr nor Material's worker at load
    (material-search.js?lazy=1); then the first query typed finds results."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{base_url}{path}")
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    page.wait_for_timeout(1500)  # Material sends its empty query well before this
    paths = [urlsplit(url).path for url in requested]
    searched = [path for path in paths if path.endswith("/search/documents.json") or "/lunr/" in path or "/workers/search." in path]
    assert not searched, searched
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("自筹经费" if path.startswith("zh") else "trainees")
    box.press("End")
    page.wait_for_selector(".md-search-result__item")
    assert any(urlsplit(url).path.endswith("/search/documents.json") for url in requested)


def test_a_query_typed_while_the_index_loads_never_shows_no_results_before_its_own(page, base_url):
    """Material asks for the box's empty query as it takes the focus; answered after the index has loaded, that
    earlier answer showed 没有找到 over the words already typed, before their own results came."""
    release = threading.Event()

    def slow_index(route):
        release.wait(10)
        route.continue_()

    page.route("**/search/documents.json*", slow_index)
    page.goto(f"{base_url}zh/")
    page.evaluate(
        """() => { window.kuSaid = []; new MutationObserver(() => window.kuSaid.push(
            document.querySelector('.md-search-result__meta').textContent)).observe(
            document.querySelector('.md-search-result__meta'), {childList: true, characterData: true, subtree: true}); }"""
    )
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("自筹经费")
    box.press("End")
    page.wait_for_timeout(300)
    release.set()
    page.wait_for_selector(".md-search-result__item")
    assert not [said for said in page.evaluate("window.kuSaid") if "没有找到" in said], page.evaluate("window.kuSaid")
