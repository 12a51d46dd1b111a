"""What changed from one notice to the next, as the "what changed" page lists it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator.core import changes, editions, forms


def _later_round() -> changes.Round:
    """2025 with what a new notice might change: a deadline, a minimum, a topic heading, a field added and one renamed."""
    e = editions.load(2025)
    provincial = dataclasses.replace(e.levels["provincial"], deadline=dt.date(2025, 2, 27), trainees_min=35)
    edition = dataclasses.replace(e, levels={**e.levels, "provincial": provincial})
    definitions = forms.definitions(2025)
    topics = next(f for f in definitions["fields"] if f["id"] == "topics")
    renamed = [{**o, "zh": "发展新质生产力"} if o["id"] == "digital" else o for o in topics["options"]]
    raw = forms.extend(
        definitions,
        {
            "fields": [
                {"id": "topics", "options": renamed},
                {"id": "project_name", "zh": "研修项目名称"},
                {"id": "online_share", "after": "venue", "zh": "线上研修占比", "en": "Share online", "type": "text", "forms": ["national"]},
            ]
        },
    )
    return changes.Round(edition, forms.build(forms.with_years(raw, 2025)))


def test_the_same_round_has_no_changes():
    assert changes.between(changes.Round.of(2025), changes.Round.of(2025)) == []


def test_each_change_is_listed_with_its_old_and_new_value_and_its_clause():
    found = changes.between(changes.Round.of(2025), _later_round())
    by_what = {c.what["zh"]: c for c in found}
    deadline = by_what["省级项目申报截止"]
    assert (deadline.old["zh"], deadline.new["zh"]) == ("2025年2月20日", "2025年2月27日") and deadline.clause == "submission"
    assert deadline.what["en"] == "Provincial: application deadline" and deadline.new["en"] == "27 February 2025"
    minimum = by_what["省级项目学员人数下限"]
    assert (minimum.old["zh"], minimum.new["zh"], minimum.clause) == ("30", "35", "course_format")
    topic = by_what["选题方向"]
    assert (topic.old["zh"], topic.new["zh"], topic.clause) == ("突出数字技术", "发展新质生产力", "topic_scope")
    added = [c for c in found if c.what["zh"].endswith("新增栏目")]
    assert [c.new["zh"] for c in added] == ["线上研修占比"] and added[0].old["zh"] == "" and added[0].clause == "form_national"
    renamed = [c for c in found if c.what["zh"].endswith("栏目改名")]
    assert {(c.old["zh"], c.new["zh"]) for c in renamed} == {("项目名称", "研修项目名称")}
    assert len(renamed) == 2  # on 附件1 and on 附件2
    assert len(found) == 6


def test_there_is_no_previous_edition_before_the_first():
    assert changes.previous_year(editions.available()[0]) is None


def test_the_page_lists_each_change_with_a_link_to_its_clause_in_both_languages():
    from generator.site import pages

    later = _later_round()
    found = changes.between(changes.Round.of(2025), later)
    zh = pages.changes_markdown("zh", later.edition, 2024, found)
    assert "| 省级项目申报截止 | 2025年2月20日 | 2025年2月27日 | [三（三）](../notice.md#s3-3) |" in zh
    assert "| 选题方向 | 突出数字技术 | 发展新质生产力 | [一](../notice.md#s1) |" in zh
    assert "| 附件1 国家级高级研修项目申报表新增栏目 | （无） | 线上研修占比 |" in zh
    en = pages.changes_markdown("en", later.edition, 2024, found)
    assert "| Provincial: application deadline | 20 February 2025 | 27 February 2025 |" in en
    assert "differs from the 2024 notice" in en
    first = pages.changes_markdown("en", later.edition, None, []) + pages.changes_markdown("zh", later.edition, None, [])
    # the next notice this tool takes in is not always the following year's (none of 2026 was added): no year is named
    assert "first this tool holds" in first and "Once the next notice is added" in first and "下一份通知收录后" in first
    assert str(later.edition.year + 1) not in first


def test_the_editions_page_lists_each_notice_with_its_dates_and_its_rounds_state():
    from generator.site import pages

    for lang, heading, deadline in (
        ("zh", "## 2025年度 · 闽人社办〔2025〕7号", "- 省级项目申报截止：2025年2月20日"),
        ("en", "## 2025 · 闽人社办〔2025〕7号", "- Provincial applications close: 20 February 2025"),
    ):
        text = pages.editions_page(lang)
        assert heading in text and deadline in text
        assert 'class="ku-round' in text and "data-phases=" in text  # the state on the reader's today (site.js)
        assert "(../notice.md)" in text and "(../changes.md)" in text


def test_a_draft_is_carried_to_a_new_edition_openly(tmp_path):
    """A 2025 draft taken to 2026 (a field gone, one renamed, a higher minimum): every change named, the new rules applied."""
    import json
    import shutil
    import subprocess
    import sys

    from conftest import ROOT, load

    package = tmp_path / "generator"
    shutil.copytree(ROOT / "generator", package, ignore=shutil.ignore_patterns("__pycache__"))
    new = package / "data" / "editions" / "2026"
    new.mkdir()
    edition = (ROOT / "generator" / "data" / "editions" / "2025" / "edition.toml").read_text(encoding="utf-8")
    edition = edition.replace("2025", "2026").replace("trainees_min = 30", "trainees_min = 40")
    (new / "edition.toml").write_text(edition, encoding="utf-8")
    (new / "forms.toml").write_text(
        'extends = 2025\nremoved = ["host_fax"]\n\n[[fields]]\nid = "venue"\nzh = "办班地点（市、县）"\n', encoding="utf-8"
    )
    draft = load("provincial-valid.json")
    draft["data"]["trainees"] = 35
    (tmp_path / "old.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "upgrade-edition", "old.json", "--to", "2026", "-o", "new.json", "--lang", "zh"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stdout + run.stderr  # the 2026 minimum is 40: an error now
    assert "已把2025年度的草稿转为2026年度" in run.stdout
    assert "venue  “办班地点” → “办班地点（市、县）”" in run.stdout
    assert f"host_fax  已删去：新表没有“承办单位信息”中的“传真”一栏，原值为“{draft['data']['host_fax']}”。" in run.stdout
    assert "不少于40人，现计划35人" in run.stdout
    moved = json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))
    assert moved["edition"] == 2026 and "host_fax" not in moved["data"] and moved["data"]["venue"] == draft["data"]["venue"]
    assert json.loads((tmp_path / "old.json").read_text(encoding="utf-8")) == draft  # the old file is kept as it was

    # the form page of 2026 opening the 2025 draft: the same carrying over, said in the page's message
    opened = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys; from generator.adapters import web; "
            "print(json.dumps(web.answer('open_file', ['old.json', open('old.json', 'rb').read(), 2026]), ensure_ascii=False))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    reply = json.loads(opened.stdout)["value"]
    assert reply["draft"]["edition"] == 2026 and "host_fax" not in reply["draft"]["data"]
    assert reply["carried"]["zh"].startswith("已打开“old.json”：这是2025年度的草稿，已按本页的2026年度通知转换")
    assert "“办班地点”现为“办班地点（市、县）”" in reply["carried"]["zh"]
    assert f"2026年度的表格没有“承办单位信息”中的“传真”一栏，原值“{draft['data']['host_fax']}”未填入" in reply["carried"]["zh"]
    assert "carried over to this page's 2026 notice" in reply["carried"]["en"]

    # a 附件3 is headed with one year: the desk and the command line say so when a batch mixes them
    summary = subprocess.run(
        [sys.executable, "-m", "generator", "summary", "old.json", "new.json", "--date", "2026-01-10", "--lang", "zh", "-o", "s.xlsx"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert summary.returncode == 1 and not (tmp_path / "s.xlsx").exists()
    assert (
        "batch.mixed_editions" in summary.stdout and "本批混有按不同年度通知填写的申报（2025：old.json；2026：new.json）" in summary.stdout
    )
