"""The built site: both languages, every page, links that resolve, nothing from another host, the notice as issued."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT
from generator.core import batch, editions, rules

LANGS = ("zh", "en")
# Attributes through which a page loads something (as opposed to linking to it).
LOADING = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("form", "action"),
    ("image", "href"),
}


class Page(HTMLParser):
    """The links, loads and ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if (tag, name) in LOADING:
                self.loads.append(value)
            elif name == "href":
                self.links.append(value)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pages(site: Path, lang: str) -> list[str]:
    return sorted(str(p.relative_to(site / lang)) for p in (site / lang).rglob("index.html"))


def test_both_languages_build_strict_with_the_same_pages(site):
    zh, en = pages(site, "zh"), pages(site, "en")
    assert zh == en
    assert {
        "index.html",
        "form/index.html",
        "collect/index.html",
        "office/index.html",
        "notice/index.html",
        "guide/national/index.html",
        "guide/provincial/index.html",
        "guide/summary/index.html",
        "guide/instructions/index.html",
        "rules/index.html",
        "catalogue/index.html",
        "timeline/index.html",
        "faq/index.html",
        "privacy/index.html",
        "hosting/index.html",
    } <= set(zh)
    assert (site / "index.html").exists()


def test_the_faq_says_forms_filled_from_the_official_templates_can_be_checked(site):
    for lang, words in (("zh", "用下载中心的表格在 Word、WPS 或 Excel 里填好了"), ("en", "Can this site check forms filled in Word")):
        page = site / lang / "faq" / "index.html"
        parsed = parse(page)
        assert "handfilled" in parsed.ids
        text = page.read_text(encoding="utf-8")
        assert words in text and "python -m generator validate" in text
        assert {"../collect/", "../form/"} <= set(parsed.links)


def _target(site: Path, page: Path, href: str) -> tuple[Path, str]:
    url = urlsplit(href)
    path = (page.parent / unquote(url.path)).resolve() if url.path else page
    if path.is_dir() or url.path.endswith("/"):
        path = path / "index.html"
    return path, url.fragment


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    for html in site.rglob("*.html"):
        parsed = parse(html)
        for href in parsed.links + parsed.loads:
            if re.match(r"^(?:[a-z]+:|//|#$)", href) or href.startswith(("mailto:", "tel:")):
                continue
            target, fragment = _target(site, html, href)
            if not target.exists():
                broken.append(f"{html.relative_to(site)} → {href}")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{html.relative_to(site)} → {href} (no #{fragment})")
    assert not broken, "\n".join(broken[:20])


def test_no_page_loads_or_links_anything_from_another_host(site):
    outside = []
    for html in site.rglob("*.html"):
        parsed = parse(html)
        for value in parsed.loads + parsed.links:
            if re.match(r"^(?:https?:)?//", value):
                outside.append(f"{html.relative_to(site)}: {value}")
    for css in site.rglob("*.css"):
        outside += [
            f"{css.relative_to(site)}: {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text(encoding="utf-8"))
        ]
    assert not outside, "\n".join(outside[:20])


def test_rules_page_lists_every_rule_the_checker_defines(site):
    for lang in LANGS:
        text = (site / lang / "rules" / "index.html").read_text(encoding="utf-8")
        missing = [r.id for r in rules.RULES + batch.RULES if f"<code>{r.id}</code>" not in text]
        assert not missing, (lang, missing)


def _text(element_html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", element_html)).replace("&para;", "").replace("¶", "")


def test_chinese_notice_matches_the_source_clause_by_clause(site):
    html = (site / "zh" / "notice" / "index.html").read_text(encoding="utf-8")
    source = re.sub(r"\s+|#", "", (ROOT / "generator/data/editions/2025/notice-source.txt").read_text(encoding="utf-8"))
    clauses = ["s1-1", "s1-2", "s1-3", "s2-1", "s2-2", "s3-1", "s3-2", "s3-3", "a4-1", "a4-2", "a4-3", "a4-4", "a4-5", "preamble"]
    position = -1
    for anchor in clauses[:-1]:
        match = re.search(rf'<p id="{anchor}">(.*?)</p>', html, re.S)
        assert match, anchor
        text = _text(match[1]).replace("1.", "1.")
        assert text in source, (anchor, text[:40])
        assert source.index(text) > position, f"{anchor} out of order"
        position = source.index(text)
    for anchor in ("s1", "s2", "s3", "a1", "a2", "a3", "a4", "title"):
        assert f'id="{anchor}"' in html, anchor


def test_english_notice_is_marked_unofficial(site):
    html = (site / "en" / "notice" / "index.html").read_text(encoding="utf-8")
    assert "Unofficial translation" in html and "Chinese text prevails" in html


def test_calendar_file_holds_the_deadlines(site):
    e = editions.load()
    for lang in LANGS:
        ics = (site / lang / f"deadlines-{e.year}.ics").read_bytes().decode("utf-8")
        assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
        for day in (e.levels["national"].deadline, e.levels["provincial"].deadline, e.finish_by):
            assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in ics
        assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_no_date_or_limit_is_left_as_a_placeholder(site):
    for html in site.rglob("*.html"):
        assert "[[" not in html.read_text(encoding="utf-8"), html


@pytest.mark.parametrize("lang", LANGS)
def test_generated_guides_show_the_official_form_and_every_field(site, lang):
    from generator.core import forms

    html = (site / lang / "guide" / "provincial" / "index.html").read_text(encoding="utf-8")
    assert "专业技术人员知识更新工程2025年省级高级研修项目申报表" in html
    for field in forms.load("provincial").fields:
        if not field.detail_of:
            assert f'id="{field.id.replace("_", "-")}"' in html, field.id


def test_the_chinese_catalogue_page_speaks_chinese_to_its_readers_and_says_what_is_missing(site):
    html = (site / "zh" / "catalogue" / "index.html").read_text(encoding="utf-8")
    main = re.sub(r"<[^>]+>", " ", html[html.index("<article") : html.index("</article>")])
    for developer_word in ("python", "generator", "import", "crawler", "confidence", "source", "README", "`"):
        assert developer_word.lower() not in main.lower(), developer_word
    assert "本站未能取得闽人社文办〔2023〕222号附件1" in main
    assert 'href="../hosting/#catalogue"' in html  # administrators are pointed to the hosting page
    assert "职称系列不是专业技术领域" in main  # title series are offered, not counted as fields
