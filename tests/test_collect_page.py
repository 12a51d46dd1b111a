"""The collecting desk in a real Chromium: many files in, each checked in the worker, 附件3 out — and the
command line gives the same table and exit codes for the same batch."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook

from conftest import ROOT, changed, load


def open_desk(page, base_url, lang="zh"):
    page.goto(f"{base_url}{lang}/collect/")
    page.wait_for_function("document.body.dataset.python !== 'loading'", timeout=90_000)
    assert page.evaluate("document.body.dataset.python") == "ready"


def wait_rows(page, n):
    page.wait_for_function(f"document.body.dataset.batchRows == '{n}'", timeout=120_000)


@pytest.fixture
def batch_files(tmp_path):
    """Three valid applications (two national, one provincial) and one damaged file."""
    nat = load("national-valid.json")
    files = {
        "甲-national.json": nat,
        "乙-provincial.json": load("provincial-valid.json"),
        "丙-national.json": changed(
            nat, project_name="工业互联网安全高级研修班（示例）", host_name="示例工业大学（虚构单位）", host_contact="李示例"
        ),
    }
    paths = []
    for name, draft in files.items():
        path = tmp_path / name
        path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    damaged = tmp_path / "损坏的申报表.xlsx"
    damaged.write_bytes(b"PK\x03\x04 this is not a workbook")
    return paths + [damaged]


def read_rows(path):
    ws = load_workbook(io.BytesIO(open(path, "rb").read())).active
    return [[c.value for c in row] for row in ws.iter_rows(min_row=6) if any(c.value for c in row)]


def test_three_applications_and_a_damaged_file_give_three_rows_and_one_failure(page, base_url, batch_files, tmp_path):
    open_desk(page, base_url)
    page.fill("#ku-unit", "示例市人力资源和社会保障局（虚构）")
    page.locator("#ku-files").set_input_files([str(p) for p in batch_files])
    wait_rows(page, 4)
    rows = page.locator("#ku-rows tr")
    kinds = rows.evaluate_all("rows => rows.map(r => r.dataset.kind)")
    assert kinds == ["application", "application", "application", "unreadable"]  # national first, then provincial
    failure = page.locator("#ku-rows tr.is-unreadable").inner_text()
    assert "损坏的申报表.xlsx" in failure and "不是 .xlsx 格式" in failure
    assert rows.nth(0).locator("td").nth(0).inner_text() == "1"
    with page.expect_download() as info:
        page.locator("#ku-download").click()
    assert (
        info.value.suggested_filename
        == "附件3-福建省专业技术人才知识更新工程2025年高级研修项目汇总表-示例市人力资源和社会保障局（虚构）.xlsx"
    )
    browser_rows = read_rows(info.value.path())
    assert [r[0] for r in browser_rows] == [1, 2, 3]
    assert [r[1] for r in browser_rows] == [
        "人工智能赋能智能制造高级研修班（示例）",
        "工业互联网安全高级研修班（示例）",
        "海洋装备绿色低碳技术高级研修班（示例）",
    ]
    assert browser_rows[1][3] == "李示例" and browser_rows[2][5] == "海洋装备"
    ws = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    assert ws["A3"].value == "主管部门或申报单位（盖章）：示例市人力资源和社会保障局（虚构）"

    # The command line, on the same files, gives the same table and says a file was unreadable.
    out = tmp_path / "cli.xlsx"
    command = [
        sys.executable,
        "-m",
        "generator",
        "summary",
        *map(str, batch_files),
        "-o",
        str(out),
        "--unit",
        "示例市人力资源和社会保障局（虚构）",
    ]
    refused = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode == 2 and not out.exists()
    forced = subprocess.run(command + ["--force"], cwd=ROOT, capture_output=True, text=True)
    assert forced.returncode == 2
    assert read_rows(out) == browser_rows

    # The same table as a Word document.
    with page.expect_download() as info:
        page.locator("#ku-download-docx").click()
    assert info.value.suggested_filename.endswith("示例市人力资源和社会保障局（虚构）.docx")
    document = zipfile.ZipFile(info.value.path()).read("word/document.xml").decode()
    assert all(title in document for title in (r[1] for r in browser_rows))


def test_a_duplicate_is_flagged_and_a_reload_keeps_the_batch(page, base_url, batch_files):
    open_desk(page, base_url)
    page.locator("#ku-files").set_input_files([str(batch_files[0]), str(batch_files[1])])
    wait_rows(page, 2)
    page.locator("#ku-files").set_input_files([str(batch_files[0])])
    wait_rows(page, 3)
    batch_rules = page.locator("#ku-batch-list li").evaluate_all("items => items.map(i => i.dataset.rule)")
    assert "batch.duplicate" in batch_rules
    assert "甲-national.json" in page.locator("#ku-batch-list li[data-rule='batch.duplicate']").inner_text()
    page.fill("#ku-unit", "示例单位（虚构）")
    page.reload()
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    wait_rows(page, 3)
    assert page.locator("#ku-unit").input_value() == "示例单位（虚构）"
    assert "batch.duplicate" in page.locator("#ku-batch-list li").evaluate_all("items => items.map(i => i.dataset.rule)")


def test_a_whole_folder_is_chosen_and_only_its_applications_are_read(page, base_url, batch_files, tmp_path):
    """The folder button picks a folder (webkitdirectory, set by the page's script): its forms and drafts, subfolders
    included, are read; other files in it are left alone."""
    folder = tmp_path / "申报材料"
    (folder / "旧").mkdir(parents=True)
    for path in batch_files[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "旧" / batch_files[2].name).write_bytes(batch_files[2].read_bytes())
    (folder / "说明.txt").write_text("不是申报表", encoding="utf-8")
    open_desk(page, base_url)
    assert page.locator("#ku-folder").evaluate("input => input.webkitdirectory")
    page.locator("#ku-folder").set_input_files(str(folder))
    wait_rows(page, 3)
    assert not page.locator("#ku-rows tr.is-unreadable").count()
    assert "说明.txt" not in page.locator("#ku-rows").inner_text()


def test_rows_can_be_ordered_by_hand(page, base_url, batch_files):
    open_desk(page, base_url)
    page.locator("#ku-files").set_input_files([str(p) for p in batch_files[:3]])
    wait_rows(page, 3)
    first = page.locator("#ku-rows tr").nth(0).locator("td").nth(1).inner_text()
    page.locator("#ku-rows tr").nth(0).get_by_role("button", name="下移").click()
    page.wait_for_function(f"document.querySelector('#ku-rows tr:nth-child(2) td:nth-child(2)').textContent === {json.dumps(first)}")
    assert page.locator("#ku-order-hand").is_checked()


def test_two_hundred_applications_are_checked_in_the_worker_without_freezing_the_page(page, base_url, tmp_path):
    nat = load("national-valid.json")
    paths = []
    for i in range(200):
        path = tmp_path / f"application-{i:03d}.json"
        path.write_text(
            json.dumps(changed(nat, project_name=f"示例研修班第{i}期", host_name=f"示例单位{i}（虚构）"), ensure_ascii=False),
            encoding="utf-8",
        )
        paths.append(str(path))
    open_desk(page, base_url)
    page.evaluate("""() => {
      window.longTasks = [];
      new PerformanceObserver(list => list.getEntries().forEach(e => window.longTasks.push(e.duration))).observe({type: 'longtask'});
    }""")
    page.locator("#ku-files").set_input_files(paths)
    wait_rows(page, 200)
    assert page.locator("#ku-rows tr").count() == 200
    # The reading and checking ran in the worker: the page never stopped for as long as that work took.
    longest = max(page.evaluate("window.longTasks") or [0])
    assert longest < int(page.evaluate("document.body.dataset.addMs")), longest


def test_the_english_desk_works_the_same(page, base_url, batch_files):
    open_desk(page, base_url, "en")
    page.locator("#ku-files").set_input_files([str(p) for p in batch_files])
    wait_rows(page, 4)
    assert "Unreadable" in page.locator("#ku-rows tr.is-unreadable").inner_text()
    assert "not an .xlsx workbook" in page.locator("#ku-rows tr.is-unreadable").inner_text()
    assert page.locator("#ku-counts").inner_text().startswith("3 applications")


# Where each cell's text is, in the page as drawn: its box, its rendered lines and its width in ems.
CELL_LAYOUT = """() => {
  const contents = (el) => { const range = document.createRange(); range.selectNodeContents(el); return range; };
  const lines = (el) => new Set([...contents(el).getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  return {
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    rows: [...document.querySelectorAll("#ku-rows tr")].map((tr) => [...tr.cells].map((td) => {
      const box = contents(td).getBoundingClientRect();
      return {
        text: td.innerText.trim(),
        chars: td.innerText.trim().replace(/\\s+/g, "").length,
        lines: lines(td),
        ems: td.clientWidth / parseFloat(getComputedStyle(td).fontSize),
        box: [box.left, box.top, box.right, box.bottom],
      };
    })),
  };
}"""


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)])
def test_the_batch_reads_on_a_desktop_and_on_a_phone(page, base_url, batch_files, size):
    """Titles are never one character a line, neighbouring values never run together (「附件1」 beside 「0」
    read 「附件10」), and only the table itself may scroll sideways."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_desk(page, base_url)
    page.locator("#ku-files").set_input_files([str(p) for p in batch_files])
    wait_rows(page, 4)
    drawn = page.evaluate(CELL_LAYOUT)
    assert drawn["scroll"] <= drawn["width"], "the page scrolls sideways"
    for row in drawn["rows"]:
        for cell in row:
            if cell["chars"] >= 4:
                assert cell["chars"] / cell["lines"] >= 3, (size, cell)  # never a character or two a line
        for a, b in zip(row, row[1:]):  # side by side, or one above the other: a visible gap between
            gap = max(b["box"][0] - a["box"][2], a["box"][0] - b["box"][2], b["box"][1] - a["box"][3], a["box"][1] - b["box"][3])
            assert gap >= 4, (size, a["text"], b["text"], gap)
    for row in drawn["rows"][:3]:  # the applications: their titles and hosts at least six characters wide
        assert row[1]["ems"] >= 6 and row[2]["ems"] >= 6, (size, row[1], row[2])
        assert row[1]["lines"] <= 3, (size, row[1])


def test_a_batch_with_errors_is_confirmed_once_per_state_and_its_record_keeps_the_batch_findings(page, base_url, batch_files):
    """The clerk confirms a batch with errors once, not again for its Word copy; a change to the batch asks anew.
    With 审核记录 ticked, the Excel sheet and the Word pages both keep the batch's own findings (填表日期 after the
    national deadline, both levels in one batch) beside every file's."""
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    open_desk(page, base_url)
    page.fill("#ku-date", "2025-02-18")  # after the national deadline: an error of the batch
    page.locator("#ku-date").dispatch_event("change")
    page.locator("#ku-review").check()
    page.locator("#ku-files").set_input_files([str(p) for p in batch_files[:3]])
    wait_rows(page, 3)
    page.wait_for_function("document.querySelector('#ku-batch-list li[data-rule=\"batch.deadline\"]')")
    downloads = {}
    for button in ("#ku-download", "#ku-download-docx"):
        with page.expect_download() as info:
            page.locator(button).click()
        downloads[button] = info.value.path()
    assert len(asked) == 1 and "错误" in asked[0]

    sheet = load_workbook(io.BytesIO(downloads["#ku-download"].read_bytes()))["审核记录"]
    own = {row[3]: row for row in ([c.value for c in r] for r in sheet.iter_rows(min_row=2)) if row[1] == "本批（全部文件）"}
    assert own["batch.deadline"][2] == "错误" and "2025年2月18日" in own["batch.deadline"][5]
    assert "batch.mixed_levels" in own
    document = zipfile.ZipFile(downloads["#ku-download-docx"]).read("word/document.xml").decode()
    assert "审核记录" in document and "本批（全部文件）" in document and "batch.deadline" in document
    assert all(path.name in document for path in batch_files[:3])

    page.fill("#ku-unit", "示例市人力资源和社会保障局（虚构）")  # the batch changed: asked again, once
    page.locator("#ku-unit").dispatch_event("change")
    for button in ("#ku-download-docx", "#ku-download"):
        with page.expect_download():
            page.locator(button).click()
    assert len(asked) == 2


@pytest.mark.parametrize(("typed", "line"), [("2025年7月1", "#ku-date-read"), ("2025年7月x", "#ku-date-error")])
def test_the_click_that_ends_typing_a_date_reaches_the_review_box(page, base_url, typed, line):
    """The line under 填表日期 (the date it was read as, or that it cannot be read) is there as the date is typed: it
    appeared only when the field was left, moving the 审核记录 box away under the click that left it."""
    open_desk(page, base_url)
    page.locator("#ku-date").fill("")
    page.locator("#ku-date").click()
    page.keyboard.type(typed)
    page.locator("#ku-review").click()
    assert page.locator("#ku-review").is_checked()
    assert page.locator(line).is_visible()


def test_the_review_record_names_a_topic_by_its_words_not_an_id(page, base_url, tmp_path):
    """A topic ticked without its explanation: 审核记录's 栏目 says 突出数字技术, as the form prints it, in Excel and
    Word alike (it said “topics.digital”, an id no clerk knows)."""
    nat = load("national-valid.json")
    draft = changed(nat, topics={**nat["data"]["topics"], "digital": {"ticked": True, "text": ""}})
    path = tmp_path / "甲-national.json"
    path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    open_desk(page, base_url)
    page.locator("#ku-review").check()
    page.locator("#ku-files").set_input_files([str(path)])
    wait_rows(page, 1)
    downloads = {}
    for button in ("#ku-download", "#ku-download-docx"):
        with page.expect_download() as info:
            page.locator(button).click()
        downloads[button] = info.value.path()
    sheet = load_workbook(io.BytesIO(downloads["#ku-download"].read_bytes()))["审核记录"]
    rows = {row[3]: row for row in ([c.value for c in r] for r in sheet.iter_rows(min_row=2))}
    assert rows["topics.unexplained"][4] == "突出数字技术"
    document = zipfile.ZipFile(downloads["#ku-download-docx"]).read("word/document.xml").decode()
    assert "突出数字技术" in document and "topics.digital" not in document
