"""Site search in a real Chromium: for queries that applicants and clerks type, the page that answers comes first.

One page and one navigation per language; each query is typed into the same box. Run this file as a script
(`python tests/test_search.py [SITE_DIR]`) to print the rank of each expected page instead of asserting."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# (query, the page that answers it), relative to the language's root. Pages that say the same for both levels
# (附件1 and 附件2) answer with the national guide, the first of the two.
CHINESE = [
    ("学员人数", "guide/national/"),  # 计划招收学员人数
    ("截止时间", "faq/"),  # 填好后报送到哪里？截止到什么时候？
    ("截止日期", "faq/"),
    ("报送时间", "faq/"),
    ("报送地址", "faq/"),  # 填好后报送到哪里？
    ("发票", "guide/national/"),  # 能否开具培训费发票
    ("线上", "faq/"),  # 可以线上办班吗？
    ("盖章", "faq/"),  # 附件1为什么有几栏不填、也不盖章？
    ("传真", "guide/provincial/"),  # required of the host on 附件2 only
    ("自筹经费来源", "faq/"),  # 办班经费从哪里来？申报表上要写什么？ (a detail of 申报项目类别, no section of its own)
    ("继续教育基地", "guide/national/"),
    ("天数", "faq/"),  # 每期办几天？
    ("返程", "faq/"),
    ("办公电话", "guide/national/"),
    ("汇总表", "guide/summary/"),
    ("附件3", "guide/summary/"),
    ("审核意见", "guide/provincial/"),
    ("邮箱", "faq/"),  # 填好后报送到哪里？
    ("培训对象", "guide/national/"),
    ("授课专家", "guide/national/"),
    ("办班地点", "guide/national/"),
    ("联系人", "guide/national/"),
    ("国家级", "guide/national/"),
    ("省级", "guide/provincial/"),
    ("选题范围", "faq/"),  # 选题有什么范围？
    ("专业技术领域", "catalogue/"),
    ("部委", "catalogue/"),
    ("收费", "faq/"),
    ("企业", "faq/"),
    ("下载", "faq/"),  # 表格在哪里下载？
    ("草稿", "form/"),
    ("打印", "form/"),
    ("汇总申报", "collect/"),
    ("填表说明", "guide/instructions/"),
    ("内网", "hosting/"),
    ("隐私", "privacy/"),
]
ENGLISH = [
    ("invoice", "guide/national/"),
    ("deadline", "faq/"),
    ("self-funded", "guide/national/"),
    ("online", "faq/"),
    ("how long is a course", "faq/"),
    ("fax", "guide/provincial/"),
    ("continuing education base", "guide/national/"),
    ("number of trainees", "faq/"),  # How many trainees, recruited from where? (both levels)
    ("lecturers", "guide/national/"),
    ("summary table", "guide/summary/"),
    ("email", "faq/"),
    ("fees", "faq/"),
    ("enterprise", "faq/"),
    ("download", "faq/"),
    ("draft", "form/"),
    ("print", "form/"),
    ("master workbook", "office/"),
    ("ministries", "catalogue/"),
    ("intranet", "hosting/"),
    ("privacy", "privacy/"),
]

_RESULTS = "document.querySelector('.md-search-result__item') || document.querySelector('.md-search-result__meta').textContent.match(/No matching|没有找到/)"
_EMPTY = "!document.querySelector('.md-search-result__item')"


def found_pages(page, query: str) -> list[str]:
    """Type a query into the open search box; the pages of the results, best first (one per result group)."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function(_EMPTY)
    box.fill(query)
    box.press("End")  # Material searches on keyup; fill() alone sends no key
    page.wait_for_function(_RESULTS)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item", "items => items.map(li => li.querySelector('a.md-search-result__link').href)"
    )
    return [urlsplit(href).path for href in hrefs]


def open_search(page, base_url: str, lang: str) -> str:
    """Open a language's home page and its search box; the path prefix of that language's pages."""
    page.goto(f"{base_url}{lang}/")
    page.locator("input.md-search__input").click()
    return f"/{lang}/"


def _part_of(mark: str, query: str) -> bool:
    """A highlighted word belongs to a query: it begins with two or more characters of it, or is one of them."""
    return any(mark.startswith(query[i:j]) for i in range(len(query)) for j in range(i + 2, len(query) + 1)) or mark in query


@pytest.mark.parametrize(("lang", "table"), [("zh", CHINESE), ("en", ENGLISH)])
def test_the_page_that_answers_comes_first(page, base_url, lang, table):
    root = open_search(page, base_url, lang)
    wrong, stray = {}, {}
    for query, expected in table:
        found = found_pages(page, query)
        if found[:1] != [root + expected]:
            wrong[query] = (expected, [path.removeprefix(root) for path in found[:3]])
        assert all(path.startswith(root) for path in found), (query, found)
        if lang == "zh":  # what the first result highlights is the query's, and nothing highlighted is said to be missing
            best = page.locator(".md-search-result__item a.md-search-result__link").first
            marks, missing = (best.locator(tag).evaluate_all("els => els.map(e => e.textContent)") for tag in ("mark", "del"))
            if any(not _part_of(mark, query) for mark in marks) or {m.rstrip("*") for m in missing} & set(marks):
                stray[query] = (marks, missing)
    assert not wrong, wrong
    assert not stray, stray


def _ranks(site: Path) -> None:
    """Print, for every query, the rank of its expected page (1 is first; '-' not among the results shown)."""
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS, serve

    server, base_url = serve(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(bypass_csp=True)  # as in the tests: evaluated predicates
        for lang, table in (("zh", CHINESE), ("en", ENGLISH)):
            root = open_search(page, base_url, lang)
            for query, expected in table:
                found = found_pages(page, query)
                rank = found.index(root + expected) + 1 if root + expected in found else "-"
                top = found[0].removeprefix(root) or "(home)" if found else "(none)"
                print(f"{lang}\t{query}\t{expected}\t{rank}\t{top}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    _ranks(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "site")
