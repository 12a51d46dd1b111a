"""The command line as a user runs it: messages in both languages, exit codes, files written."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLES, ROOT, application, changed, cli, load
from generator.core import editions
from generator.io import xlsx

run = cli  # in this process; the tests below marked "the real command" start it as a user does


def _command(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, capture_output=True, text=True)


def test_the_real_command_checks_and_exits_as_in_process(tmp_path):
    """The real command: `python -m generator` from another folder, its output and exit status as in this process."""
    for args in (
        ("validate", EXAMPLES / "national-valid.json"),
        ("validate", EXAMPLES / "invalid" / "trainees.minimum--provincial-course-for-25-trainees.json", "--lang", "en"),
        ("validate", tmp_path / "missing.json"),
    ):
        real, here = _command(*args, cwd=tmp_path), run(*args, cwd=tmp_path)
        assert (real.returncode, real.stdout) == (here.returncode, here.stdout), args
    assert [_command("validate", EXAMPLES / n).returncode for n in ("national-valid.json", "invalid")] == [0, 1]


def test_the_real_command_writes_its_files(tmp_path):
    result = _command("export", EXAMPLES / "national-valid.json", "-o", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    (written,) = tmp_path.glob("*.xlsx")
    assert load_workbook(written).active["A1"].value == "附件1"


def test_valid_examples_exit_zero():
    result = run("validate", EXAMPLES / "national-valid.json", EXAMPLES / "provincial-valid.json")
    assert result.returncode == 0, result.stdout
    assert "0 个错误" in result.stdout and "0 errors" in result.stdout


def test_errors_exit_one_with_messages_in_both_languages():
    result = run("validate", EXAMPLES / "invalid" / "trainees.minimum--provincial-course-for-25-trainees.json")
    assert result.returncode == 1
    assert "省级高级研修项目学员数量不少于30人" in result.stdout
    assert "no fewer than 30 trainees" in result.stdout
    assert "[二（一） / clause 2(1)]" in result.stdout  # both languages cite in both
    assert (
        "[二（一）]"
        in run("validate", EXAMPLES / "invalid" / "trainees.minimum--provincial-course-for-25-trainees.json", "--lang", "zh").stdout
    )
    assert (
        "[clause 2(1)]"
        in run("validate", EXAMPLES / "invalid" / "trainees.minimum--provincial-course-for-25-trainees.json", "--lang", "en").stdout
    )


def test_one_language_asked_is_the_only_language_printed():
    """--lang zh prints 错误, never “error”, beside each finding, and --lang en the reverse; both prints both."""
    example = EXAMPLES / "invalid" / "trainees.minimum--provincial-course-for-25-trainees.json"
    zh, en, both = (run("validate", example, "--lang", lang).stdout for lang in ("zh", "en", "both"))
    assert "  错误 " in zh and "error" not in zh
    assert "  error " in en and "错误" not in en
    assert "  错误 error " in both


def test_warnings_alone_exit_zero():
    assert run("validate", EXAMPLES / "invalid" / "period.length--national-course-of-8-days.json").returncode == 0


def test_an_unreadable_file_exits_two_and_the_others_are_still_checked(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    result = run("validate", broken, EXAMPLES / "invalid" / "funding.source--self-funded-without-source.json", "--lang", "en")
    assert result.returncode == 2
    assert "not a JSON draft saved by this tool: it cannot be read from line 1" in result.stdout and "Expecting" not in result.stdout
    assert "must state where the funds come from" in result.stdout
    assert "自筹经费项目须" not in result.stdout


def test_lang_zh_prints_chinese_only():
    result = run("validate", EXAMPLES / "invalid" / "topics.none--no-topic-box-ticked.json", "--lang", "zh")
    assert "请至少勾选一项选题范围" in result.stdout and "Tick at least" not in result.stdout


def test_json_output_lists_rule_field_severity_clause_and_messages():
    result = run("validate", "--json", EXAMPLES / "invalid")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    by_file = {Path(r["source"]).stem.split("--")[0]: r for r in report}
    finding = by_file["phone.mobile"]["findings"][0]
    assert finding["rule"] == "phone.mobile" and finding["field"] == "host_mobile" and finding["severity"] == "warning"
    assert finding["clause"] == "附件1" and finding["message"]["zh"] and finding["message"]["en"]


@pytest.mark.parametrize("rows", [0, 1, 2])
def test_a_附件3_given_to_validate_is_named_as_附件3_with_where_to_use_it(tmp_path, rows):
    """Not "a draft must be a JSON object", once per row: the file is named for what it is, once, with the desk and summary."""
    summary = tmp_path / "附件3.xlsx"
    summary.write_bytes(xlsx.write_summary([application(load("national-valid.json")).summary_row()] * rows, unit="示例部门（虚构）"))
    result = run("validate", summary)
    assert result.returncode == 2
    assert result.stdout.count("这是附件3汇总表") == 1 and result.stdout.count("This is 附件3, the summary table") == 1
    assert "汇总申报" in result.stdout and "collecting desk" in result.stdout and "summary 命令" in result.stdout
    assert "JSON" not in result.stdout
    for command in ("import", "export"):
        refused = run(command, summary, "-o", tmp_path / "out")
        assert refused.returncode == 2 and "这是附件3汇总表" in refused.stdout, command


def test_export_then_import_gives_back_the_draft(tmp_path):
    out = tmp_path / "out.xlsx"
    assert run("export", EXAMPLES / "provincial-valid.json", "-o", out).returncode == 0
    assert load_workbook(out).active["A1"].value == "附件2"
    back = tmp_path / "back.json"
    assert run("import", out, "-o", back).returncode == 0
    assert json.loads(back.read_text(encoding="utf-8")) == load("provincial-valid.json")


def test_export_uses_the_official_file_name_in_a_folder(tmp_path):
    assert run("export", EXAMPLES / "national-valid.json", "-o", tmp_path).returncode == 0
    (written,) = tmp_path.iterdir()
    assert written.name == "附件1-专业技术人才知识更新工程2025年高级研修项目申报表-人工智能赋能智能制造高级研修班（示例）.xlsx"


def test_export_refuses_an_application_with_errors_unless_forced(tmp_path):
    bad = EXAMPLES / "invalid" / "period.order--course-ends-before-it-starts.json"
    out = tmp_path / "out.xlsx"
    refused = run("export", bad, "-o", out)
    assert refused.returncode == 1 and not out.exists()
    assert "--force" in refused.stdout
    assert run("export", bad, "-o", out, "--force").returncode == 0 and out.exists()


def test_summary_builds_附件3_from_files_and_folders(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(load("national-valid.json"), ensure_ascii=False), encoding="utf-8")
    assert run("export", EXAMPLES / "provincial-valid.json", "-o", folder / "b.xlsx").returncode == 0
    out = tmp_path / "附件3.xlsx"
    result = run("summary", folder, "-o", out, "--unit", "示例单位", "--date", "2025-01-15")
    assert result.returncode == 0, result.stdout
    ws = load_workbook(out).active
    assert [ws["A6"].value, ws["A7"].value] == [1, 2]
    assert ws["B7"].value == "海洋装备绿色低碳技术高级研修班（示例）"


def test_a_summary_dated_after_a_levels_deadline_is_an_error_for_that_levels_rows(tmp_path):
    national, provincial = EXAMPLES / "national-valid.json", EXAMPLES / "provincial-valid.json"
    out = tmp_path / "附件3.xlsx"
    late = run("summary", national, provincial, "-o", out, "--date", "2025-02-15", "--lang", "zh")
    assert late.returncode == 1 and not out.exists(), late.stdout
    assert "batch.deadline" in late.stdout and "晚于国家级申报的截止日期2025年1月16日" in late.stdout
    assert run("summary", provincial, "-o", out, "--date", "2025-02-15").returncode == 0  # provincial rows: still in time
    assert run("summary", provincial, "-o", out, "--date", "2025-02-20").returncode == 0  # the deadline itself counts
    very_late = run("summary", provincial, "-o", out, "--date", "2025-02-21", "--lang", "en")
    assert very_late.returncode == 1 and "after the provincial deadline of 20 February 2025" in very_late.stdout
    forced = run("summary", national, "-o", out, "--date", "2025-02-15", "--force")
    assert forced.returncode == 1 and load_workbook(out).active["B6"].value  # written when forced, and still said


def test_a_summary_without_a_date_is_dated_today_only_while_the_round_is_open(tmp_path):
    out = tmp_path / "附件3.xlsx"
    result = run("summary", EXAMPLES / "provincial-valid.json", "-o", out, "--lang", "zh")
    heading = "".join(str(c.value or "") for row in load_workbook(out).active.iter_rows(max_row=4) for c in row)
    today = dt.date.today()
    if editions.load().date_to_fill(today) is None:  # the round has closed: no date past the deadline by default
        assert result.returncode == 0 and "申报已截止，填表日期留空" in result.stderr
        assert f"{today.year}年" not in heading
    else:
        assert f"{today.year}年{today.month}月{today.day}日" in heading
    bad = run("summary", EXAMPLES / "provincial-valid.json", "-o", out, "--date", "2025-02-30", "--lang", "zh")
    assert bad.returncode == 2 and "不是日期" in bad.stderr


def test_summary_with_an_unreadable_file_fails_unless_forced(tmp_path):
    broken = tmp_path / "x.xlsx"
    broken.write_bytes(b"garbage")
    out = tmp_path / "s.xlsx"
    assert run("summary", EXAMPLES / "national-valid.json", broken, "-o", out).returncode == 2 and not out.exists()
    assert run("summary", EXAMPLES / "national-valid.json", broken, "-o", out, "--force").returncode == 2  # built, still said
    assert load_workbook(out).active["A6"].value == 1 and load_workbook(out).active["A7"].value is None


def test_schema_accepts_every_example_and_rejects_a_wrong_type():
    import jsonschema

    schema = json.loads(run("schema").stdout)
    for path in EXAMPLES.rglob("*.json"):
        draft = json.loads(path.read_text(encoding="utf-8"))
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(draft))
        if path.stem.startswith(("value.invalid", "funding.single")):
            assert errors, path.name  # shapes the schema forbids; the rules explain them too
        else:
            assert not errors, (path.name, errors[0].message if errors else "")
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(changed(load("national-valid.json"), trainees=0)))


def test_export_into_a_folder_that_does_not_exist_yet_creates_it(tmp_path):
    target = tmp_path / "out" / "forms"
    assert run("export", EXAMPLES / "provincial-valid.json", "-o", f"{target}/").returncode == 0
    assert [p.suffix for p in target.iterdir()] == [".xlsx"]
