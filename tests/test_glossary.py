"""One term for one thing: the glossary (data/words/glossary.toml) gives each term of the notice its one English
rendering, and every English text the project shows (the words, the English notice, the English of the data files,
the pages in docs/en) uses it, never a rendering the glossary lists under `avoid`; clauses are cited one way; and
every page is named by its one title, in both languages."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

DATA = ROOT / "generator" / "data"
EDITION = DATA / "editions" / "2025"
GLOSSARY = tomllib.loads((DATA / "words" / "glossary.toml").read_text(encoding="utf-8"))


def _strings(value: object, key: str, keep) -> Iterator[tuple[str, str]]:
    """Every string of a TOML value whose key `keep` accepts, with its dotted key."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{key}.{k}" if key else k, keep)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{key}[{i}]", keep)
    elif isinstance(value, str) and keep(key):
        yield key, value


def _last(key: str) -> str:
    return re.sub(r"\[\d+\]$", "", key.rsplit(".", 1)[-1])


def _is_en(key: str) -> bool:
    """forms.toml's en, guide_en, help_en_national, en_provincial; edition.toml's title_en, ref_en …"""
    return "en" in _last(key).split("_")


def _is_zh(key: str) -> bool:
    return "zh" in _last(key).split("_")


def _toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _texts(lang: str) -> list[tuple[str, str]]:
    """(where, text) for every text of `lang` this project writes (never the Chinese notice itself)."""
    other = _is_en if lang == "en" else _is_zh
    texts = [(f"words/{lang}.toml:{k}", v) for k, v in _strings(_toml(DATA / "words" / f"{lang}.toml"), "", lambda k: True)]
    for name in ("forms.toml", "edition.toml", "timeline.toml"):
        texts += [(f"editions/2025/{name}:{k}", v) for k, v in _strings(_toml(EDITION / name), "", other)]
    texts += [(f"reference/sets.toml:{k}", v) for k, v in _strings(_toml(DATA / "reference" / "sets.toml"), "", other)]
    if lang == "en":
        texts.append(("editions/2025/notice.en.md", (EDITION / "notice.en.md").read_text(encoding="utf-8")))
    for page in sorted((ROOT / "docs" / lang).rglob("*.md")):
        texts.append((page.relative_to(ROOT).as_posix(), page.read_text(encoding="utf-8")))
    return texts


def _avoided(lang: str) -> list[tuple[str, str, list[str]]]:
    """(term, pattern, files exempt) for every rendering the glossary tells `lang` to avoid."""
    key = "avoid" if lang == "en" else "avoid_zh"
    out = [("citation", p, []) for p in GLOSSARY["citation"]["avoid"]] if lang == "en" else []
    out += [("style", p, []) for p in GLOSSARY["style"].get(key, [])]
    for entry in GLOSSARY["term"] + GLOSSARY["page"]:
        out += [(entry["zh"], p, entry.get("except_in", [])) for p in entry.get(key, [])]
    return out


def _hits(lang: str) -> list[str]:
    found = []
    for where, text in _texts(lang):
        for term, pattern, exempt in _avoided(lang):
            if any(where.startswith(e) for e in exempt):
                continue
            for match in re.finditer(pattern, text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{where}:{line}: “{match.group(0)}” ({term}: {pattern})")
    return found


def test_glossary_is_whole() -> None:
    """Each term has its Chinese, its one English rendering, and only patterns that compile."""
    seen = set()
    for entry in GLOSSARY["term"]:
        assert entry["zh"] and entry["en"], entry
        assert entry["zh"] not in seen, f"{entry['zh']} twice in the glossary"
        seen.add(entry["zh"])
        for pattern in entry.get("avoid", []) + entry.get("avoid_zh", []):
            re.compile(pattern)
            assert not re.search(pattern, entry["en"]), f"{entry['zh']}: its own rendering matches {pattern}"
    for term in (
        "申报单位",
        "承办单位",
        "学员",
        "高级研修项目",
        "职业能力建设处",
        "主管部门",
        "行业主管部门",
        "继续教育基地",
        "设区市",
        "招收范围",
        "自筹经费",
    ):
        assert term in seen, f"{term} is not in the glossary"


def test_english_uses_the_glossary() -> None:
    """No English text of the project uses a rendering the glossary avoids, nor cites a clause any other way."""
    hits = _hits("en")
    assert not hits, "\n".join(hits)


def test_chinese_names_pages_one_way() -> None:
    """The Chinese texts name each page, and 招收范围, as the glossary does, in no phrase that reads as translated."""
    hits = _hits("zh")
    assert not hits, "\n".join(hits)


def test_clauses_cited_one_way() -> None:
    """edition.toml's English citations follow the glossary's style: clause 3(1), 附件4 item 3, 附件1."""
    style = re.compile(r"clause \d(\(\d\))?|附件\d( item \d)?|contact")
    for key, clause in _toml(EDITION / "edition.toml")["clauses"].items():
        assert style.fullmatch(clause.get("ref_en", "")), f"clauses.{key}: ref_en “{clause.get('ref_en')}”"


def _front(path: Path) -> tuple[str | None, str | None]:
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^title:\s*(.+)$", text, re.M)
    heading = re.search(r"^# (.+)$", text, re.M)
    return (title.group(1).strip() if title else None), (heading.group(1).strip() if heading else None)


def _nav(config: str) -> dict[str, str]:
    """page path → its label in the navigation of a mkdocs config."""
    return {
        m.group(2): m.group(1).strip()
        for m in re.finditer(r"^\s*- (.+?): ([\w/]+\.md)\s*$", (ROOT / config).read_text(encoding="utf-8"), re.M)
    }


@pytest.mark.parametrize("lang, config", [("zh", "mkdocs.yml"), ("en", "mkdocs.en.yml")])
def test_every_page_named_by_its_title(lang: str, config: str) -> None:
    """The front matter's title, the first heading (where there is one) and the navigation say the same."""
    nav = _nav(config)
    for page in GLOSSARY["page"]:
        title, heading = _front(ROOT / "docs" / lang / page["path"])
        assert title == page[lang], f"docs/{lang}/{page['path']}: title “{title}”, not “{page[lang]}”"
        assert heading in (None, page[lang]), f"docs/{lang}/{page['path']}: heading “{heading}”, not “{page[lang]}”"
        assert nav.get(page["path"]) == page[lang], f"{config}: {page['path']} is “{nav.get(page['path'])}”, not “{page[lang]}”"


def test_english_guides_cite_a_clause_in_english_with_the_chinese_number_beside() -> None:
    """clause 2(1) (二（一）): the glossary's style, and the number to find in the official text; Chinese pages cite 二（一）."""
    from generator.site import pages

    english, chinese = pages.form_guide("national", "en"), pages.form_guide("national", "zh")
    assert "[clause 2(1) (二（一）)](../notice.md#s2-1)" in english and "[二（一）](../notice.md#s2-1)" not in english
    assert "[二（一）](../notice.md#s2-1)" in chinese and "clause" not in chinese


def test_every_finding_in_english_uses_the_glossary() -> None:
    """Each rule's message as a user reads it, with the values of test_rules.CASES filled in (a placeholder such as
    “Attachment {n}” hides from the catalogue's own check)."""
    from test_rules import CASES, _draft

    from generator.core import rules

    found = {f.en for _, start, change in CASES for f in rules.validate(_draft(start, change))}
    hits = [f"“{text}”: {pattern} ({term})" for text in sorted(found) for term, pattern, _ in _avoided("en") if re.search(pattern, text)]
    assert not hits, "\n".join(hits)


# A Chinese clause number as the whole text of a link: an English page cites “clause 2(1) (二（一）)” instead.
_CHINESE_CLAUSE = re.compile(r"[一二三四五]（[一二三四五六]）|附件\d第\d条")


@pytest.mark.parametrize("table", ["rules_table", "levels_table", "catalogue"])
def test_english_tables_cite_clauses_in_english_with_the_chinese_beside(table: str) -> None:
    """The rules page, the home page's levels table and the reference lists cite clauses as the guides do,
    “clause 2(1) (二（一）)”, never by the bare Chinese number."""
    from generator.site import pages

    english = getattr(pages, table)("en")
    beside = re.compile(r"(clause \d(\(\d\))?|附件\d item \d) \((?:[一二三四五]（[一二三四五六]）|附件\d第\d条)\)")
    bare = [m.group(0) for m in _CHINESE_CLAUSE.finditer(beside.sub("", english))]
    assert not bare, bare
    assert beside.search(english)


def test_english_notice_keeps_what_binds_and_what_each_item_asks() -> None:
    """应 is rendered “shall” where the notice binds (面向全国招收学员, 以线下研修为主); 附件4 item 1 says which forms each
    applicant fills in (填报), not what an application “consists of”; 基层一线 is the grassroots and the front line."""
    notice = (EDITION / "notice.en.md").read_text(encoding="utf-8")
    for sentence in (
        "National advanced training courses shall recruit trainees nationwide;",
        "Provincial advanced training courses shall recruit trainees province-wide;",
        "Courses shall be held mainly in person.",
        "Those applying for national advanced training courses fill in 附件1 and 附件3;",
        "at the grassroots and on the front line",
    ):
        assert sentence in notice, sentence
    assert "consist of" not in notice
    for where, text in _texts("en"):  # nor do the pages that repeat 附件4 item 1
        assert not re.search(r"application consists? of 附件", text), where


def test_english_tables_name_fields_in_english_and_list_with_english_commas() -> None:
    """附件3's guide names each source field in English with its Chinese beside (not “承办单位信息”中的“单位名称” alone in an
    English sentence), and English lists are joined with “, ”, not the Chinese 、."""
    from generator.site import pages

    summary = pages.summary_guide("en")
    assert "taken from the application's “Host institution: Name” (“承办单位信息”中的“单位名称”)" in summary
    assert "taken from the application's “承办单位信息”" not in summary
    assert "| 附件1, 附件2 |" in pages.rules_table("en") and "附件1、附件2" not in pages.rules_table("en")


def test_field_guides_say_what_their_clause_says_on_each_form() -> None:
    """二（一）'s 鼓励非公有制领域…参加 is said of every course, not only provincial ones; 附件4 item 5's 国家部委 is a ministry or
    commission (no “State Council agency”); 三（二）'s 往返交通费 is return travel."""
    from generator.core import forms

    for form in ("national", "provincial"):
        audience = forms.load(form).field("audience")
        assert "鼓励非公有制领域人员参加" in audience.guide(form, "zh") and "non-public sector" in audience.guide(form, "en"), form
    national = forms.load("national")
    assert national.field("ministry").help("national", "en") == "A national ministry or commission (国家部委, 附件4 item 5)."
    assert "return travel" in national.field("funding_source").guide("national", "en")
    assert national.field("audience").help("national", "en").startswith("(trainees shall be recruited nationwide;")  # 应面向全国


def test_every_finding_names_the_same_attachments_in_both_languages() -> None:
    """What a message says in Chinese it says in English: each 附件N it names (闽人社文办〔2023〕222号附件1 is
    “附件1 of 闽人社文办〔2023〕222号”, not the document alone)."""
    from test_rules import CASES, _draft

    from generator.core import rules

    for _, start, change in CASES:
        for f in rules.validate(_draft(start, change)):
            assert sorted(re.findall(r"附件\d", f.zh)) == sorted(re.findall(r"附件\d", f.en)), (f.zh, f.en)
