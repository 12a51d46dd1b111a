"""The Word files: valid packages that LibreOffice opens, laid out like the official forms, values as plain text."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from xml.dom import minidom

import pytest

from conftest import EXAMPLES, ROOT, application, changed, load
from generator.core import forms
from generator.io import docx, layout


def pdf_text(tmp_path, name: str, data: bytes) -> str:
    """Open the document in LibreOffice Writer, export to PDF, and return its text without whitespace."""
    source = tmp_path / name
    source.write_bytes(data)
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = source.with_suffix(".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stderr
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout)


def test_every_part_is_well_formed_xml_and_the_package_is_complete(national):
    data = docx.write_application(application(national))
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        names = set(archive.namelist())
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} <= names
        for name in names:
            minidom.parseString(archive.read(name))  # raises on malformed XML


def test_same_application_gives_the_same_bytes(national):
    assert docx.write_application(application(national)) == docx.write_application(application(national))


def near(text: str, wanted: str, start: int = 0) -> int:
    """Where `wanted` ends in `text` read as a PDF gives it: its characters in order, allowing text of a
    neighbouring cell between the lines of a wrapped cell (but not much of it). -1 when not there."""
    wanted = re.sub(r"\s+", "", wanted)
    for begin in (i for i in range(start, len(text)) if text[i] == wanted[0]):
        at, found = begin, True
        for char in wanted[1:]:
            at = text.find(char, at + 1)
            if at < 0 or at - begin > 2 * len(wanted) + 40:
                found = False
                break
        if found:
            return at
    return -1


@pytest.mark.parametrize("name", ["national-valid.json", "provincial-valid.json"])
def test_libreoffice_opens_it_with_every_label_and_value_in_order(tmp_path, name):
    draft = load(name)
    app = application(draft)
    text = pdf_text(tmp_path, "form.docx", docx.write_application(app))
    assert app.edition.attachments[app.form.id]["heading"] in text
    position = 0
    for piece_row in layout.layout(app.form).rows:
        block = piece_row.block.zh if piece_row.block else None
        labels = ([block] if block else []) + [p.label.zh for p in piece_row.pieces if p.field is None]
        for label in labels:
            found = near(text, label, position) if label != block else near(text, label)
            assert found >= 0, label
        first = labels[-1] if piece_row.block and len(labels) > 1 else labels[0]
        here = near(text, first, position)
        assert here >= 0, f"{first} out of order"
        position = here - len(first) - 20  # the next row starts after this one (allowing for interleaved lines)
    for line in layout.heading_lines(app):
        assert near(text, line) >= 0, line
    for row in layout.layout(app.form).rows:
        for piece in row.pieces:
            if piece.field:
                # a line with several boxes may wrap between them: each box is looked for on its own
                for line in filter(str.strip, re.split(r"\n|\u3000+", layout.cell_text(app.form, app, piece))):
                    assert near(text, line) >= 0, (piece.field, line)
    assert "☑" in text and "☐" in text
    if app.form.id == "provincial":
        assert "（盖章）年月日" in text


def test_hostile_values_come_out_as_plain_text(tmp_path, national):
    hostile = {
        "project_name": "<w:t>注入</w:t>&amp;</w:p>",
        "venue": '=HYPERLINK("http://x")',
        "purpose": "第一行\x01\x07第二行\u202e",
        "experts": "]]><!-- -->'\"",
    }
    data = docx.write_application(application(changed(national, **hostile)))
    text = pdf_text(tmp_path, "hostile.docx", data)
    assert "<w:t>注入</w:t>&amp;</w:p>" in text
    assert '=HYPERLINK("http://x")' in text
    assert "第一行" in text and "第二行" in text
    assert "]]><!---->'\"" in text


def test_summary_lists_every_row_with_its_number_and_repeats_its_header(tmp_path):
    rows = [application(changed(load("national-valid.json"), project_name=f"示例研修班第{i}期")).summary_row() for i in range(1, 41)]
    data = docx.write_summary(rows, unit="示例单位（虚构）")
    document = zipfile.ZipFile(__import__("io").BytesIO(data)).read("word/document.xml").decode()
    assert document.count("<w:tblHeader/>") == 1
    text = pdf_text(tmp_path, "summary.docx", data)
    assert "示例单位（虚构）" in text
    assert all(f"示例研修班第{i}期" in text for i in range(1, 41))
    assert text.count("所属专业技术领域") >= 2  # the header again on the second page
    assert [c.name.zh for c in forms.summary_columns()][0] in text


def test_cli_writes_word_by_flag_or_by_the_output_name(tmp_path):
    run = lambda *args: subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=ROOT, capture_output=True, text=True)  # noqa: E731
    assert run("export", EXAMPLES / "national-valid.json", "-o", tmp_path / "a.docx").returncode == 0
    assert zipfile.is_zipfile(tmp_path / "a.docx") and "word/document.xml" in zipfile.ZipFile(tmp_path / "a.docx").namelist()
    assert run("export", EXAMPLES / "national-valid.json", "-o", tmp_path, "--format", "docx").returncode == 0
    assert (tmp_path / "附件1-专业技术人才知识更新工程2025年高级研修项目申报表-人工智能赋能智能制造高级研修班（示例）.docx").exists()
    assert run("summary", EXAMPLES / "national-valid.json", EXAMPLES / "provincial-valid.json", "-o", tmp_path / "s.docx").returncode == 0
    assert "word/document.xml" in zipfile.ZipFile(tmp_path / "s.docx").namelist()


@pytest.mark.parametrize("name", ["national-valid.json", "provincial-valid.json"])
def test_no_row_of_the_forms_splits_across_pages(name):
    """授课专家情况 and every other row stay whole on one page when printed (w:cantSplit on each row)."""
    document = zipfile.ZipFile(io.BytesIO(docx.write_application(application(load(name))))).read("word/document.xml").decode()
    rows = re.findall(r"<w:tr>.*?</w:tr>", document, re.S)
    assert rows and all("<w:cantSplit/>" in row for row in rows)


def test_the_word_summary_carries_the_review_record_with_the_batchs_own_findings(tmp_path):
    """With 审核记录 asked for, Word's 附件3 has it after the table on a page of its own: the batch's findings under
    本批 (填表日期 after the national deadline, both levels), then each file's, the same rows as the Excel sheet."""
    from openpyxl import load_workbook

    from generator.core import batch
    from generator.io import inputs, xlsx

    paths = [str(EXAMPLES / "national-valid.json"), str(EXAMPLES / "invalid" / "trainees.minimum--provincial-course-for-25-trainees.json")]
    result = batch.check(inputs.read_paths(paths), __import__("datetime").date(2025, 2, 18))
    data = docx.write_summary(result.rows(), unit="示例单位（虚构）", review=result)
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert document.count("<w:tbl>") == 2 and "<w:pageBreakBefore/>" in document
    review = document.split("<w:pageBreakBefore/>")[1]
    cells = [re.sub(r"\s*<[^>]+>\s*", "", cell) for cell in re.findall(r"<w:tc>.*?</w:tc>", review, re.S)]
    sheet = load_workbook(io.BytesIO(xlsx.write_summary(result.rows(), review=result)))["审核记录"]
    excel = [str(c.value or "") for row in sheet.iter_rows() for c in row]
    assert cells == [c.replace("\n", "") for c in excel]
    assert "本批（全部文件）" in cells and "batch.deadline" in cells and "batch.mixed_levels" in cells and "trainees.minimum" in cells
    text = pdf_text(tmp_path, "summary.docx", data)
    assert "审核记录" in text and "本批（全部文件）" in text and "2025年2月18日" in text


def test_without_the_review_record_the_word_summary_has_one_table():
    data = docx.write_summary([application(load("national-valid.json")).summary_row()])
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert document.count("<w:tbl>") == 1 and "审核记录" not in document
