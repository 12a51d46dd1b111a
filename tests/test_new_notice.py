"""A notice that changes more than dates (tests/data/notice-2098.txt, 虚构，仅供测试): a new first item under 三 with 须
that renumbers the rest, 应以线下研修为主 → 须全部采用线下研修, a binding sentence gone, a fourth topic, new contacts,
provincial 3至5天 and 不少于40人. `edition new` names every binding sentence that is new, changed or gone, follows
every quote (the contacts too), and the messages and the "what changed" page speak the new notice's words."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, cli, load

NOTICE = ROOT / "tests" / "data" / "notice-2098.txt"
NEW_ITEM = "（一）申报单位须对申报材料的真实性负责，同一承办单位申报省级高级研修项目原则上不超过2项。"
GONE = "研修学员一般应是具有中高级职称（职业资格）的专业技术人员或经营管理人员，并向基层一线专业技术骨干倾斜，鼓励非公有制领域专业技术人员或经营管理人员参加。"


def _python(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A copy of the package with the 2098 edition made from the notice by the real command, and its report."""
    root = tmp_path_factory.mktemp("new-notice")
    shutil.copytree(ROOT / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    made = _python(root, "-m", "generator", "edition", "new", "2098", "--notice", str(NOTICE), "--lang", "en")
    assert made.returncode == 0, made.stdout + made.stderr
    return root, made.stdout


def test_the_report_names_every_binding_sentence_new_changed_or_gone_with_its_place(package):
    _, report = package
    compared = report[report.index("Binding sentences compared with 2025's notice") : report.index("For a person to review:")]
    assert f"New binding sentence, for rule review, #s3-1 三（一）: {NEW_ITEM} (binding words: 须、原则上、不超过)" in compared
    assert (
        "Binding words changed, #s2-2 二（二）: 项目应以线下研修为主。 → 项目须全部采用线下研修。 (binding words: 应、为主 → 须)"
        in compared
    )
    # the rule that reads this clause is named, so a maintainer asks whether it should now be an error
    assert "rules citing this clause: content.methods (warning), content.offline (warning)" in compared
    assert (
        "每期研修时间4天左右（含报到返程时间），学员数量不少于30人。 → " in compared
        and "(binding words: 应、左右、不少于 → 应、不少于)" in compared
    )
    assert f"Binding sentence gone (2025's #s2-1 二（一）): {GONE}" in compared
    # a sentence that only moved with the year, its date or its item's number is not reported
    assert "企业申报须能开具培训费发票" not in compared and "截止日期" not in compared and "完成办班" not in compared
    assert len(re.findall(r"^  \S", compared, re.M)) == 4  # the four sentences, nothing else at the first level


def test_every_quote_is_followed_and_the_check_finds_nothing_of_edition_news_making(package):
    root, report = package
    assert "is not in the new notice" not in report
    assert "clauses.contact.quote: 联系电话：0591-87543855、0591-87534777 → 联系电话：0591-87000001、0591-87000002、0591-87000003" in report
    assert "The check of the new folder finds no problems." in report
    checked = _python(root, "-m", "generator", "edition", "check", "2098", "--lang", "en")
    assert checked.returncode == 0, checked.stdout
    # the renumbered items take their new places, the new contacts have no pinyin of last year's people
    edition = (root / "generator" / "data" / "editions" / "2098" / "edition.toml").read_text(encoding="utf-8")
    assert 'anchor = "s3-2"' in edition and "Weng Guowen" not in edition


def test_the_messages_speak_the_new_notices_words(package, tmp_path):
    root, _ = package
    draft = load("provincial-valid.json")
    draft["edition"] = 2098
    draft["data"] |= {"trainees": 35, "period": {"start": "2098-09-16", "end": "2098-09-21"}, "declared_on": "2098-02-10"}
    (tmp_path / "d.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    result = _python(root, "-m", "generator", "validate", str(tmp_path / "d.json"), "--lang", "both")
    assert "省级高级研修项目学员数量不少于40人，现计划35人。" in result.stdout
    assert "Provincial courses take no fewer than 40 trainees; only 35 are planned." in result.stdout
    assert "省级高级研修项目每期研修时间3至5天（含报到返程时间），现为6天。" in result.stdout
    assert (
        "Provincial courses last 3 to 5 days, arrival and departure days included (含报到返程时间); this one lasts 6 days." in result.stdout
    )
    assert "左右" not in result.stdout and "一般" not in result.stdout and "about" not in result.stdout


def test_a_level_whose_trainees_are_now_about_a_number_is_told_so_in_its_own_words(package, tmp_path):
    """Provincial 在40人左右: the message names the provincial level and the notice's words, not 2025's national ones."""
    root, _ = package
    text = NOTICE.read_text(encoding="utf-8").replace("学员数量不少于40人。", "学员数量在40人左右。").replace("2098", "2097")
    (tmp_path / "notice.txt").write_text(text, encoding="utf-8")
    made = _python(
        root, "-m", "generator", "edition", "new", "2097", "--notice", str(tmp_path / "notice.txt"), "--out", str(tmp_path / "2097")
    )
    assert made.returncode == 0, made.stdout
    assert (
        "levels.provincial: the notice now states trainees_about for this level, but trainees.about does not read the provincial form"
        in made.stdout
    )
    shutil.copytree(tmp_path / "2097", root / "generator" / "data" / "editions" / "2097")
    declared = root / "generator" / "data" / "rules.toml"
    before = declared.read_text(encoding="utf-8")
    rule = '[rules."trainees.about"]\nseverity = "warning"\nforms = ["national"]'
    declared.write_text(before.replace(rule, rule.replace('["national"]', '["national", "provincial"]')), encoding="utf-8")
    try:  # the maintainer's one edit the report asks for
        draft = load("provincial-valid.json")
        draft["edition"] = 2097
        draft["data"] |= {"trainees": 25, "period": {"start": "2097-09-16", "end": "2097-09-19"}, "declared_on": "2097-02-10"}
        (tmp_path / "d.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
        result = _python(root, "-m", "generator", "validate", str(tmp_path / "d.json"), "--lang", "both")
    finally:
        shutil.rmtree(root / "generator" / "data" / "editions" / "2097")
        declared.write_text(before, encoding="utf-8")
    assert "省级高级研修项目学员数量在40人左右，现计划25人。" in result.stdout
    assert "Provincial courses take about 40 trainees; 25 are planned." in result.stdout
    assert "国家级" not in result.stdout and "不少于" not in result.stdout


def test_the_changes_page_lists_the_binding_sentences_each_linked_to_its_clause(package):
    root, _ = package
    script = "from generator.site import pages; import sys; sys.stdout.write(pages.changes_page(sys.argv[1]))"
    zh = _python(root, "-c", script, "zh").stdout
    sections = {m[1]: m[2] for m in re.finditer(r"^## (\S+) \{#sentences-(\w+)\}", zh, re.M)}
    assert list(sections) == ["新增条款", "约束措辞变化", "删去的约束句"]
    assert f"| [三（一）](../notice.md#s3-1) | {NEW_ITEM} | 须、原则上、不超过 |" in zh
    assert "| [二（二）](../notice.md#s2-2) | 项目应以线下研修为主。 | 项目须全部采用线下研修。 | 应、为主 → 须 |" in zh
    assert f"| [2025年通知二（一）](../editions/2025/notice.md#s2-1) | {GONE} | 一般、应、鼓励 |" in zh
    en = _python(root, "-c", script, "en").stdout
    assert "## New binding sentences (新增条款) {#sentences-added}" in en and "## Binding words changed (约束措辞变化)" in en
    assert f"| [clause 3(1)](../notice.md#s3-1) | {NEW_ITEM} |" in en
    assert "| [2025 notice, clause 2(1)](../editions/2025/notice.md#s2-1) |" in en
    assert "| [clause 2(2)](../notice.md#s2-2) | 项目应以线下研修为主。 | 项目须全部采用线下研修。 | 应、为主 → 须 |" in en


def test_sentences_that_only_move_with_the_year_are_the_same():
    """2025 against the 2099 proof: years, dates and topic headings change; only the 30 → 35 sentence is reworded."""
    from generator.io import notice

    old = (ROOT / "generator" / "data" / "editions" / "2025" / "notice-source.txt").read_text(encoding="utf-8")
    new = (ROOT / "tests" / "data" / "notice-2099.txt").read_text(encoding="utf-8")
    found = notice.compare_sentences(old, 2025, new, 2099)
    assert [(c.kind, c.new.text.endswith("学员数量不少于35人。")) for c in found] == [("reworded", True)]
    assert cli("edition", "check", 2025).returncode == 0


def test_the_translation_is_reviewed_only_once_every_place_has_its_english(package, tmp_path):
    """The side-by-side file pairs each anchored place with its English; the check refuses "reviewed" while one lacks it."""
    root, _ = package
    folder = tmp_path / "2098"
    shutil.copytree(root / "generator" / "data" / "editions" / "2098", folder)
    result = cli("edition", "translation", 2098, "--dir", folder, "-o", tmp_path / "side.md", "--lang", "en")
    assert result.returncode == 1 and "0 of 27 places of notice.zh.md have their English" in result.stdout
    side = (tmp_path / "side.md").read_text(encoding="utf-8")
    assert f"| #s3-1 | {NEW_ITEM} |  |" in side and "| #s2-2 |" in side
    toml = folder / "edition.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('translation = "pending"', 'translation = "reviewed"'), encoding="utf-8")
    checked = cli("edition", "check", 2098, "--dir", folder, "--lang", "en")
    assert checked.returncode == 1 and "#s3-1: no English under this anchor in notice.en.md" in checked.stdout
    # translated place by place under the same anchors, as 2025's is: the check passes
    english = (ROOT / "generator" / "data" / "editions" / "2025" / "notice.en.md").read_text(encoding="utf-8")
    english = english.replace("{: #s3-3 }", "{: #s3-4 }").replace("{: #s3-2 }", "{: #s3-3 }").replace("{: #s3-1 }", "{: #s3-2 }")
    english = english.replace("{#s3}\n\n", "{#s3}\n\n(1) Applicants must answer for their materials (fictitious).\n{: #s3-1 }\n\n", 1)
    english = english.replace("{: #s1-3 }\n", "{: #s1-3 }\n\n(4) Green and low-carbon development (fictitious).\n{: #s1-4 }\n", 1)
    (folder / "notice.en.md").write_text(english, encoding="utf-8")
    assert cli("edition", "translation", 2098, "--dir", folder, "--lang", "en").returncode == 0
    assert cli("edition", "translation", 2025, "--lang", "en").returncode == 0


def test_an_error_is_a_warning_under_an_edition_whose_notice_does_not_bind_it():
    """A rule made an error for a notice that binds it stays a warning under one whose clause names no binding words."""
    import dataclasses

    from generator.core import editions, rules

    e = editions.load(2025)
    unbound = dataclasses.replace(e.clause("eligibility"), binds={})
    later = dataclasses.replace(e, clauses={**e.clauses, "eligibility": unbound})
    rule = next(r for r in rules.RULES if r.id == "eligibility.invoice")
    assert rules.finding(rule, "provincial", e, {}).severity == "error"
    assert rules.finding(rule, "provincial", later, {}).severity == "warning"
