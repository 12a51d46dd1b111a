"""In Chromium: the desk takes a folder of forms as institutions send them (filled by hand in Word and Excel, written by
this tool, a draft, an earlier 附件3, an old .doc) and builds 附件3; the form page opens a hand-filled Word form."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from handmade import NATIONAL, PROVINCIAL, convert, moved, official, openpyxl_national, openpyxl_summary
from openpyxl import load_workbook

from conftest import load
from generator.core import drafts
from generator.io import xlsx

pytestmark = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is needed: make system")

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    pages = {"national": official("national")[0], "provincial": official("provincial")[0], "moved": moved()[0]}
    return convert(tmp_path_factory.mktemp("handmade"), pages)


def _ready(page, url):
    page.goto(url)
    page.wait_for_function("document.body.dataset.python !== 'loading'", timeout=90_000)
    assert page.evaluate("document.body.dataset.python") == "ready"


def test_the_desk_builds_attachment_3_from_a_folder_of_mixed_files(page, base_url, made, tmp_path):
    folder = tmp_path / "各单位报送"
    folder.mkdir()
    provincial = load("provincial-valid.json")
    files = {
        "甲-附件1-手填.docx": made["national.docx"],
        "乙-附件2-手填.xlsx": made["moved.xlsx"],
        "丙-附件1-自制.xlsx": openpyxl_national()[0],
        "丁-附件2-本工具.xlsx": xlsx.write_application(drafts.application(provincial)),
        "戊-草稿.json": json.dumps(load("national-valid.json"), ensure_ascii=False).encode(),
        "己-上次的附件3.xlsx": openpyxl_summary()[0],
        "庚-旧版.doc": OLE,
        "说明.txt": "不是申报表".encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    _ready(page, f"{base_url}zh/collect/")
    page.locator("#ku-folder").set_input_files(str(folder))
    page.wait_for_function("document.body.dataset.batchRows == '8'", timeout=120_000)  # 附件3's two rows, one old .doc

    failure = page.locator("#ku-rows tr.is-unreadable").inner_text()
    assert "庚-旧版.doc" in failure and "“另存为” .docx" in failure
    hand = page.locator("#ku-rows tr", has_text="甲-附件1-手填.docx")
    hand.locator("summary").click()
    notes = hand.locator("li.ku-finding--note").all_inner_texts()
    assert notes[0].startswith("读取") and "附件1 国家级高级研修项目申报表" in notes[0]
    assert any("“项目名称”：读自表1第1行第2格。" in n for n in notes)

    with page.expect_download() as info:
        page.locator("#ku-download").click()
    ws = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    titles = [ws.cell(r, 2).value for r in range(6, ws.max_row + 1) if ws.cell(r, 2).value]
    assert sorted(titles) == sorted(
        [
            NATIONAL["project_name"],
            NATIONAL["project_name"],
            load("national-valid.json")["data"]["project_name"],
            PROVINCIAL["project_name"],
            provincial["data"]["project_name"],
            "海上风电运维高级研修班（示例）",
            "茶产业数字化高级研修班（示例）",
        ]
    )


def test_the_form_page_opens_a_form_filled_in_word_and_says_what_it_read(page, base_url, made, tmp_path):
    path = tmp_path / "附件2-手填.docx"
    path.write_bytes(made["provincial.docx"])
    _ready(page, f"{base_url}zh/form/")
    assert ".docx" in page.locator("#ku-open").get_attribute("accept")
    page.locator("#ku-open").set_input_files(str(path))
    message = page.locator("#ku-message")
    message.wait_for(state="visible")
    assert message.inner_text().startswith("已按栏目名称读取“附件2-手填.docx”（附件2 省级高级研修项目申报表）：读出")
    assert page.locator("#f-project_name").input_value() == PROVINCIAL["project_name"]
    assert page.locator("#f-host_mobile").input_value() == PROVINCIAL["host_mobile"]
