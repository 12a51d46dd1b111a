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


# ---- a third proof: tests/data/notice-2097.txt (虚构，仅供测试), what a 2027 notice may bring -----------------------

NOTICE_2097 = ROOT / "tests" / "data" / "notice-2097.txt"


@pytest.fixture(scope="module")
def made_2097(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A copy of the package with the 2097 edition made by the real command, and its report: a topic deleted in the
    middle and the next renamed, 二（一） and 二（二） merged, new deadlines, address and e-mail, a new 附件5 承诺书,
    原则上不超过5天, 一般不少于50人，不超过120人, 须 → 应, 不得 → 原则上不, and sentences changed only in punctuation,
    spacing or the width of their digits."""
    root = tmp_path_factory.mktemp("notice-2097")
    shutil.copytree(ROOT / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", root / "docs")  # the places a gone clause is cited are named from the docs too
    made = _python(root, "-m", "generator", "edition", "new", "2097", "--notice", str(NOTICE_2097), "--lang", "en")
    assert made.returncode == 0, made.stdout + made.stderr
    return root, made.stdout


def _first_level(report: str) -> list[str]:
    compared = report[report.index("Binding sentences compared with 2025's notice") : report.index("For a person to review:")]
    return re.findall(r"^  (\S.*)$", compared, re.M)


def test_2097_every_changed_binding_sentence_is_listed_once_and_nothing_unchanged(made_2097):
    """Six binding sentences differ (two new in 附件5); a sentence whose only change is its punctuation, its spacing,
    the width of its digits or its item number (two items merged) is not listed, nor the test's 虚构 mark."""
    _, report = made_2097
    listed = _first_level(report)
    assert len(listed) == 6, "\n".join(listed)
    assert [line.split(":")[0] for line in listed] == [
        "Binding words changed, #s2-1 二（一）",
        "Binding words changed, #s2-1 二（一）",
        "Binding words changed, #s3-1 三（一）",
        "Binding words changed, #s3-2 三（二）",
        "New binding sentence, for rule review, #a5-1 附件5第1条",
        "New binding sentence, for rule review, #a5-2 附件5第2条",
    ]
    assert "学员数量一般不少于50人，不超过120人。 (binding words: 应、一般、左右 → 应、一般、一般、不少于、不超过)" in listed[0]
    assert "每期研修时间原则上不超过5天（含报到返程时间），学员数量不少于30人。" in listed[1]
    assert listed[2].endswith("企业申报须能开具培训费发票。 → 企业申报应能开具培训费发票。 (binding words: 须 → 应)")
    assert listed[3].endswith(
        "一般不得向学员收取任何费用。 → 除往返交通费由学员承担外，原则上不向学员收取任何费用。 (binding words: 一般、不得 → 原则上)"
    )
    # the rules citing the national sentence are named although the clause's quote starts inside it
    compared = report[report.index(listed[0]) : report.index(listed[1])]
    assert "rules citing this clause:" in compared and "trainees.minimum (error)" in compared
    for unchanged in ("时代性", "附件１", "附件1、2、3", "虚构，仅供测试", "人社部令"):
        assert unchanged not in "\n".join(listed), unchanged


def test_sentences_changed_only_in_punctuation_spacing_or_digit_width_are_the_same():
    from generator.io import notice

    old = (ROOT / "generator" / "data" / "editions" / "2025" / "notice-source.txt").read_text(encoding="utf-8")
    new = old.replace("突出时代性、前沿性、实用性，", "突出时代性, 前沿性, 实用性,").replace("附件1、2、3均可在", "附件１、２、３均可在")
    new = new.replace("“福建省人力资源和社会保障厅网站-下载中心”", '"福建省人力资源和社会保障厅网站－下载中心"')
    assert new != old and notice.compare_sentences(old, 2025, new, 2025) == []


def test_2097_quotes_are_followed_or_what_to_do_by_hand_is_named(made_2097):
    """A renamed, renumbered topic is followed by its paragraph; the list of topics leaves the gone one out; the gone
    clause is named with the places that cite it; after the one removal the report asks for, the check passes."""
    root, report = made_2097
    folder = root / "generator" / "data" / "editions" / "2097"
    edition = (folder / "edition.toml").read_text(encoding="utf-8")
    assert 'quote = "（二）数字赋能发展。"' in edition and 'anchor = "s1-2"' in edition
    assert 'quote = "（一）服务重大战略。……（二）数字赋能发展。"' in edition
    # the English pages cite a renumbered clause by its new number too (二（二） merged into 二（一）)
    assert (
        "clauses.course_content.ref_en: clause 2(2) → clause 2(1)" in report
        and "clauses.topic_digital.ref_en: clause 1(3) → clause 1(2)" in report
    )
    assert "clauses.topic_scope: “（二）对接产业需求。” is not in the new notice (gone with its paragraph)" in report
    assert (
        "clauses.topic_industry: its quote “（二）对接产业需求。” is not in the new notice, nor anything in its place: the clause "
        "is gone. Remove [clauses.topic_industry] from edition.toml and rewrite what cites it (—)"
    ) in report
    # 须 → 应 still binds: the rule stays an error, and the maintainer is told so
    assert 'binds = { "eligibility.invoice" = "企业申报应能开具培训费发票" }' in edition
    assert "clauses.eligibility: the binding words of eligibility.invoice changed (须 → 应" in report
    checked = _python(root, "-m", "generator", "edition", "check", "2097", "--lang", "en")
    assert checked.returncode == 1 and checked.stdout.count("\n  ") == 1 and "clauses.topic_industry" in checked.stdout
    toml = folder / "edition.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text[: text.index("[clauses.topic_industry]")] + text[text.index("[clauses.topic_digital]") :], encoding="utf-8")
    try:
        assert _python(root, "-m", "generator", "edition", "check", "2097", "--lang", "en").returncode == 0
    finally:
        toml.write_text(text, encoding="utf-8")


def test_2097_limits_are_read_in_the_notices_own_shapes(made_2097, tmp_path):
    """原则上不超过5天 is a most (not last year's 4天左右 kept); 一般不少于50人，不超过120人 is a softened least and a most,
    each with what the maintainer must do; their English is composed; a message says the new words."""
    root, report = made_2097
    edition = (root / "generator" / "data" / "editions" / "2097" / "edition.toml").read_text(encoding="utf-8")
    provincial = edition[edition.index("[levels.provincial]") : edition.index("[office]")]
    assert "days_max = 5" in provincial and "days_about" not in provincial and "days_tolerance" not in provincial
    assert 'days_wording_en = "in principle (原则上) at most 5 days, arrival and departure days included (含报到返程时间)"' in provincial
    national = edition[edition.index("[levels.national]") : edition.index("[levels.provincial]")]
    assert "trainees_min = 50" in national and "trainees_max = 120" in national and "trainees_about" not in national
    assert 'trainees_wording_en = "as a rule (一般) no fewer than 50, at most 120"' in national
    assert "Not found in the new notice" not in report  # nothing kept from 2025 that the new notice says otherwise
    assert "levels.national: the notice now states trainees_min for this level in softened words (一般)" in report
    assert 'as a warning on that form (severity = { national = "warning", … })' in report
    assert "levels.national: the notice now states trainees_max = 120 (“一般不少于50人，不超过120人”), which no rule checks" in report
    draft = load("provincial-valid.json")
    draft["edition"] = 2097
    draft["data"] |= {"period": {"start": "2097-09-14", "end": "2097-09-20"}, "declared_on": "2097-02-10"}
    draft["data"]["topics"] = {"strategy": draft["data"]["topics"]["strategy"]}
    (tmp_path / "d.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    result = _python(root, "-m", "generator", "validate", str(tmp_path / "d.json"), "--lang", "both")
    assert "省级高级研修项目每期研修时间原则上不超过5天（含报到返程时间），现为7天。" in result.stdout
    assert "Provincial courses last in principle (原则上) at most 5 days" in result.stdout
    draft["data"]["period"] = {"start": "2097-09-14", "end": "2097-09-15"}  # 2 days: too short for 4天左右, not for 不超过5天
    (tmp_path / "d.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    assert "period.length" not in _python(root, "-m", "generator", "validate", str(tmp_path / "d.json")).stdout


def test_2097_a_new_attachment_and_clauses_cited_by_number_are_named(made_2097):
    _, report = made_2097
    assert "附件5 (申报单位承诺书) is a new attachment 2025 did not have: edition.toml's [attachments] has no entry for it" in report
    assert "附件5 (?)" not in report
    # 二（二） merged into 二（一）: the guides the new forms.toml extends still name it by number
    assert "二（二）, clause 2(2) is now 二（一）: these places name it by its number as text" in report
    assert "generator/data/editions/2025/forms.toml:109" in report


def test_2097_changes_page_names_the_rules_citing_each_sentence_and_nothing_that_only_moved(made_2097):
    root, _ = made_2097
    script = "from generator.site import pages; import sys; sys.stdout.write(pages.changes_page(sys.argv[1]))"
    zh = _python(root, "-c", script, "zh").stdout
    assert "| 国家级项目学员人数上限 | （无） | 120 |" in zh
    assert "| 报送地址（邮编） | 福州市鼓楼区鼓东路44号 350001 | 福州市鼓楼区示例路1号 350003 | [三（三）](../notice.md#s3-3) |" in zh
    assert "| 电子邮箱 | zynljsc@rst.fujian.gov.cn | shili-zjc@example.gov.cn |" in zh
    assert "通知附件1的文字" not in zh and "通知附件2的文字" not in zh  # only their year moved
    sentences = zh[zh.index("{#sentences-") :]
    assert "时代性" not in sentences and "附件１" not in sentences
    assert (
        "| [三（一）](../notice.md#s3-1) | 企业申报须能开具培训费发票。 | 企业申报应能开具培训费发票。 | 须 → 应 | "
        "[`question.unanswered`](../rules.md#rule-question-unanswered) 提醒，[`eligibility.invoice`](../rules.md#rule-eligibility-invoice) 错误，"
    ) in sentences
    assert "| 一般、不得 → 原则上 | [`funding.fees`](../rules.md#rule-funding-fees) 提醒 |" in sentences
    assert "| 不得 | — |" in sentences  # 附件5's new sentence: no rule cites it yet
    en = _python(root, "-c", script, "en").stdout
    assert "Rules citing its clause (severity)" in en and "[`eligibility.invoice`](../rules.md#rule-eligibility-invoice) error" in en


def test_2097_answers_for_a_topic_gone_are_named_by_its_heading_not_dropped_with_the_others(made_2097, tmp_path):
    """The maintainer writes the new topic boxes; last year's draft keeps 服务重大战略 and names 对接产业需求 as left out."""
    root, _ = made_2097
    forms_toml = root / "generator" / "data" / "editions" / "2097" / "forms.toml"
    forms_toml.write_text(
        forms_toml.read_text(encoding="utf-8")
        + '\n[[fields]]\nid = "topics"\n\n  [[fields.options]]\n  id = "strategy"\n  zh = "服务重大战略"\n  en = "Serving major strategies"\n'
        + '\n  [[fields.options]]\n  id = "digital"\n  zh = "数字赋能发展"\n  en = "Digital empowerment (fictitious)"\n',
        encoding="utf-8",
    )
    result = _python(
        root, "-m", "generator", "upgrade-edition", str(ROOT / "generator/data/editions/2025/examples/provincial-valid.json"),
        "--to", "2097", "-o", str(tmp_path / "p.json"), "--lang", "zh",
    )  # fmt: skip
    assert "topics  “对接产业需求”已删去：新表的“是否符合选题范围”一栏没有这一项，原填写为“对接海洋装备" in result.stdout
    assert "value.invalid" not in result.stdout and "topics.none" not in result.stdout
    carried = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["data"]["topics"]
    assert list(carried) == ["strategy"]


def test_2097_an_answer_last_years_form_could_not_use_either_is_carried_as_typed(made_2097, tmp_path):
    """Carrying the examples (README step 4): 约四十 trainees stays 约四十, and the new edition's check says so, instead of the
    value vanishing from the draft (and the invalid/ example no longer showing its rule)."""
    root, _ = made_2097
    example = ROOT / "generator/data/editions/2025/examples/invalid/value.invalid--trainees-not-a-number.json"
    result = _python(
        root, "-m", "generator", "upgrade-edition", str(example), "--to", "2097", "-o", str(tmp_path / "v.json"), "--lang", "en"
    )
    assert "“Planned number of trainees” must be a whole number above zero; it is “约四十”." in result.stdout
    assert json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))["data"]["trainees"] == "约四十"


TOPICS_2097 = (
    '\n[[fields]]\nid = "topics"\n\n  [[fields.options]]\n  id = "strategy"\n  zh = "服务重大战略"\n  en = "Serving major strategies"\n'
    '\n  [[fields.options]]\n  id = "digital"\n  zh = "数字赋能发展"\n  en = "Digital empowerment (fictitious)"\n'
)


def test_2097_the_pages_list_the_new_topics_after_the_maintainers_edits(made_2097):
    """Once the report's edits are made (the topic boxes written, the gone clause removed), the FAQ names this year's
    topic headings, each linked to its clause; it named 对接产业需求 by placeholder and the build stopped on it."""
    root, _ = made_2097
    folder = root / "generator" / "data" / "editions" / "2097"
    saved = {name: (folder / name).read_text(encoding="utf-8") for name in ("edition.toml", "forms.toml")}
    text = saved["edition.toml"]
    (folder / "edition.toml").write_text(
        text[: text.index("[clauses.topic_industry]")] + text[text.index("[clauses.topic_digital]") :], encoding="utf-8"
    )
    (folder / "forms.toml").write_text(saved["forms.toml"] + TOPICS_2097, encoding="utf-8")
    script = (
        "from generator.site import pages; import sys; from pathlib import Path; "
        "sys.stdout.write(pages.fill_placeholders(Path('docs', sys.argv[1], 'faq.md').read_text(encoding='utf-8'), sys.argv[1]))"
    )
    try:
        zh, en = (_python(root, "-c", script, lang) for lang in ("zh", "en"))
    finally:
        for name, content in saved.items():
            (folder / name).write_text(content, encoding="utf-8")
    assert zh.returncode == 0, zh.stderr
    assert (
        "选题范围是通知第一部分的各个方向：服务重大战略（[一（一）](notice.md#s1-1)）、数字赋能发展（[一（二）](notice.md#s1-2)）。"
        in zh.stdout
    )
    assert "对接产业需求" not in zh.stdout
    # the number of trainees as the notice words it, 一般 and the most with it (it said a bare 不少于50人)
    assert "国家级项目面向全国招收学员，学员数量一般不少于50人，不超过120人；" in zh.stdout
    assert "“Digital empowerment (fictitious)” ([clause 1(2)](notice.md#s1-2))" in en.stdout
