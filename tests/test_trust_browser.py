"""In a real Chromium: work with errors is never held back, the round's state follows the reader's today, 附件3
dated after a deadline is an error on the desk, every file that cannot be opened gets its own sentence, and a cell
that prints 是第＿批 takes the batch as typed."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from test_form_page import fill, open_form, wait_checked

from conftest import application, changed, load
from generator.core.words import COLLECT_UI
from generator.io import xlsx
from generator.site import pages


def _findings(page) -> list[str]:
    return page.locator("#ku-summary-list li").evaluate_all("items => items.map(i => i.dataset.rule)")


def test_a_download_with_errors_asks_once_then_arrives_and_the_findings_stay(page, base_url):
    open_form(page, base_url)
    fill(page, changed(load("provincial-valid.json"), trainees=25))
    wait_checked(page)
    button = page.locator("#ku-download-provincial")
    assert button.is_enabled() and "1 个错误" in page.locator("#ku-blocked").inner_text()

    asked: list[str] = []
    downloads: list[object] = []
    page.on("download", lambda download: downloads.append(download))
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    button.click()
    page.wait_for_timeout(500)
    assert len(asked) == 1 and "1 个错误" in asked[0]
    assert downloads == []  # declined: nothing downloaded

    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    with page.expect_download() as info:
        button.click()
    assert len(downloads) == 1
    sheet = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    assert sheet["B5"].value == "海洋装备绿色低碳技术高级研修班（示例）"
    assert "trainees.minimum" in _findings(page)  # the errors are still listed
    assert "还有 1 个错误" in page.locator("#ku-message").inner_text()

    with page.expect_download():  # the same errors: not asked again
        page.locator("#ku-download-provincial-docx").click()
    assert len(asked) == 2


def test_printing_a_draft_with_gaps_is_possible(page, base_url):
    open_form(page, base_url)
    page.get_by_label("项目名称").fill("只填了名称的研修班（示例）")
    wait_checked(page)
    page.evaluate("window.print = () => {}")
    page.locator("#ku-print-button").click()
    page.wait_for_selector("#ku-print .ku-form", state="attached")
    assert "只填了名称的研修班（示例）" in page.locator("#ku-print").text_content()


ROUND = [
    (dt.datetime(2025, 1, 14, 10), "open", "2025年度申报正在进行：国家级截止2025年1月16日、省级截止2025年2月20日。"),
    (dt.datetime(2025, 1, 16, 23), "open", "国家级截止2025年1月16日"),
    (dt.datetime(2025, 1, 17, 8), "partly", "2025年度国家级申报已于2025年1月16日截止；省级申报截止2025年2月20日。"),
    (dt.datetime(2025, 2, 21, 8), "closed", "2025年度申报已于2025年2月20日截止，本站内容供参考和提前准备"),
    (dt.datetime(2026, 11, 30, 12), "closed", "2025年度申报已于2025年2月20日截止"),
]


@pytest.mark.clock
@pytest.mark.parametrize(("now", "phase", "words"), ROUND, ids=[r[0].date().isoformat() for r in ROUND])
@pytest.mark.parametrize("path", ["zh/", "zh/form/", "zh/collect/"])
def test_the_state_of_the_round_follows_the_readers_today(page, base_url, now, phase, words, path):
    page.clock.set_fixed_time(now)
    page.goto(f"{base_url}{path}")
    banner = page.locator(".ku-round").first
    page.wait_for_function(f"document.querySelector('.ku-round').dataset.phase === '{phase}'")
    assert words in banner.inner_text()
    box = banner.bounding_box()
    assert box and box["y"] < 400  # at the top of the page, not below the fold


@pytest.mark.clock
def test_the_english_pages_say_the_round_has_closed(page, base_url):
    page.clock.set_fixed_time(dt.datetime(2026, 11, 30, 12))
    page.goto(f"{base_url}en/")
    page.wait_for_function("document.querySelector('.ku-round').dataset.phase === 'closed'")
    assert "The 2025 round closed on 20 February 2025" in page.locator(".ku-round").inner_text()


def _desk(page, base_url):
    page.goto(f"{base_url}zh/collect/")
    page.wait_for_function("document.body.dataset.python !== 'loading'", timeout=90_000)
    assert page.evaluate("document.body.dataset.python") == "ready"


@pytest.mark.clock
def test_the_desk_dates_nothing_past_the_deadline_and_flags_a_late_date(page, base_url, tmp_path):
    page.clock.set_fixed_time(dt.datetime(2026, 11, 30, 12))
    _desk(page, base_url)
    assert page.locator("#ku-date").input_value() == ""  # the round has closed: no silent date past it
    paths = []
    for name, example in (("national.json", "national-valid.json"), ("provincial.json", "provincial-valid.json")):
        paths.append(tmp_path / name)
        paths[-1].write_text(json.dumps(load(example), ensure_ascii=False), encoding="utf-8")
    page.locator("#ku-files").set_input_files([str(p) for p in paths])
    page.wait_for_function("document.body.dataset.batchRows == '2'", timeout=120_000)
    assert "batch.deadline" not in page.locator("#ku-batch-list").inner_html()

    page.locator("#ku-date").fill("20250215")  # typed as people write dates, then on to the next field
    page.locator("#ku-date").press("Tab")
    assert page.locator("#ku-date").input_value() == "20250215"  # kept as typed, read as 2025-02-15
    assert page.locator("#ku-date-error").is_hidden()
    page.wait_for_function("document.getElementById('ku-batch-list').innerHTML.includes('batch.deadline')", timeout=30_000)
    finding = page.locator("#ku-batch-list li[data-rule='batch.deadline']")
    assert finding.count() == 1  # national rows only: the provincial deadline is 2025-02-20
    assert "晚于国家级申报的截止日期2025年1月16日" in finding.inner_text()
    assert finding.locator("a.ku-clause").get_attribute("href").endswith("/notice/#s3-3")
    assert int(page.evaluate("document.body.dataset.batchErrors")) >= 1


@pytest.mark.clock
def test_a_desk_date_it_cannot_read_is_kept_as_typed_and_said(page, base_url):
    page.clock.set_fixed_time(dt.datetime(2026, 11, 30, 12))
    _desk(page, base_url)
    assert page.locator("#ku-date-format").inner_text() == pages.date_hint("zh")  # the edition's notice date as example
    page.locator("#ku-date").fill("二月十五")
    page.locator("#ku-date").press("Tab")
    assert page.locator("#ku-date").input_value() == "二月十五"
    assert page.locator("#ku-date-error").inner_text() == COLLECT_UI["zh"]["date_unreadable"].format(typed="二月十五")
    page.reload()
    _desk(page, base_url)
    assert page.locator("#ku-date").input_value() == "二月十五"  # nothing typed is lost
    assert page.locator("#ku-date-error").is_visible()


def _unreadable_files(tmp_path):
    """(file name, bytes, the sentence that must explain it)."""
    nat = application(load("national-valid.json"))
    return [
        ("空文件.json", b"", "文件是空的"),
        ("空表.xlsx", b"", "文件是空的"),
        (
            "附件3.xlsx",
            xlsx.write_summary([nat.summary_row()], unit="示例主管部门（虚构）", date=dt.date(2025, 1, 10)),
            "这是附件3汇总表",
        ),
        ("旧表.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "“另存为” .docx"),
        ("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "“另存为” .xlsx"),
        ("扫描件.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "这是 PDF 文件"),
        ("半截.json", b'{"format": "knowledge-update-application", "form": ', "不是本工具保存的 JSON 草稿"),
    ]


def test_every_file_that_cannot_be_opened_on_the_form_page_says_what_it_is(page, base_url, tmp_path):
    open_form(page, base_url)
    page.get_by_label("项目名称").fill("我已经填写的内容")
    for name, data, sentence in _unreadable_files(tmp_path):
        path = tmp_path / name
        path.write_bytes(data)
        page.evaluate("document.getElementById('ku-message').hidden = true")
        page.locator("#ku-open").set_input_files(str(path))
        message = page.locator("#ku-message")
        message.wait_for(state="visible")
        text = message.inner_text()
        assert sentence in text, (name, text)
        assert text.count("无法打开") == 1 and "Expecting" not in text and "草稿应是一个 JSON 对象" not in text, (name, text)
        assert page.locator("#f-project_name").input_value() == "我已经填写的内容"


def test_every_file_that_cannot_be_read_on_the_desk_says_what_it_is(page, base_url, tmp_path):
    _desk(page, base_url)
    cases = [c for c in _unreadable_files(tmp_path) if c[0] != "附件3.xlsx"]  # the desk reads 附件3: it extends it
    for name, data, _ in cases:
        (tmp_path / name).write_bytes(data)
    page.locator("#ku-files").set_input_files([str(tmp_path / name) for name, _, _ in cases])
    page.wait_for_function(f"document.body.dataset.batchRows == '{len(cases)}'", timeout=120_000)
    rows = page.locator("#ku-rows tr.is-unreadable").all_inner_texts()
    assert len(rows) == len(cases)
    for (name, _, sentence), row in zip(cases, rows):
        assert name in row and sentence in row, (name, row)
        assert "Expecting" not in row


@pytest.mark.parametrize("typed", ["3", "第3批", "第三批", "是第3批国家级继续教育基地", "３"])
def test_a_cell_that_prints_its_own_words_takes_the_batch_as_typed(page, base_url, typed):
    open_form(page, base_url)
    fill(page, changed(load("national-valid.json"), base="national", base_batch=typed))
    wait_checked(page)
    expected = "是第三批国家级继续教育基地" if "三" in typed else "是第3批国家级继续教育基地"
    note = page.locator("#f-base_batch-printed")
    note.wait_for(state="visible")
    assert note.inner_text().endswith(expected)
    assert not {"base.batch", "base.batch_format"} & set(_findings(page))
    with page.expect_download() as info:
        page.locator("#ku-download-national").click()
    cells = [c.value for row in load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active.iter_rows() for c in row]
    assert any(isinstance(v, str) and f"☑{expected}" in v for v in cells)
    assert not any(isinstance(v, str) and ("第第" in v or "批批" in v) for v in cells)
