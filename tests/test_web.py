"""The functions the browser worker calls (generator.adapters.web), on CPython: plain data in and out, one reply
shape, the desk's order from batch.py, file names cleaned by one rule."""

from __future__ import annotations

import io
import json
import re
import zipfile

from openpyxl import load_workbook

from conftest import application, changed, load
from generator.adapters import web
from generator.core import rules
from generator.io import layout, xlsx

PLAIN = (dict, list, str, int, float, bool, bytes, type(None))


def plain(value) -> bool:
    """JSON-ready data (and bytes): what the worker converts once, with no Python object left over."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return isinstance(value, PLAIN)


def test_every_reply_has_one_shape_and_plain_data():
    nat = json.dumps(load("national-valid.json"), ensure_ascii=False)
    for fn, args in [
        ("check", [nat]),
        ("blanks", [nat]),
        ("draft_filename", [nat]),
        ("export", [nat, "application", "xlsx"]),
        ("print_view", [nat, "zh"]),
        ("open_file", ["a.json", nat.encode()]),
        ("read_files", [[{"name": "a.json", "bytes": memoryview(nat.encode())}]]),  # bytes arrive as a memoryview
        ("check_batch", [json.dumps({"items": [], "order": "form"})]),
    ]:
        reply = web.answer(fn, args)
        assert reply["ok"] is True and set(reply) == {"ok", "value", "faults"} and plain(reply["value"]), fn
        assert reply["faults"] == [], fn


def test_a_file_that_cannot_be_used_is_an_error_in_both_languages():
    reply = web.answer("open_file", ["a.json", b"{"])
    assert reply["ok"] is False and set(reply["error"]) == {"message", "zh", "en"}
    assert reply["error"]["message"] == reply["error"]["en"] and "JSON" in reply["error"]["zh"]


def test_a_附件3_opened_on_the_form_page_is_named_as_附件3_even_without_rows():
    for rows in ([], [application(load("national-valid.json")).summary_row()]):
        reply = web.answer("open_file", ["附件3.xlsx", xlsx.write_summary(rows, unit="示例部门（虚构）")])
        assert reply["ok"] is False and reply["error"]["zh"].startswith("这是附件3汇总表"), reply["error"]


def test_what_the_form_cannot_hold_is_named_with_its_value_in_both_languages():
    draft = changed(load("national-valid.json"), trainees="很多", nickname="示例")
    reply = web.answer("open_file", ["a.json", json.dumps(draft, ensure_ascii=False).encode()])
    assert reply["ok"] is True
    left = {entry["field"]: entry for entry in reply["value"]["left_out"]}
    assert set(left) == {"trainees", "nickname"}
    assert left["nickname"]["zh"] == "nickname：“示例”".replace("“", '"').replace("”", '"')
    assert left["nickname"]["en"] == 'nickname: "示例"'
    assert left["trainees"]["zh"].endswith('："很多"') and left["trainees"]["en"].endswith(': "很多"')
    assert left["trainees"]["zh"] != left["trainees"]["en"]  # each in its own language's label
    assert "trainees" not in reply["value"]["draft"]["data"] and "nickname" not in reply["value"]["draft"]["data"]


def test_a_left_out_answer_is_named_by_its_options_label_not_its_stored_id():
    """附件1's 自筹经费项目, typed before the level changed to provincial: named as the national form prints it."""
    draft = changed(load("provincial-valid.json"), funding="self")
    reply = web.answer("open_file", ["a.json", json.dumps(draft, ensure_ascii=False).encode()])
    left = {entry["field"]: entry for entry in reply["value"]["left_out"]}
    assert left["funding"]["zh"] == "申报项目类别（仅单选）：自筹经费项目"
    assert left["funding"]["en"] == "Funding category (choose one): Self-funded"


def test_check_gives_the_findings_of_the_rules():
    draft = changed(load("provincial-valid.json"), trainees=25)
    assert web.check(json.dumps(draft)) == [f.to_dict() for f in rules.validate(draft)]


def test_the_page_is_told_the_trainee_sentence_the_cell_will_carry():
    """What 培训对象 will add is Python's to say (the page has no copy of the rule): the count as people type it, and
    nothing when the text already says it, or when no count is given."""
    draft = load("national-valid.json")
    audience = draft["data"]["audience"]
    for typed in ("50", "５０人", " 50 "):
        assert web.blanks(json.dumps(changed(draft, trainees=typed)))["audience"] == "面向全国招收学员，计划招收50人。", typed
    said = changed(draft, trainees="50", audience=audience + "面向全国招收学员， 计划招收50人。")
    assert "audience" not in web.blanks(json.dumps(said))
    assert "audience" not in web.blanks(json.dumps(changed(draft, trainees="")))


def test_the_desk_gets_the_order_of_batch_py_and_the_file_has_it_too():
    nat, prov = load("national-valid.json"), load("provincial-valid.json")
    items = [
        {"id": 1, "source": "p.json", "draft": prov},
        {"id": 2, "source": "bad.xlsx", "error": {"zh": "坏", "en": "bad"}},
        {"id": 3, "source": "n.json", "draft": nat},
    ]
    orders = {"form": [3, 1, 2], "input": [1, 2, 3], "hand": [3, 2, 1]}
    for order, expected in orders.items():
        desk = json.dumps({"items": items, "order": order, "hand": [3, 2], "unit": "示例单位（虚构）"}, ensure_ascii=False)
        listed = web.check_batch(desk)["entries"]
        assert [e["id"] for e in listed] == expected, order
        sheet = load_workbook(io.BytesIO(web.export_batch(desk)["bytes"])).active
        titles = [row[1] for row in sheet.iter_rows(min_row=6, values_only=True) if row[1]]
        assert titles == [e["title"] for e in listed if e["kind"] != "unreadable"], order


def test_a_saved_draft_is_named_by_the_rule_of_every_file_name():
    long = "人工智能/赋能:智能制造" * 10
    name = web.draft_filename(json.dumps({"data": {"project_name": long}}, ensure_ascii=False))
    assert name == layout.draft_filename(long) and name.startswith("申报草稿-人工智能赋能智能制造")
    assert len(name.removeprefix("申报草稿-").removesuffix(".json")) == 50
    assert web.draft_filename("{}") == "申报草稿-未命名项目.json"


def test_the_print_view_speaks_the_pages_language_beside_the_official_labels():
    nat = json.dumps(load("national-valid.json"), ensure_ascii=False)
    zh, en = web.print_view(nat, "zh"), web.print_view(nat, "en")
    assert "项目名称" in zh and "项目名称" in en  # the official form, in both
    assert 'lang="en"' not in zh and '<span class="ku-en" lang="en">Course title</span>' in en


def test_the_light_functions_are_declared_once_and_import_nothing_heavy(site):
    """web.LIGHT, handed to the worker in wheels.json, answers without openpyxl or jinja2 (which load later)."""
    import subprocess
    import sys

    manifest = json.loads(next(site.glob("pyodide/*/wheels.json")).read_text(encoding="utf-8"))
    assert manifest["light"] == list(web.LIGHT) and set(web.LIGHT) <= set(web.FUNCTIONS)
    worker = (site.parent / "overrides" / "assets" / "shared" / "worker.js").read_text(encoding="utf-8")
    assert "wheels.light" in worker and '"draft_filename"' not in worker  # no list of its own to drift
    nat = json.dumps(load("national-valid.json"), ensure_ascii=False)
    probe = (
        "import json, sys; from generator.adapters import web\n"
        f"for fn in web.LIGHT: web.answer(fn, [{nat!r}])\n"
        "print(json.dumps(sorted(m for m in ('openpyxl', 'et_xmlfile', 'jinja2', 'markupsafe') if m in sys.modules)))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert json.loads(loaded) == []


def test_the_functions_a_page_may_call_are_pythons_list_in_the_manifest_and_the_protocols_type(site):
    """web.FUNCTIONS is handed to the worker in wheels.json (which refuses any other name), and protocol.js's
    FunctionName, which the type check holds the pages to, names the same functions: none can drift."""
    manifest = json.loads(next(site.glob("pyodide/*/wheels.json")).read_text(encoding="utf-8"))
    assert manifest["functions"] == list(web.FUNCTIONS)
    protocol = (site.parent / "overrides" / "assets" / "shared" / "protocol.js").read_text(encoding="utf-8")
    declared = re.search(r"@typedef \{(.*?)\} FunctionName", protocol, re.S)[1]
    assert sorted(re.findall(r'"(\w+)"', declared)) == sorted(web.FUNCTIONS)
    worker = (site.parent / "overrides" / "assets" / "shared" / "worker.js").read_text(encoding="utf-8")
    assert "wheels.functions" in worker


def test_the_one_row_附件3_takes_its_unit_and_date_from_the_application():
    """主管部门或申报单位 and 填表日期 of the form page's 附件3 are the application's 申报单位 and 申报时间 (forms.toml `from`)."""
    draft = changed(load("provincial-valid.json"), declarant="示例职业技术学院（虚构）", declared_on="2025-02-12")
    reply = web.answer("export", [json.dumps(draft, ensure_ascii=False), "summary", "xlsx"])
    ws = load_workbook(io.BytesIO(reply["value"]["bytes"])).active
    assert ws["A3"].value == "主管部门或申报单位（盖章）：示例职业技术学院（虚构）"
    assert ws["A4"].value == "填表日期：2025年2月12日"
    word = web.answer("export", [json.dumps(draft, ensure_ascii=False), "summary", "docx"])["value"]["bytes"]
    document = zipfile.ZipFile(io.BytesIO(word)).read("word/document.xml").decode()
    assert "示例职业技术学院（虚构）" in document and "2025年2月12日" in document


def test_the_form_page_names_a_choice_with_several_boxes_ticked_in_a_hand_filled_file():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "专业技术人员知识更新工程2025年高级研修项目申报表"
    ws["A2"], ws["B2"] = "申报项目类别", "☑财政资助项目 ☑自筹经费项目（自筹经费来源：自有资金）"
    buffer = io.BytesIO()
    wb.save(buffer)
    said = web.answer("open_file", ["两项.xlsx", buffer.getvalue()])["value"]["read"]
    assert said["zh"].endswith("勾选了多项、请核对：“申报项目类别（仅单选）”。")
    assert said["en"].endswith("Several boxes ticked, check: “Funding category (choose one)”.")
