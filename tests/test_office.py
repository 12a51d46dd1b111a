"""Every output opens in LibreOffice, as an office user's Excel, WPS or Word would, prints on A4 and reads on
paper: 附件1 and 附件2 (Excel and Word), 附件3 (Excel and Word) and the summary workbook with its review sheet are
converted in one LibreOffice call, drawn as pictures, and their positioned text is read back."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import application, changed, load
from generator.core import batch, forms
from generator.core.words import WORDS
from generator.io import docx, inputs, layout, xlsx

# Numbers a clerk copies from the paper: each must stay whole on its line.
PHONES = ["0591-22866001", "13805012345", "0592-5678901-8001"]
UNIT = "示例市人力资源和社会保障局（虚构）"
FILLED_ON = dt.date(2025, 2, 18)  # 附件3's 填表日期: after the national deadline, an error of the batch on record
# The dates on the paper (办班时间 of both examples, 申报时间 of 附件2, 填表日期): each stays whole on its line.
DATES = {
    "附件1": ["2025年7月14日", "2025年7月19日"],
    "附件2": ["2025年9月16日", "2025年9月19日", "2025年2月10日"],
    "附件3": ["2025年2月18日"],
    "汇总与审核记录": ["2025年2月18日"],
}


@pytest.fixture(autouse=True, scope="module")
def _office_installed():
    assert shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm"), (
        "LibreOffice and poppler-utils come with `make test` (scripts/system-deps.sh)"
    )


@dataclass
class Line:
    """One line of text as laid out on a page, with its box in points."""

    text: str
    box: tuple[float, float, float, float]
    words: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)


@dataclass
class Page:
    width: float
    height: float
    lines: list[Line]


@dataclass
class Printed:
    """An output as LibreOffice printed it."""

    pdf: Path
    pages: list[Page]

    @property
    def text(self) -> str:
        """All its text without whitespace."""
        return "".join(line.text for page in self.pages for line in page.lines)


def _box(element: ElementTree.Element) -> tuple[float, float, float, float]:
    return tuple(float(element.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))


def _positioned(pdf: Path) -> list[Page]:
    """The PDF's text by page and line, from `pdftotext -bbox-layout`."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    root = ElementTree.fromstring(xhtml)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in root.iterfind(".//h:page", ns):
        lines = []
        for line in page.iterfind(".//h:line", ns):
            words = [(w.text or "", _box(w)) for w in line.iterfind("h:word", ns)]
            lines.append(Line("".join(t for t, _ in words), _box(line), words))
        pages.append(Page(float(page.get("width")), float(page.get("height")), lines))
    return pages


def _outputs() -> dict[str, bytes]:
    """Every file the tool writes, with phone numbers that could break and a review sheet of long file names."""
    national = changed(load("national-valid.json"), host_phone=f"{PHONES[0]}、{PHONES[2]}", host_mobile=PHONES[1])
    provincial = changed(load("provincial-valid.json"), host_phone=PHONES[2], host_mobile=PHONES[1])
    files = {}
    for name, draft in (("附件1", national), ("附件2", provincial)):
        files[f"{name}.xlsx"] = xlsx.write_application(application(draft))
        files[f"{name}.docx"] = docx.write_application(application(draft))
    # A batch as the desk gets it: files under their official (long) names, one with findings, one unreadable.
    wrong = changed(
        provincial, trainees=25, project_name="海洋装备绿色低碳技术高级研修班第二期（示例）", host_name="示例海洋大学（虚构单位）"
    )
    handed = [national, provincial, wrong] * 3
    items = [batch.Input(layout.filename(application(d)).replace(".xlsx", f"（{i}）.xlsx"), draft=d) for i, d in enumerate(handed, 1)]
    items += inputs.read("损坏的申报表-示例职业技术学院（虚构）-2025年高级研修项目.xlsx", b"PK\x03\x04 not a workbook")
    result = batch.check(items, FILLED_ON)
    files["附件3.xlsx"] = xlsx.write_summary(result.rows(), unit=UNIT, date=FILLED_ON)
    files["附件3.docx"] = docx.write_summary(result.rows(), unit=UNIT, date=FILLED_ON)
    files["汇总与审核记录.xlsx"] = xlsx.write_summary(result.rows(), unit=UNIT, date=FILLED_ON, review=result)
    files["汇总与审核记录.docx"] = docx.write_summary(result.rows(), unit=UNIT, date=FILLED_ON, review=result)
    return files


def convert(folder: Path, sources: list[Path]) -> None:
    """Print files to PDF in folder, as an office user would, in one LibreOffice call."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
        + [str(s) for s in sources],
        check=True,
        capture_output=True,
        timeout=300,
    )


def to_pdf(folder: Path, name: str, data: bytes) -> Printed:
    """One file printed by LibreOffice, with its positioned text."""
    source = folder / name
    source.write_bytes(data)
    convert(folder, [source])
    pdf = source.with_suffix(".pdf")
    assert pdf.exists(), f"LibreOffice did not convert {name}"
    return Printed(pdf, _positioned(pdf))


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Printed]:
    """Every output converted to PDF in one LibreOffice call, and page 1 of each drawn as a PNG."""
    folder = tmp_path_factory.mktemp("printed")
    outputs, sources = _outputs(), []
    for name, data in outputs.items():
        source = folder / f"{Path(name).stem}-{Path(name).suffix[1:]}{Path(name).suffix}"  # 附件1.xlsx and 附件1.docx: two PDFs
        source.write_bytes(data)
        sources.append(source)
    convert(folder, sources)
    result = {}
    for name, source in zip(outputs, sources):
        pdf = source.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {name}"
        result[name] = Printed(pdf, _positioned(pdf))
    return result


ALL = ["附件1.xlsx", "附件1.docx", "附件2.xlsx", "附件2.docx", "附件3.xlsx", "附件3.docx", "汇总与审核记录.xlsx", "汇总与审核记录.docx"]


# ---- pictures ------------------------------------------------------------------------


def _pixels(png: bytes) -> bytes:
    """The brightness of each pixel of an 8-bit gray or RGB, non-interlaced PNG (what pdftoppm writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks, width, step = 8, b"", 0, 1
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        body = png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (0, 2) and not interlace, (depth, colour, interlace)
            step = 3 if colour == 2 else 1
        elif kind == b"IDAT":
            chunks += body
        at += 12 + length
    raw, size = zlib.decompress(chunks), width * step
    pixels, previous = bytearray(), bytearray(size)
    for start in range(0, len(raw), size + 1):  # undo each row's filter (PNG specification, section 9)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + size])
        for x in range(size):
            left, up = (row[x - step], previous[x]) if x >= step else (0, previous[x])
            corner = previous[x - step] if x >= step else 0
            if kind == 1:
                row[x] = (row[x] + left) & 255
            elif kind == 2:
                row[x] = (row[x] + up) & 255
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                row[x] = (row[x] + min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))[2]) & 255
        pixels += bytes(min(row[x : x + step]) for x in range(0, size, step))
        previous = row
    return bytes(pixels)


@pytest.mark.parametrize("name", ALL)
def test_every_output_prints_as_a_picture_with_ink_on_page_1(printed, name):
    pdf = printed[name].pdf
    subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
    png = pdf.with_suffix(".png")
    assert png.exists() and png.stat().st_size > 0
    pixels = _pixels(png.read_bytes())
    dark = sum(p < 128 for p in pixels)
    assert dark > len(pixels) * 0.005, f"page 1 of {name} is (nearly) blank: {dark} dark pixels"


# ---- what the paper says ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["附件1.xlsx", "附件2.xlsx", "附件1.docx", "附件2.docx"])
def test_applications_print_on_a4_portrait_with_their_content(printed, name):
    page = printed[name].pages[0]
    assert (round(page.width), round(page.height)) == (595, 842)  # A4 portrait
    draft = load("national-valid.json" if name.startswith("附件1") else "provincial-valid.json")
    app = application(draft)
    text = printed[name].text
    assert app.edition.attachments[app.form.id]["heading"] in text
    for key in ("project_name", "host_name", "host_contact"):
        assert re.sub(r"\s+", "", draft["data"][key]) in text, key
    assert "☑" in text and "☐" in text


@pytest.mark.parametrize("name", ["附件3.xlsx", "附件3.docx", "汇总与审核记录.xlsx", "汇总与审核记录.docx"])
def test_summary_prints_on_a4_landscape_with_every_row(printed, name):
    page = printed[name].pages[0]
    assert (round(page.width), round(page.height)) == (842, 595)  # A4 landscape
    text = printed[name].text
    assert "汇总表" in text and UNIT in text
    assert text.count("王示例") == 3 and text.count("陈样本") == 6


@pytest.mark.parametrize("name", ALL)
def test_no_phone_number_is_broken_across_lines(printed, name):
    """A clerk copies numbers from the paper: each stays whole on one line, in every form, in Excel and in Word."""
    lines = [line.text for page in printed[name].pages for line in page.lines]
    whole = printed[name].text
    for number in PHONES:
        if name.startswith("附件2") and number == PHONES[0]:
            continue  # the provincial example has two of the three
        on_lines = sum(line.count(number) for line in lines)
        assert on_lines == whole.count(number) > 0, (name, number, [line for line in lines if number[:4] in line])


def _headers(name: str) -> list[str]:
    if name.startswith("附件3") or name.startswith("汇总"):
        return [c.name.zh for c in forms.summary_columns()]
    said = WORDS["zh"]["review"]
    return [said[key] for key in ("number", "file", "severity", "rule", "field", "message", "clause")]


def _sheet_pages(name: str, printed: dict[str, Printed]) -> list[Page]:
    """The pages of one table: 附件3's own, or those of the review sheet (the landscape pages after 附件3's)."""
    pages = printed["汇总与审核记录.xlsx" if name == "审核记录" else name].pages
    if name == "审核记录":
        first = next(i for i, page in enumerate(pages) if any(_headers("审核记录")[5] == line.text for line in page.lines))
        return pages[first:]
    return pages


@pytest.mark.parametrize("name", ["附件3.xlsx", "附件3.docx", "审核记录"])
def test_every_column_header_is_whole_on_the_first_page(printed, name):
    """No column is pushed onto a page of its own or cut off, and no header wraps."""
    page = _sheet_pages(name, printed)[0]
    for header in _headers(name):
        found = [line for line in page.lines if any(word == header for word, _ in line.words)]
        assert found, (name, header, [line.text for line in page.lines][:20])
        x0, y0, x1, y1 = found[0].box
        assert 0 <= x0 and x1 <= page.width and 0 <= y0 and y1 <= page.height


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two words run into each other: side by side, or more than a quarter of a line over one another
    (a font's box reaches a little above and below its letters, so the lines of one cell touch by a hair)."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width > 1 and height > 0.25 * min(a[3] - a[1], b[3] - b[1])


@pytest.mark.parametrize("name", ["审核记录", "附件3.xlsx", "附件3.docx"])
def test_no_two_pieces_of_text_overlap(printed, name):
    """File names, messages and titles wrap inside their cells: none runs into its neighbour."""
    for number, page in enumerate(_sheet_pages(name, printed), 1):
        words = [(text, box) for line in page.lines for text, box in line.words]
        for i, (text, box) in enumerate(words):
            for other, other_box in words[i + 1 :]:
                assert not _overlap(box, other_box), (name, number, text, box, other, other_box)


def test_the_review_sheet_lists_every_file_whole(printed):
    """Each file of the batch is on record under its whole name, wrapped in its column, the unreadable one too."""
    number, _, severity = _headers("审核记录")[:3]
    text = ""
    for page in _sheet_pages("审核记录", printed):
        words = [(word, box) for line in page.lines for word, box in line.words]
        left = next(box[2] for word, box in words if word == number)  # the file column lies between these headers
        right = next(box[0] for word, box in words if word == severity)
        text += "".join(word for _, word in sorted((box[1], word) for word, box in words if left - 1 < box[0] and box[2] < right))
    wrong = layout.filename(application(load("provincial-valid.json"))).replace(
        "海洋装备绿色低碳技术高级研修班", "海洋装备绿色低碳技术高级研修班第二期"
    )
    assert all(wrong.replace(".xlsx", f"（{i}）.xlsx") in text for i in (3, 6, 9)), text
    assert "损坏的申报表-示例职业技术学院（虚构）-2025年高级研修项目.xlsx" in text


# ---- paper without flaws: titles, dates, brackets, the stamp block ---------------------------


def _heading(name: str) -> str:
    key = {"附件1": "national", "附件2": "provincial"}.get(name.split(".")[0], "summary")
    return application(load("national-valid.json")).edition.attachments[key]["heading"]


@pytest.mark.parametrize("name", ALL)
def test_the_title_is_on_one_line(printed, name):
    """The form's title is printed whole on one line: never its last character (“表”) alone below it."""
    lines = [line.text for line in printed[name].pages[0].lines]
    heading = _heading(name)
    assert any(heading in line for line in lines), (name, [line for line in lines if line and line in heading])


@pytest.mark.parametrize("name", ALL)
def test_no_date_is_broken_across_lines(printed, name):
    """A date stays whole on its line (not “2025年7月” over “19日”), in every form, in Excel and in Word."""
    lines = [line.text for page in printed[name].pages for line in page.lines]
    for date in DATES[name.split(".")[0]]:
        assert any(date in line for line in lines), (name, date, [line for line in lines if "2025年" in line or "日" in line[:4]])


@pytest.mark.parametrize("name", ALL)
def test_no_bracket_stands_alone_on_a_line(printed, name):
    """A closing bracket goes with what it closes: no line of the paper is a lone “）” (LibreOffice breaks anywhere)."""
    alone = [
        (number, line.text) for number, page in enumerate(printed[name].pages, 1) for line in page.lines if line.text.strip("）)」】") == ""
    ]
    assert not alone, (name, alone)


CM = 72 / 2.54  # points


def stamp_block(page: Page) -> tuple[Line, float]:
    """The 审核意见 cell's “（盖章）” line and the cell's height, from its label (centred in the cell, as every label
    is) and its date line (at the cell's foot): twice the distance between the label's middle and the foot."""
    column = sorted((line for line in page.lines if line.box[2] < page.width * 0.25), key=lambda line: line.box[1])
    last = next(i for i, line in enumerate(column) if line.text.endswith("意见"))
    first = last
    while first and column[first].box[1] - column[first - 1].box[3] < 8:  # the label's lines, one under the other
        first -= 1
    middle = (column[first].box[1] + column[last].box[3]) / 2
    stamp = next(line for line in page.lines if line.text == "（盖章）")
    foot = max(line.box[3] for line in page.lines if line.box[1] >= stamp.box[1] - 1 and line.box[0] > page.width * 0.25)
    return stamp, 2 * (foot - middle)


@pytest.mark.parametrize("name", ["附件2.xlsx", "附件2.docx"])
def test_the_stamp_block_is_on_the_right_and_at_least_4_cm_tall(printed, name):
    """审核意见 leaves room for an opinion and a 4 cm seal, with “（盖章）” and the date on the right, as the official form."""
    page = next(page for page in printed[name].pages if any(line.text == "（盖章）" for line in page.lines))
    stamp, height = stamp_block(page)
    assert stamp.box[0] > page.width * 0.6, (name, stamp.box)
    assert height >= 4 * CM, (name, round(height / CM, 2))


@pytest.mark.parametrize("name", ["汇总与审核记录.xlsx", "汇总与审核记录.docx"])
def test_the_printed_review_record_keeps_the_batchs_own_findings(printed, name):
    """The 填表日期 after the national deadline and the duplicates are on the printed record under 本批, in Excel and Word."""
    text = printed[name].text
    assert "审核记录" in text or name.endswith(".xlsx")  # Word titles its pages; Excel names the sheet
    for words in ("本批（全部文件）", "batch.deadline", "batch.duplicate", "batch.unreadable"):
        assert words in text, (name, words)
