"""The receiving office's page in a real Chromium (issue 29): a round's folder (several departments' 附件3 and
applications, one of each case the reconciliation lists) read, reconciled, checked and drawn in the worker; the
files and the office's choices kept across a reload; the master workbook (its charts) and a transferred 附件2 downloaded
and read back with openpyxl and LibreOffice; the page by axe, in both languages and on a phone."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
import rounds
from openpyxl import load_workbook
from playwright.sync_api import expect
from test_accessibility import UNMARKED_CHINESE, violations
from test_python_unavailable import _broken

from conftest import cli
from generator.core import drafts
from generator.core.words import FORM_UI, OFFICE_UI
from generator.io import xlsx

PHONE = {"width": 390, "height": 844}


def open_office(page, base_url, lang="zh"):
    page.goto(f"{base_url}{lang}/office/")
    page.wait_for_function("document.body.dataset.python !== 'loading'", timeout=90_000)
    assert page.evaluate("document.body.dataset.python") == "ready"


def wait_apps(page, n):
    page.wait_for_function(f"document.body.dataset.officeApps == '{n}'", timeout=120_000)


@pytest.fixture
def round_folder(tmp_path):
    """A round as it arrives by e-mail, saved to one folder: three departments, each a subfolder with its 附件3 and
    its applications (JSON drafts and Excel forms), an application no 附件3 lists, a 2024 draft, and a text file."""
    folder = rounds.write(tmp_path / "本轮收到", rounds.make())
    (folder / "说明.txt").write_text("不是申报表", encoding="utf-8")
    return folder


def applications(folder):
    """The applications of the folder as the tool reads them (JSON drafts and Excel forms): {title: form}."""
    found = {}
    for path in folder.rglob("*"):
        if path.suffix == ".json":
            draft = drafts.load_json(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xlsx" and path.name != "附件3.xlsx":
            draft = xlsx.read_application(path.read_bytes())
        else:
            continue
        if draft.get("edition") == 2025:
            found[draft["data"]["project_name"]] = draft["form"]
    return found


def listed(page, key):
    """What one reconciliation list shows: its items' text."""
    return page.locator(f"#ku-list-{key} li").all_inner_texts()


def sheets(data):
    """A workbook's sheets, each as its rows' values in a stable order."""
    book = load_workbook(io.BytesIO(data))
    return {ws.title: sorted(repr([c.value for c in row]) for row in ws.iter_rows()) for ws in book.worksheets}


def choose(page, title, label):
    page.locator("#ku-rows tr", has_text=title).get_by_label(label).check()


def test_a_rounds_folder_is_reconciled_checked_and_drawn(page, base_url, round_folder):
    apps = applications(round_folder)
    open_office(page, base_url)
    assert page.locator("#ku-folder").evaluate("input => input.webkitdirectory")
    page.locator("#ku-folder").set_input_files(str(round_folder))
    wait_apps(page, len(apps))
    # Every application once, with its department (the 附件3 that lists it) and its findings counted.
    rows = page.locator("#ku-rows tr")
    titles = [cell.split("\n")[0] for cell in page.locator("#ku-rows td:nth-child(2)").all_inner_texts()]
    assert sorted(titles) == sorted(apps)
    assert page.locator("#ku-rows tr", has_text="示例1-1专题高级研修班（虚构）").locator("td").nth(4).inner_text() == rounds.department(1)
    assert "说明.txt" not in page.locator("main").inner_text()

    # Each reconciliation case, named so that the office can act on it.
    assert any("示例无申报表的研修班（虚构）" in item and rounds.department(1) in item for item in listed(page, "rows_without"))
    assert any("示例99-1专题高级研修班（虚构）" in item for item in listed(page, "unlisted"))
    (twice,) = [item for item in listed(page, "duplicates") if "示例2-1专题高级研修班（虚构）" in item]
    assert rounds.department(1) in twice and rounds.department(2) in twice
    assert listed(page, "late") and all(rounds.department(3) in item for item in listed(page, "late"))
    # The 2024 draft is named: in its list, or, where no 2024 notice is known, as a file that cannot be read, and why.
    assert "old-2024.json" in " ".join(listed(page, "other_edition")) + page.locator("#ku-unreadable").inner_text()

    # The figures: each chart an image with its numbers said, beside a table of the same numbers; the level chart counts
    # what the list shows.
    figures = page.locator("#ku-figures figure")
    assert figures.count() >= 5
    for n in range(figures.count()):
        figure = figures.nth(n)
        assert figure.locator("svg[role=img] rect").count() == figure.locator("tbody tr").count() > 0
        assert figure.locator("svg").get_attribute("aria-label")
    level = dict(
        row.split("\t")
        for row in page.locator("#ku-figures figure[data-figure=level] tbody tr").evaluate_all("rows => rows.map(r => r.innerText)")
    )
    forms = rows.evaluate_all("rows => rows.map(r => r.dataset.form)")
    assert level == {"国家级": str(forms.count("national")), "省级": str(forms.count("provincial"))}
    # On a phone each row is a card: every cell says which column it is, as the table's head names it.
    labels = page.locator("#ku-rows tr").first.evaluate("row => Array.from(row.cells, td => td.dataset.label)")
    assert labels == page.locator("#ku-table thead th").all_inner_texts()


def round_with_choices(page, base_url, folder):
    """The office page with the round's folder added, 示例1-1 recommended to the ministry and 示例1-2 put in the
    provincial plan: the round's applications ({title: form})."""
    ui = OFFICE_UI["zh"]
    apps = applications(folder)
    open_office(page, base_url)
    page.locator("#ku-folder").set_input_files(str(folder))
    wait_apps(page, len(apps))
    choose(page, "示例1-1专题高级研修班（虚构）", ui["choice_national"])
    choose(page, "示例1-2专题高级研修班（虚构）", ui["choice_provincial"])
    return apps


def test_the_files_and_the_choices_are_kept_across_a_reload(page, base_url, round_folder):
    ui = OFFICE_UI["zh"]
    apps = round_with_choices(page, base_url, round_folder)
    assert page.locator("#ku-chosen").inner_text() == ui["chosen"].format(national=1, provincial=1)
    # A national application recommended to the ministry is no longer offered for the provincial round.
    assert "示例1-1专题高级研修班（虚构）" not in page.locator("#ku-transfer").inner_text()
    assert "示例1-3专题高级研修班（虚构）" in page.locator("#ku-transfer").inner_text()

    page.reload()
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    # the office types nothing: its ready line speaks of the files, not of "changes checked as you type"
    assert page.locator("#ku-status-text").inner_text() == ui["ready"] != FORM_UI["zh"]["ready"]
    wait_apps(page, len(apps))  # the files were kept in this browser and read again
    assert page.locator("#ku-message").inner_text() == ui["restored"].format(n=len(list(round_folder.rglob("*.*"))) - 1)
    assert page.locator("#ku-rows tr", has_text="示例1-1专题高级研修班（虚构）").get_by_label(ui["choice_national"]).is_checked()
    assert page.locator("#ku-rows tr", has_text="示例1-2专题高级研修班（虚构）").get_by_label(ui["choice_provincial"]).is_checked()
    assert page.locator("#ku-rows tr", has_text="示例1-3专题高级研修班（虚构）").get_by_label(ui["choice_none"]).is_checked()

    # Clearing the round, once confirmed, empties both.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#ku-clear").click()
    wait_apps(page, 0)
    assert page.locator("#ku-counts").inner_text() == ui["empty"]
    page.reload()
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    assert page.evaluate("document.body.dataset.officeFiles") == "0"
    assert page.evaluate("localStorage.getItem('ku-office:v1:2025:choices')") is None


def test_two_departments_files_of_the_same_name_stay_two_departments(page, base_url, tmp_path):
    """Each department's e-mail brings its own 附件3.xlsx and 001.json: chosen one department after the other, or
    together, they are still each department's, not one 附件3 read twice."""
    folder = rounds.write(tmp_path / "收到", rounds.make(departments=2, per_department=2, cases=False))
    open_office(page, base_url)
    for d in (1, 2):
        page.locator("#ku-files").set_input_files([str(p) for p in sorted((folder / rounds.department(d)).iterdir())])
        wait_apps(page, 2 * d)
    departments = page.locator("#ku-figures [data-figure=department] table").inner_text()
    assert rounds.department(1) in departments and rounds.department(2) in departments
    assert page.locator("#ku-list-unlisted li").count() == 0  # every application is on its department's 附件3
    assert page.locator("#ku-list-duplicates li").count() == 0


def test_the_master_workbook_and_a_transferred_form_2_are_downloaded(page, base_url, round_folder, tmp_path):
    ui = OFFICE_UI["zh"]
    apps = round_with_choices(page, base_url, round_folder)

    with page.expect_download() as info:
        page.get_by_role("button", name=ui["download_master"]).click()
    data = open(info.value.path(), "rb").read()
    assert info.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(data))
    cells = {ws.title: [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None] for ws in book.worksheets}
    everything = " ".join(" ".join(values) for values in cells.values())
    assert all(title in everything for title in apps)  # every application, on its row
    (national,) = [values for title, values in cells.items() if title == "推荐国家级"]
    (provincial,) = [values for title, values in cells.items() if title == "列入省级计划"]
    assert "示例1-1专题高级研修班（虚构）" in national and "示例1-2专题高级研修班（虚构）" not in national
    assert "示例1-2专题高级研修班（虚构）" in provincial
    # Native Excel charts beside their tables (openpyxl writes them, but does not read them back: the package says).
    assert [name for name in zipfile.ZipFile(io.BytesIO(data)).namelist() if name.startswith("xl/charts/chart")]
    # The command line, given the same folder and the choices the page kept, writes the same workbook (each sheet's
    # rows; the browser may list a folder's files in another order).
    choices = tmp_path / "choices.json"
    choices.write_text(page.evaluate("localStorage.getItem('ku-office:v1:2025:choices')"), encoding="utf-8")
    ran = cli("intake", round_folder.name, "-o", tmp_path / "cli.xlsx", "--choices", choices, "--lang", "zh", cwd=round_folder.parent)
    assert ran.returncode == 2  # the 2024 draft cannot be checked
    assert sheets(data) == sheets((tmp_path / "cli.xlsx").read_bytes())

    # Every national application not recommended, in one zip: each one's 附件2 in Excel and Word, and its draft.
    movable = page.locator("#ku-transfer li").count()
    assert movable == list(apps.values()).count("national") - 1  # 示例1-1 is recommended to the ministry
    with page.expect_download() as info:
        page.get_by_role("button", name=ui["transfer_all"]).click()
    names = zipfile.ZipFile(info.value.path()).namelist()
    assert len(names) == 3 * movable and sum(name.startswith("附件2") and name.endswith(".xlsx") for name in names) == movable
    assert page.locator("#ku-message").inner_text() == ui["transfer_all_done"].format(name=info.value.suggested_filename, n=movable)

    # A national application not recommended, as 附件2 in Excel and Word: the page says what the institution must
    # complete and what was dropped; the files are 附件2 with the course's fields, in openpyxl and in LibreOffice.
    item = page.locator("#ku-transfer li", has_text="示例1-3专题高级研修班（虚构）")
    with page.expect_download() as info:
        item.get_by_role("button", name=ui["transfer_xlsx"]).click()
    said = page.locator("#ku-message").inner_text()
    assert info.value.suggested_filename.startswith("附件2") and info.value.suggested_filename in said
    assert ui["transfer_complete"].split("{")[0] in said and ui["transfer_dropped"].split("{")[0] in said
    excel = open(info.value.path(), "rb").read()
    moved = xlsx.read_application(excel)
    assert moved["form"] == "provincial" and moved["data"]["project_name"] == "示例1-3专题高级研修班（虚构）"
    with page.expect_download() as info:
        item.get_by_role("button", name=ui["transfer_docx"]).click()
    word = open(info.value.path(), "rb").read()
    sources = [tmp_path / "附件2-excel.xlsx", tmp_path / "附件2-word.docx"]
    sources[0].write_bytes(excel)
    sources[1].write_bytes(word)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(s) for s in sources],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for source in sources:
        printed = subprocess.run(["pdftotext", str(source.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True).stdout
        printed = "".join(printed.split())
        assert "示例1-3专题高级研修班（虚构）" in printed and "附件2" in printed, source.name


@pytest.mark.parametrize(("lang", "viewport"), [("zh", None), ("en", PHONE)], ids=["zh-desktop", "en-phone"])
def test_the_office_page_with_a_round_has_no_axe_violations(page, base_url, round_folder, lang, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    apps = applications(round_folder)
    open_office(page, base_url, lang)
    page.locator("#ku-folder").set_input_files(str(round_folder))
    wait_apps(page, len(apps))
    page.locator("#ku-rows details").first.locator("summary").click()  # a row's findings, opened
    assert violations(page) == []
    if lang == "en":  # the Chinese of the lists, the table and the figures is marked as such
        assert page.evaluate(UNMARKED_CHINESE) == []
        assert page.locator("#ku-figures svg text[lang=zh-CN]").count() > 0
    if viewport:  # nothing wider than the phone
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.cold  # a start that fails is the subject
def test_without_python_the_files_added_are_kept_and_the_page_says_what_to_try(page, base_url, round_folder):
    ui = OFFICE_UI["en"]
    kept = len([p for p in round_folder.rglob("*") if p.suffix in (".json", ".xlsx")])
    errors = _broken(page, base_url, "en/office/", "wasm-blocked")
    page.wait_for_function("document.body.dataset.python === 'failed'", timeout=90_000)
    assert page.locator("#ku-status-text").inner_text() == ui["unavailable_status"]
    page.locator("#ku-folder").set_input_files(str(round_folder))
    expect(page.locator("#ku-message")).to_have_text(ui["unavailable_add"])
    assert page.locator("#ku-counts").inner_text() == ui["kept"].format(n=kept)
    assert page.locator("#ku-blocked").inner_text() == ui["blocked_failed"]
    assert page.get_by_role("button", name=ui["download_master"]).is_disabled()
    said = page.locator("#ku-unavailable").inner_text()
    assert ui["unavailable_kept"] in said and "python -m generator intake" in said
    # Nothing is lost: the files are still there on the next visit, and read once Python starts.
    page.reload()
    page.wait_for_function("document.body.dataset.python === 'failed'", timeout=90_000)
    expect(page.locator("#ku-counts")).to_have_text(ui["kept"].format(n=kept))
    assert violations(page) == [] and page.evaluate(UNMARKED_CHINESE) == []
    page.unroute_all(behavior="ignoreErrors")
    page.reload()
    wait_apps(page, len(applications(round_folder)))
    assert not errors, errors


@pytest.mark.cold  # a start that fails is the subject
def test_without_python_clearing_the_round_leaves_no_files_counted_and_the_detail_names_the_file(page, base_url, round_folder):
    ui = OFFICE_UI["zh"]
    errors = _broken(page, base_url, "zh/office/", "wasm-blocked")
    page.wait_for_function("document.body.dataset.python === 'failed'", timeout=90_000)
    details = page.locator("#ku-unavailable-details")
    details.get_by_text(ui["technical_details"]).click()
    expect(details.locator("#ku-unavailable-code")).to_contain_text("pyodide.asm.wasm")
    page.locator("#ku-files").set_input_files([str(p) for p in (round_folder / rounds.department(1)).iterdir()][:2])
    expect(page.locator("#ku-counts")).to_have_text(ui["kept"].format(n=2))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=ui["clear_round"]).click()
    expect(page.locator("#ku-counts")).to_have_text(ui["empty"])  # it said the two files were still kept
    page.reload()
    page.wait_for_function("document.body.dataset.python === 'failed'", timeout=90_000)
    assert page.locator("#ku-counts").inner_text() == ui["empty"]
    assert not errors, errors


def test_files_dropped_on_the_page_are_read_as_chosen_ones(page, base_url, round_folder):
    """Files dropped from a file manager (here a DataTransfer the page gets as a drop would give it): a department's
    附件3 and one application of it; the other rows of that 附件3 are listed as rows without an application."""
    folder = round_folder / rounds.department(1)
    dropped = {name: list((folder / name).read_bytes()) for name in ("附件3.xlsx", "001.json")}
    open_office(page, base_url)
    page.evaluate(
        """(files) => {
          const transfer = new DataTransfer();
          Object.entries(files).forEach(([name, bytes]) => transfer.items.add(new File([new Uint8Array(bytes)], name)));
          document.getElementById("ku-drop").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }""",
        dropped,
    )
    wait_apps(page, 1)
    assert page.locator("#ku-rows tr").locator("td").nth(4).inner_text() == rounds.department(1)
    # its 附件3's six rows: this application, three whose files were not dropped, a row with none, another's course
    assert len(listed(page, "rows_without")) == 5


@pytest.mark.cold  # Python still loading when the files are chosen: a first visit
def test_files_added_while_python_loads_are_read_once_it_is_ready(page, base_url, round_folder):
    ui = OFFICE_UI["zh"]
    added = len([p for p in round_folder.rglob("*") if p.suffix in (".json", ".xlsx")])
    page.goto(f"{base_url}zh/office/", wait_until="domcontentloaded")
    page.locator("#ku-folder").set_input_files(str(round_folder))
    assert page.evaluate("document.body.dataset.python") == "loading"
    wait_apps(page, len(applications(round_folder)))
    # said as added (not as files kept from an earlier visit), with the one that cannot be checked (the 2024 draft)
    expect(page.locator("#ku-message")).to_have_text(ui["added"].format(n=added, bad=1))


def test_a_browser_that_cannot_keep_files_says_so_and_keeps_the_choices(page, base_url, round_folder):
    """Where IndexedDB cannot be opened (a private window of some browsers), the page says that the files must be added
    again after a reload, and the choices still come back."""
    ui = OFFICE_UI["zh"]
    page.add_init_script("IDBFactory.prototype.open = () => { throw new DOMException('no storage here', 'InvalidStateError'); };")
    open_office(page, base_url)
    expect(page.locator("#ku-kept")).to_have_text(ui["kept_choices_only"])
    page.locator("#ku-folder").set_input_files(str(round_folder))
    wait_apps(page, len(applications(round_folder)))
    choose(page, "示例1-1专题高级研修班（虚构）", ui["choice_national"])
    page.reload()
    page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
    assert page.evaluate("document.body.dataset.officeFiles") == "0"
    assert page.locator("#ku-counts").inner_text() == ui["empty"]
    page.locator("#ku-folder").set_input_files(str(round_folder))
    wait_apps(page, len(applications(round_folder)))
    assert page.locator("#ku-rows tr", has_text="示例1-1专题高级研修班（虚构）").get_by_label(ui["choice_national"]).is_checked()
