"""A proof edition: a made-up notice (tests/data/notice-2099.txt, 虚构，仅供测试) becomes a new edition with
`edition new`, passes `edition check`, and goes through the whole product in a copy of the project: both
languages build strictly, the form page carries a 2025 draft over and checks it by the 2099 rules, the files it
writes are 2099's, the "what changed" page lists the differences, and nothing outside the new folder changed."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLES, ROOT, changed, in_pyodide, load, serve

PROOF = ROOT / "tests" / "data" / "notice-2099.txt"


def _run(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, *args], cwd=cwd, input=stdin, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def proof(tmp_path_factory) -> Path:
    """A copy of the project (what git tracks) with the 2099 edition made from its notice, and its site built."""
    copy = tmp_path_factory.mktemp("proof") / "project"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    _run(copy, "-m", "generator", "edition", "new", "2099", "--notice", str(PROOF), "--lang", "en")
    _run(copy, "-m", "generator", "edition", "check", "2099")
    wheels = copy / "build" / "wheels"
    wheels.mkdir(parents=True)
    for wheel in (ROOT / "build" / "wheels").glob("*.whl"):
        if not wheel.name.startswith("knowledge_update_forms-"):  # the pinned dependencies, as built for the project
            shutil.copy2(wheel, wheels / wheel.name)
    _run(copy, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(copy))
    # The project's compiled standard library is kept while the runtime and the modules are the same (bytecode.py);
    # no .gz/.br copies: the proof is served by a test server, not hosted.
    shutil.copytree(ROOT / "build" / "python", copy / "build" / "python")
    _run(copy, "scripts/build_site.py", "--no-compress")
    return copy


def test_only_the_new_editions_folder_was_added(proof):
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    ours = {line[3:] for line in status.splitlines()}  # what this checkout has changed itself is not the proof's doing
    tracked = set(subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split())
    differ = [
        name
        for name in tracked
        if name not in ours and (ROOT / name).is_file() and (proof / name).read_bytes() != (ROOT / name).read_bytes()
    ]
    assert differ == []
    added = sorted(str(p.relative_to(proof)) for p in (proof / "generator" / "data" / "editions" / "2099").iterdir())
    assert added == [
        f"generator/data/editions/2099/{name}"
        for name in sorted(["edition.toml", "forms.toml", "notice-source.txt", "notice.zh.md", "notice.en.md", "timeline.toml"])
    ]


def _text(path: Path) -> str:
    """The visible text of a built page's article."""
    import html
    import re

    article = re.search(r"<article[^>]*>(.*?)</article>", path.read_text(encoding="utf-8"), re.S)[1]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


def test_both_languages_show_the_new_notice_and_what_changed(proof):
    zh = _text(proof / "site" / "zh" / "changes" / "index.html")
    for change in (
        "省级项目申报截止 2025年2月20日 2099年2月25日",
        "省级项目学员人数下限 30 35",
        "选题方向 服务重大战略、对接产业需求、突出数字技术 服务重大战略、对接产业需求、发展新质生产力",
    ):
        assert change in zh, change
    assert "附件1标题" not in zh  # a title that only moves with the year has not changed
    # the binding sentences, compared one by one: only 30 → 35 differs, linked to its clause on the built page
    reworded = zh[zh.index("约束句文字变化（约束用语不变）") :]
    assert "二（一） 省级高级研修项目应面向全省招收学员" in reworded and "学员数量不少于35人。 应、左右、不少于" in reworded
    assert "新增条款" not in zh and "删去的约束句" not in zh
    assert 'href="../notice/#s2-1"' in (proof / "site" / "zh" / "changes" / "index.html").read_text(encoding="utf-8")
    en = _text(proof / "site" / "en" / "changes" / "index.html")
    assert "Provincial: minimum number of trainees 30 35" in en
    en = (proof / "site" / "en" / "notice" / "index.html").read_text(encoding="utf-8")
    assert "2099" in en and "pending" in en.lower()  # the English notice says its translation is not done yet
    home = (proof / "site" / "zh" / "index.html").read_text(encoding="utf-8")
    assert "2099年高级研修项目申报助手" in home and "2025年高级研修项目" not in home


def test_the_earlier_edition_stays_readable_at_its_own_address(proof):
    past = proof / "site" / "zh" / "editions" / "2025"
    assert "2025年度 · 闽人社办〔2025〕7号" in _text(past / "index.html")
    notice = _text(past / "notice" / "index.html")
    assert "申报省级高级研修项目的截止日期为2025年2月20日" in notice
    assert "学员数量不少于30人" in _text(past / "instructions" / "index.html") or "不少于30人" in _text(past / "rules" / "index.html")
    assert 'href="../notice/#a4-1"' in (past / "instructions" / "index.html").read_text(encoding="utf-8")  # its own notice
    listing = _text(proof / "site" / "en" / "editions" / "index.html")
    assert listing.index("2099 · 闽人社办〔2099〕") < listing.index("2025 · 闽人社办〔2025〕7号")


def test_the_form_page_carries_a_draft_over_and_writes_the_new_years_files(proof, page, tmp_path):
    server, url = serve(proof / "site")
    try:
        page.goto(f"{url}zh/form/")
        page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
        old = tmp_path / "2025.json"
        old.write_text(json.dumps(changed(load("provincial-valid.json"), trainees=30), ensure_ascii=False), encoding="utf-8")
        page.locator("#ku-open").set_input_files(str(old))
        page.wait_for_function("document.getElementById('ku-message').textContent.includes('2025.json')", timeout=30_000)
        assert "这是2025年度的草稿，已按本页的2099年度通知转换" in page.locator("#ku-message").inner_text()
        before = page.evaluate("document.body.dataset.checkedAt || ''")
        page.locator("#ku-check").click()
        page.wait_for_function(f"(document.body.dataset.checkedAt || '') !== {json.dumps(before)}")
        summary = page.locator("#ku-summary").inner_text()
        assert "不少于35人" in summary  # the 2099 minimum, not 2025's 30
        page.on("dialog", lambda dialog: dialog.accept())  # the download asks once because of the errors
        with page.expect_download() as info:
            page.locator("#ku-download-provincial").click()
        assert "2099年" in info.value.suggested_filename
        sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
        assert "2099" in sheet["A2"].value
    finally:
        server.shutdown()


def test_the_form_page_offers_last_years_answers_kept_in_this_browser(proof, page):
    """The first visit after the new notice: the 2025 answers this browser kept are offered, carried over by the path
    of an opened file with what was left out named; declined, they stay and are offered again; taken, not again."""
    server, url = serve(proof / "site")
    try:
        page.goto(f"{url}zh/form/")
        # kept as typed (a date in Chinese, the count as text); funding: 附件1's answer, typed before the level changed
        period = {"start": "2025年7月14日", "end": "2025年7月18日"}
        kept = {**load("provincial-valid.json")["data"], "period": period, "trainees": "30", "funding": "self"}
        page.evaluate(
            "kept => { localStorage.clear(); localStorage.setItem('ku-form:v1:2025', JSON.stringify(kept)); }",
            {"level": "provincial", "values": kept, "saved": "2025-02-10T09:00:00.000Z"},
        )
        page.reload()
        offer = page.locator("#ku-carry")
        offer.wait_for()
        assert "本浏览器中保存着您2025年度的填写内容，本页依据的是2099年度通知" in offer.inner_text()
        assert page.locator("#f-project_name").input_value() == ""  # nothing is filled before the user says so
        page.locator("#ku-carry-decline").click()
        assert offer.count() == 0 and "2025年度的填写内容仍保存在本浏览器中" in page.locator("#ku-message").inner_text()
        assert page.evaluate("JSON.parse(localStorage.getItem('ku-form:v1:2025')).values.project_name") == kept["project_name"]
        page.reload()  # declined, not lost: offered again
        page.locator("#ku-carry-accept").click()
        page.wait_for_function("document.getElementById('ku-message').textContent.includes('2099年度通知转换')", timeout=90_000)
        said = page.locator("#ku-message").inner_text()
        assert "已把本浏览器中保存的2025年度填写内容按本页的2099年度通知转换" in said
        assert "“承办单位2024年是否有未按计划完成的高级研修项目”现为“承办单位2098年是否有未按计划完成的高级研修项目”" in said
        # the national form's answer the provincial form cannot hold is named by its label, not dropped nor shown as stored
        assert "申报项目类别（仅单选）：自筹经费项目" in said and '"self"' not in said
        assert page.locator("#f-project_name").input_value() == kept["project_name"]
        assert "办班时间" not in said and page.locator("#f-period-start").input_value() == "2025-07-14"  # read as typed, carried
        page.wait_for_function("document.getElementById('ku-summary').textContent.includes('不少于35人')", timeout=30_000)
        assert page.evaluate("JSON.parse(localStorage.getItem('ku-form:v1:2099')).values.project_name") == kept["project_name"]
        assert page.evaluate("JSON.parse(localStorage.getItem('ku-form:v1:2025')).values.project_name") == kept["project_name"]
        page.reload()  # taken: this year's answers are back, and the offer is not made again
        page.wait_for_function("document.body.dataset.python === 'ready'", timeout=90_000)
        assert page.locator("#f-project_name").input_value() == kept["project_name"] and page.locator("#ku-carry").count() == 0
    finally:
        server.shutdown()


def test_the_new_edition_checks_the_same_in_pyodide_and_its_files_open_in_libreoffice(proof, tmp_path):
    """Parity for 2099: the copy's wheel in real Pyodide gives the findings its CPython gives; Excel and Word open."""
    from test_office import to_pdf

    carried = _run(
        proof,
        "-m",
        "generator",
        "upgrade-edition",
        str(EXAMPLES / "provincial-valid.json"),
        "--to",
        "2099",
        "-o",
        str(tmp_path / "p.json"),
    )
    assert "2099" in carried.stdout
    draft = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    cases = [draft, changed(draft, trainees=30), changed(draft, period={"start": "2099-06-10", "end": "2099-06-13"})]
    expected = _run(
        proof,
        "-c",
        "import json, sys; from generator.core import rules; "
        "print(json.dumps([[f.to_dict() for f in rules.validate(c)] for c in json.load(sys.stdin)], ensure_ascii=False))",
        stdin=json.dumps(cases, ensure_ascii=False),
    )
    browser = in_pyodide(proof / "build" / "wheels", cases)
    assert [r["findings"] for r in browser["results"]] == json.loads(expected.stdout)
    assert any(f["rule"] == "trainees.minimum" for f in json.loads(expected.stdout)[1])  # 30 is below 2099's 35
    written = _run(proof, "-m", "generator", "export", str(tmp_path / "p.json"), "--force", "-o", str(tmp_path / "out.xlsx"))
    assert written.returncode == 0
    text = to_pdf(tmp_path, "out.xlsx", (tmp_path / "out.xlsx").read_bytes()).text
    assert "2099年省级高级研修项目申报表" in text
