"""A new edition is a folder made from the notice's text: `edition new` reads the facts out of it, `edition check` proves the folder."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, cli
from generator.core import editions
from generator.io import notice, tomltext

EDITION = ROOT / "generator" / "data" / "editions" / "2025"
PROOF = ROOT / "tests" / "data" / "notice-2099.txt"
FORMS_2025 = {1: "national", 2: "provincial", 3: "summary"}


run = cli  # in this process; tests/test_cli.py runs the real command too


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The 2099 edition made from the proof notice, outside the package."""
    out = tmp_path_factory.mktemp("editions") / "2099"
    return out, run("edition", "new", 2099, "--notice", PROOF, "--out", out, "--lang", "en")


# ---- reading a notice ------------------------------------------------------------------------


def test_the_facts_of_2025_come_out_of_its_notice_text():
    e = editions.load(2025)
    found = notice.facts((EDITION / "notice-source.txt").read_text(encoding="utf-8"))
    assert (found["number"], found["year"], found["issuer"], found["title"]) == (e.number, e.year, e.issuer.zh, e.title.zh)
    assert (found["issued"], found["finish_by"]) == (e.issued, e.finish_by)
    assert found["download_centre"] == e.download_centre.zh and tuple(found["methods"]) == e.methods
    assert tuple(found["topics"]) == e.topics == ("服务重大战略", "对接产业需求", "突出数字技术")
    for level in e.levels.values():
        facts = found["levels"][level.name.zh]
        assert facts["deadline"] == level.deadline and facts["recruit"] == level.recruit.zh
        assert facts["days_wording"] == level.days_wording.zh
        assert facts.get("trainees_min") == level.trainees_min and facts.get("trainees_about") == level.trainees_about
    assert (found["levels"]["国家级"]["days_min"], found["levels"]["国家级"]["days_max"]) == e.levels["national"].days
    assert found["levels"]["省级"]["days_about"] == 4
    assert found["office"] == {k: e.office[k] for k in ("name", "address", "postcode", "email", "contacts", "phones")}
    for attachment in e.attachments.values():
        listed = found["attachments"][attachment["number"]]
        assert (listed["title"], listed["heading"]) == (attachment["title"], attachment["heading"])


def test_the_notice_page_of_2025_is_what_the_converter_writes_from_its_text():
    """notice.zh.md was written by hand; the converter gives it back, character for character."""
    source = (EDITION / "notice-source.txt").read_text(encoding="utf-8")
    assert notice.to_markdown(source, FORMS_2025) == (EDITION / "notice.zh.md").read_text(encoding="utf-8")


def test_an_anchor_names_its_place_as_edition_toml_does():
    e = editions.load(2025)
    page = (EDITION / "notice.zh.md").read_text(encoding="utf-8")
    for clause in e.clauses.values():
        # a numbered place (s2-1, a4-1) is named by its number; another (contact) by edition.toml alone
        assert notice.ref_of(clause.anchor) in (clause.ref.zh, None if clause.anchor == "contact" else clause.ref.zh)
        assert notice.anchor_of(clause.quote.split("……"), page) == clause.anchor, clause.key


def test_a_sentence_is_followed_into_the_new_text_and_nonsense_is_not():
    old = (EDITION / "notice-source.txt").read_text(encoding="utf-8")
    follow = notice.follower(old, PROOF.read_text(encoding="utf-8"))
    assert follow("（三）突出数字技术。") == "（三）发展新质生产力。"
    assert follow("学员数量不少于30人") == "学员数量不少于35人"
    assert follow("企业申报须能开具培训费发票") == "企业申报须能开具培训费发票"
    assert notice.follower(old, "hello world")("学员数量不少于30人") is None


def test_editing_toml_text_keeps_comments_and_layout():
    text = '# head\nyear = 2025\n\n[levels.x]\nn = 30       # 不少于30人\nname = "a"\n'
    edited = tomltext.set_value(text, "levels.x", "n", 35, "# 不少于35人")
    edited = tomltext.set_value(edited, "", "translation", "pending")
    edited = tomltext.remove_key(edited, "levels.x", "name")
    assert edited == '# head\nyear = 2025\ntranslation = "pending"\n\n[levels.x]\nn = 35       # 不少于35人\n'
    assert tomllib.loads(edited) == {"year": 2025, "translation": "pending", "levels": {"x": {"n": 35}}}


def test_an_edition_reads_from_its_folder_as_from_the_package():
    assert editions.from_folder(EDITION) == editions.load(2025)
    assert editions.load(2025).translation == "reviewed"


# ---- edition new -----------------------------------------------------------------------------


def test_a_new_edition_holds_the_new_notices_facts(made):
    out, result = made
    assert result.returncode == 0, result.stdout + result.stderr
    e = editions.from_folder(out)
    assert (e.year, e.number, e.issued, e.finish_by) == (2099, "闽人社办〔2099〕3号", dt.date(2099, 1, 10), dt.date(2099, 11, 15))
    assert e.levels["national"].deadline == dt.date(2099, 1, 20)
    assert e.levels["provincial"].deadline == dt.date(2099, 2, 25)
    assert e.levels["provincial"].trainees_min == 35 and e.levels["national"].trainees_about == 50
    assert e.topics == ("服务重大战略", "对接产业需求", "发展新质生产力")
    assert e.translation == "pending"
    assert e.clause("topic_scope").quote.endswith("（三）发展新质生产力。")
    assert e.clause("course_format").binds["trainees.minimum"] == "学员数量不少于35人"
    assert e.clause("submission").binds["provincial.deadline"] == "申报省级高级研修项目的截止日期为2099年2月25日"
    assert e.clause("eligibility").quote.startswith("原则上不推荐2098年")
    assert e.attachments["summary"]["heading"] == "福建省专业技术人才知识更新工程2099年高级研修项目汇总表"


def test_a_new_edition_keeps_the_previous_files_structure_and_comments(made):
    out, _ = made
    old = (EDITION / "edition.toml").read_text(encoding="utf-8")
    new = (out / "edition.toml").read_text(encoding="utf-8")
    assert [line for line in old.splitlines() if line.startswith("[")] == [line for line in new.splitlines() if line.startswith("[")]
    assert "trainees_min = 35       # 学员数量不少于35人" in new
    assert "# Every value here is quoted from 闽人社办〔2099〕3号" in new
    assert (out / "timeline.toml").read_bytes() == (EDITION / "timeline.toml").read_bytes()


def test_a_new_editions_pages_are_its_notice_word_for_word_with_the_anchors_of_2025(made):
    out, _ = made
    assert (out / "notice-source.txt").read_bytes() == PROOF.read_bytes()
    body, _, rest = PROOF.read_text(encoding="utf-8").partition("（此件主动公开）")
    page = notice.plain((out / "notice.zh.md").read_text(encoding="utf-8"))
    head, _, tail = page.partition("（此件主动公开）")
    assert head == re.sub(r"\s+|#|^-", "", body.replace("- 附件：", "附件："))
    assert tail.endswith(notice.squeeze(rest[rest.index("填表说明") :]).replace("#", ""))
    anchors = set(re.findall(r"\{:?\s*#([\w-]+)\s*\}", (EDITION / "notice.zh.md").read_text(encoding="utf-8")))
    assert anchors == set(re.findall(r"\{:?\s*#([\w-]+)\s*\}", (out / "notice.zh.md").read_text(encoding="utf-8")))
    english = (out / "notice.en.md").read_text(encoding="utf-8")
    assert english.startswith('!!! warning "Translation pending"') and "闽人社办〔2099〕3号" in english


def test_the_report_names_what_changed_and_what_to_review(made):
    _, result = made
    report = result.stdout
    for changed in (
        "number: 闽人社办〔2025〕7号 → 闽人社办〔2099〕3号",
        "issued: 2025-01-13 → 2099-01-10",
        "finish_by: 2025-11-30 → 2099-11-15",
        "levels.national.deadline: 2025-01-16 → 2099-01-20",
        "levels.provincial.deadline: 2025-02-20 → 2099-02-25",
        "levels.provincial.trainees_min: 30 → 35",
        "（三）突出数字技术。 → （一）服务重大战略。……（二）对接产业需求。……（三）发展新质生产力。",
    ):
        assert changed in report, changed
    assert "Every fact was found in the new notice." in report
    review = report[report.index("For a person to review:") :]
    assert "notice.en.md is a placeholder" in review
    assert "附件1 (national): the form's text differs" in review and "附件2 (provincial)" in review
    assert "The topic headings changed" in review and "the topic boxes of forms.toml" in review
    # the messages and the FAQ name the topic boxes through the forms ({topics}, [[topic.<id>]]): nothing else to mend
    assert "words/zh.toml:" not in review and "faq.md:" not in review
    assert "timeline.toml is copied from 2025" in review
    assert "The check of the new folder finds no problems." in report


def test_the_report_speaks_chinese_when_asked(tmp_path):
    result = run("edition", "new", 2099, "--notice", PROOF, "--out", tmp_path / "2099", "--lang", "zh")
    assert result.returncode == 0
    assert "取自新通知（原 → 新）：" in result.stdout and "需人工核对：" in result.stdout
    assert "For a person to review" not in result.stdout


def test_binding_words_that_are_gone_are_reported_not_kept(tmp_path):
    changed = PROOF.read_text(encoding="utf-8").replace("企业申报须能开具培训费发票", "企业申报可开具培训费发票")
    (tmp_path / "notice.txt").write_text(changed, encoding="utf-8")
    result = run("edition", "new", 2099, "--notice", tmp_path / "notice.txt", "--out", tmp_path / "2099", "--lang", "en")
    assert result.returncode == 0
    e = editions.from_folder(tmp_path / "2099")
    assert "企业申报可开具培训费发票" in e.clause("eligibility").quote and not e.clause("eligibility").binds
    assert "clauses.eligibility: the binding words of eligibility.invoice (“企业申报须能开具培训费发票”)" in result.stdout
    assert run("edition", "check", 2099, "--dir", tmp_path / "2099").returncode == 0


def test_a_clause_that_moves_takes_its_new_anchor_and_ref(tmp_path):
    """A new item in 三 renumbers the ones after it: funding is now 三（三）, and the pages' links to #s3-2 are named."""
    text = PROOF.read_text(encoding="utf-8").replace("（三）请各申报单位", "（四）请各申报单位")
    text = text.replace("（二）高级研修项目经费采取", "（二）新增一项要求，各单位应按时报送总结（虚构）。\n\n（三）高级研修项目经费采取")
    (tmp_path / "notice.txt").write_text(text, encoding="utf-8")
    result = run("edition", "new", 2099, "--notice", tmp_path / "notice.txt", "--out", tmp_path / "2099", "--lang", "en")
    e = editions.from_folder(tmp_path / "2099")
    assert (e.clause("funding").anchor, e.clause("funding").ref.zh) == ("s3-3", "三（三）")
    assert (e.clause("submission").anchor, e.clause("submission").ref.zh) == ("s3-4", "三（四）")
    assert (e.clause("eligibility").anchor, e.clause("eligibility").ref.zh) == ("s3-1", "三（一）")
    assert "clauses.funding.anchor: s3-2 → s3-3" in result.stdout
    # the pages cite clauses by key ([[clause.funding]]), so a renumbered clause leaves no link to mend
    assert "#s3-2 is now #s3-3" not in result.stdout
    assert run("edition", "check", 2099, "--dir", tmp_path / "2099").returncode == 0


def test_an_unreadable_notice_exits_2_and_an_existing_folder_is_not_overwritten(tmp_path):
    missing = run("edition", "new", 2099, "--notice", tmp_path / "none.txt", "--out", tmp_path / "a", "--lang", "en")
    assert missing.returncode == 2 and "Cannot read the notice" in missing.stdout
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00")
    assert run("edition", "new", 2099, "--notice", tmp_path / "binary.txt", "--out", tmp_path / "a").returncode == 2
    assert not (tmp_path / "a").exists()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "keep.txt").write_text("mine", encoding="utf-8")
    refused = run("edition", "new", 2099, "--notice", PROOF, "--out", tmp_path / "b", "--lang", "en")
    assert refused.returncode == 1 and "--force" in refused.stdout
    assert not (tmp_path / "b" / "edition.toml").exists()


# ---- edition check ---------------------------------------------------------------------------


def test_the_new_folder_and_2025_pass_the_check(made):
    out, _ = made
    result = run("edition", "check", 2099, "--dir", out, "--lang", "en")
    assert result.returncode == 0, result.stdout
    assert "the 2099 edition is complete and consistent" in result.stdout
    assert "Note: the English translation is pending" in result.stdout
    result = run("edition", "check", 2025, "--lang", "both")
    assert result.returncode == 0, result.stdout
    assert "2025 年度完整一致" in result.stdout and "the 2025 edition is complete and consistent" in result.stdout
    assert "Note" not in result.stdout


def _broken(tmp_path: Path) -> Path:
    """A copy of 2025 with a quote changed, an anchor removed, a date out of order and a file missing."""
    folder = tmp_path / "2025"
    shutil.copytree(EDITION, folder)
    toml = (folder / "edition.toml").read_text(encoding="utf-8")
    toml = toml.replace("企业申报须能开具培训费发票。", "企业申报应能开具培训费发票。").replace(
        "issued = 2025-01-13", "issued = 2025-01-18"
    )
    (folder / "edition.toml").write_text(toml, encoding="utf-8")
    page = (folder / "notice.zh.md").read_text(encoding="utf-8")
    (folder / "notice.zh.md").write_text(page.replace("{: #s3-2 }\n", ""), encoding="utf-8")
    (folder / "timeline.toml").unlink()
    return folder


def test_a_broken_folder_fails_with_a_line_for_each_problem(tmp_path):
    result = run("edition", "check", 2025, "--dir", _broken(tmp_path), "--lang", "en")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].endswith("problems in the 2025 edition.")
    expected = [
        "timeline.toml: missing.",
        "edition.toml: issued (2025-01-18) comes after levels.national.deadline (2025-01-16).",
        "clauses.eligibility: “原则上不推荐2024年未按计划完成高级研修项目任务的承办单位。企业申报应能开具培训费发票。” "
        "is not word for word in notice-source.txt: quote the notice's words for it, or, if the notice no longer says it, "
        "remove the clause (and rewrite what cites it).",
        "clauses.eligibility: the binding words of eligibility.invoice (“企业申报须能开具培训费发票”) are not in its quote.",
        "clauses.funding: the anchor #s3-2 is not in notice.zh.md.",
    ]
    for line in expected:
        assert f"  {line}" in lines, (line, result.stdout)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: (f / "notice.en.md").unlink(), "notice.en.md: missing."),
        (lambda f: _edit(f / "edition.toml", "year = 2025", "year = 2026"), "edition.toml: year = 2026, but this is the 2025 edition."),
        (lambda f: _edit(f / "edition.toml", "finish_by = 2025-11-30", "finish_by = 2025-02-01"), "finish_by (2025-02-01)"),
        (
            lambda f: _edit(f / "edition.toml", "finish_by = 2025-11-30", "finish_by = 2031-11-30"),
            "finish_by = 2031-11-30 is not around 2025",
        ),
        (lambda f: _edit(f / "edition.toml", 'form = "provincial"', 'form = "regional"'), "levels.provincial has the form “regional”"),
        (lambda f: _edit(f / "edition.toml", 'number = "', 'number = "'), None),
        (lambda f: _edit(f / "edition.toml", "[office]", "[office"), "edition.toml: not valid TOML"),
        (lambda f: _edit(f / "notice.zh.md", "学员数量不少于30人", "学员数量不少于 30 人 "), None),
        (
            lambda f: _edit(f / "notice.zh.md", "企业申报须能开具培训费发票", "企业申报须开具培训费发票"),
            "is not word for word in notice.zh.md",
        ),
        (lambda f: _edit(f / "edition.toml", "trainees_min = 30 ", "trainees_min = 20 "), "should show trainees.minimum"),
    ],
)
def test_each_problem_is_named(tmp_path, change, message):
    folder = tmp_path / "2025"
    shutil.copytree(EDITION, folder)
    change(folder)
    result = run("edition", "check", 2025, "--dir", folder, "--lang", "en")
    if message is None:  # markup and spacing are not problems
        assert result.returncode == 0, result.stdout
    else:
        assert result.returncode == 1 and message in result.stdout, result.stdout


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
