"""The workbooks open in LibreOffice, as an office user's Excel or WPS would, and print on A4."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import application, changed, load
from generator.io import xlsx


@pytest.fixture(autouse=True)
def _office_installed():
    assert shutil.which("soffice") and shutil.which("pdftotext"), (
        "LibreOffice and poppler-utils come with `make test` (scripts/system-deps.sh)"
    )


def to_pdf(tmp_path, name: str, data: bytes, lines: bool = False) -> tuple[str, str]:
    """Convert with LibreOffice; return the PDF's text (no whitespace; or, with `lines`, as laid out) and its page size."""
    source = tmp_path / name
    source.write_bytes(data)
    profile = tmp_path / "profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = source.with_suffix(".pdf")
    assert pdf.exists(), "LibreOffice did not convert the workbook"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    if lines:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return (text if lines else re.sub(r"\s+", "", text)), re.search(r"Page size:.*", info)[0]


@pytest.mark.parametrize("name", ["national-valid.json", "provincial-valid.json"])
def test_application_opens_in_libreoffice_on_a4_with_its_content(tmp_path, name):
    draft = load(name)
    app = application(draft)
    text, size = to_pdf(tmp_path, "form.xlsx", xlsx.write_application(app))
    width, height = map(float, re.findall(r"[\d.]+", size)[:2])
    assert "(A4)" in size and width < height  # A4 portrait
    assert app.edition.attachments[app.form.id]["heading"] in text
    for key in ("project_name", "host_name", "host_phone", "host_mobile", "host_contact"):
        assert re.sub(r"\s+", "", draft["data"][key]) in text, key
    assert "☑" in text and "☐" in text


def test_summary_opens_in_libreoffice_with_every_row(tmp_path):
    rows = [application(load(name)).summary_row() for name in ("national-valid.json", "provincial-valid.json")]
    text, size = to_pdf(tmp_path, "summary.xlsx", xlsx.write_summary(rows, unit="示例单位"))
    assert "汇总表" in text and "示例单位" in text
    assert "王示例" in text and "陈样本" in text


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_no_phone_number_of_附件3_is_broken_across_lines(tmp_path, suffix):
    """A clerk copies numbers from the printed 附件3: each stays whole on its line, in Excel and in Word."""
    from generator.io import docx

    numbers = ["0591-22866001", "13805012345", "0592-5678901-8001"]
    draft = changed(load("national-valid.json"), host_phone=f"{numbers[0]}、{numbers[2]}", host_mobile=numbers[1])
    rows = [application(draft).summary_row()] * 3
    writer = docx if suffix == "docx" else xlsx
    text, _ = to_pdf(tmp_path, f"summary.{suffix}", writer.write_summary(rows, unit="示例单位（虚构）"), lines=True)
    for number in numbers:
        assert text.count(number) == 3, (number, text)
