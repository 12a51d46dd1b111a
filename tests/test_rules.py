"""Each rule fires on the mistake it names, and stays quiet on a valid application."""

from __future__ import annotations

import re

import pytest

from conftest import changed, load
from generator.core import batch, editions, forms, reference, rules
from generator.core.findings import ERROR, WARNING
from generator.core.words import WORDS
from generator.site import pages

NAT, PROV = "national-valid.json", "provincial-valid.json"

# (rule id, example to start from, changes) — one case at least for every rule.
CASES = [
    ("draft.envelope", None, ["not", "a", "draft"]),
    ("value.invalid", PROV, {"trainees": "约四十"}),
    ("value.unknown", PROV, {"funding": "self"}),
    ("required", PROV, {"host_phone": None}),
    ("required", NAT, {"ministry": None}),
    ("cell.empty", NAT, {"host_phone": None}),
    ("period.incomplete", NAT, {"period": {"start": "2025-07-14"}}),
    ("period.order", NAT, {"period": {"start": "2025-07-19", "end": "2025-07-14"}}),
    ("period.year", NAT, {"period": {"start": "2024-12-30", "end": "2025-01-03"}}),
    ("period.finish_by", PROV, {"period": {"start": "2025-12-02", "end": "2025-12-05"}}),
    ("period.length", NAT, {"period": {"start": "2025-07-14", "end": "2025-07-21"}}),
    ("period.length", PROV, {"period": {"start": "2025-09-16", "end": "2025-09-21"}}),
    ("trainees.about", NAT, {"trainees": 120}),
    ("trainees.minimum", PROV, {"trainees": 25}),
    ("audience.scope", PROV, {"audience": "面向全国招收海洋装备企业技术骨干。"}),
    ("audience.scope", NAT, {"audience": "面向 全省 招收制造企业技术骨干。"}),
    ("topics.none", NAT, {"topics": None}),
    ("topics.none", NAT, {"topics": {"strategy": {"ticked": False, "text": "说明"}}}),
    ("topics.unexplained", PROV, {"topics": {"strategy": {"ticked": True, "text": " "}}}),
    ("topics.unticked", PROV, {"topics": {"strategy": {"ticked": True, "text": "说明"}, "digital": {"ticked": False, "text": "说明"}}}),
    ("funding.single", NAT, {"funding": ["fiscal", "self"]}),
    ("funding.source", NAT, {"funding_source": None}),
    ("funding.fees", NAT, {"funding_source": "学员缴纳培训费"}),
    ("base.batch", NAT, {"base_batch": None}),
    ("base.batch_format", NAT, {"base_batch": "最新一批"}),
    ("ministry.local", NAT, {"ministry": "福建省教育厅"}),
    ("ministry.local", NAT, {"ministry": "福州市科学技术局"}),
    ("ministry.former", NAT, {"ministry": "银保监会"}),
    ("ministry.unlisted", NAT, {"ministry": "国家示例总局"}),
    ("domain.unlisted", NAT, {"domain": "烹饪与餐饮管理"}),
    ("phone.landline", PROV, {"host_phone": "电话待定"}),
    ("phone.mobile", NAT, {"host_mobile": "1380000000"}),
    ("phone.fax", PROV, {"host_fax": "没有传真号"}),
    ("content.methods", PROV, {"content": "围绕绿色船舶设计开展研修。"}),
    ("content.offline", PROV, {"content": "全程采用线上直播，主题报告为主。"}),
    ("eligibility.invoice", PROV, {"can_invoice": False}),
    ("eligibility.invoice_unanswered", PROV, {"can_invoice": None}),
    ("question.unanswered", PROV, {"unfinished_previous": None}),
    ("question.unanswered", NAT, {"trainees": None}),
    ("eligibility.unfinished", NAT, {"unfinished_previous": True}),
    ("national.leave_blank", NAT, {"applicant_contact": "某人"}),
    ("provincial.deadline", PROV, {"declared_on": "2025-02-21"}),
    ("date.year", PROV, {"declared_on": "1013-10-13"}),  # 20251013 as Chromium's date input read it in en-US
    ("text.unstorable", PROV, {"purpose": "提升能力\x07"}),
]


def _draft(start: str | None, change):
    return change if start is None else changed(load(start), **change)


@pytest.mark.parametrize(("rule_id", "start", "change"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_the_mistake_it_names(rule_id, start, change):
    found = rules.validate(_draft(start, change))
    assert rule_id in {f.rule for f in found}, [f.rule for f in found]


# Rules whose trigger needs more than a changed draft, and the test that triggers them.
ELSEWHERE = {"domain.official": "test_catalogue.py"}


def test_every_rule_has_a_case_that_triggers_it():
    assert {r.id for r in rules.RULES} == {c[0] for c in CASES} | set(ELSEWHERE)


@pytest.mark.parametrize("name", [NAT, PROV])
def test_valid_examples_have_no_findings(name):
    assert rules.validate(load(name)) == []


def test_every_rule_states_its_clause_and_messages():
    for rule_ in rules.RULES + batch.RULES:
        assert all(rule_.severity_on(form) in (ERROR, WARNING) for form in rule_.forms), rule_.id
        assert all(WORDS[lang]["rules"].get(rule_.id) for lang in ("zh", "en")), rule_.id
        if not rule_.shape:
            for form in rule_.forms:
                assert rule_.clause_keys(form), rule_.id


def test_findings_carry_the_clause_of_the_notice():
    (finding,) = rules.validate(changed(load(PROV), trainees=25))
    assert finding.severity == ERROR
    assert finding.clause.zh == "二（一）" and finding.anchor == "s2-1"
    assert "不少于30人" in finding.quote
    assert "30" in finding.zh and "25" in finding.zh and "30" in finding.en


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [("2025-07-14", "2025-07-18", set()), ("2025-07-14", "2025-07-20", set()), ("2025-07-14", "2025-07-17", {"period.length"})],
)
def test_national_length_counts_arrival_and_departure_days(start, end, expected):
    found = rules.validate(changed(load(NAT), period={"start": start, "end": end}))
    assert {f.rule for f in found} == expected


def test_provincial_courses_of_three_to_five_days_pass():
    for end in ("2025-09-18", "2025-09-20"):
        assert rules.validate(changed(load(PROV), period={"start": "2025-09-16", "end": end})) == []


def test_thirty_trainees_is_enough_for_a_provincial_course():
    assert rules.validate(changed(load(PROV), trainees=30)) == []


@pytest.mark.parametrize(
    "number", ["0591-87543855", "059187543855", "0591 87543855", "（0591）87543855", "0591-87543855、0591-87534777", "010-12345678-123"]
)
def test_landlines_in_the_usual_chinese_ways_pass(number):
    assert rules.validate(changed(load(PROV), host_phone=number)) == []


@pytest.mark.parametrize("number", ["13800000000", "+8613800000000", "138-0000-0000"])
def test_mobiles_in_the_usual_ways_pass(number):
    assert rules.validate(changed(load(PROV), host_mobile=number)) == []


def test_ministries_by_short_name_or_plaque_pass():
    for name in ("工信部", "中华人民共和国教育部", "国家外国专家局", "教育部、科学技术部"):
        assert rules.validate(changed(load(NAT), ministry=name)) == [], name


def test_a_provincial_form_may_name_a_provincial_department():
    assert rules.validate(changed(load(PROV), ministry="福建省教育厅")) == []


def test_national_form_needs_no_applicant_block_or_stamp_but_provincial_needs_both():
    national_ids = {f.field for f in rules.validate(changed(load(NAT), declarant=None, declared_on=None))}
    provincial_ids = {f.field for f in rules.validate(changed(load(PROV), declarant=None, declared_on=None))}
    assert national_ids == set()
    assert provincial_ids == {"declarant", "declared_on"}


def test_fax_may_be_left_out_on_the_national_form_but_not_on_the_provincial_one():
    assert rules.validate(changed(load(NAT), host_fax=None)) == []
    assert [f.field for f in rules.validate(changed(load(PROV), host_fax=None))] == ["host_fax"]


def test_an_invalid_value_is_reported_once_not_also_as_missing():
    found = rules.validate(changed(load(PROV), trainees="约四十"))
    assert [f.rule for f in found] == ["value.invalid"]
    assert "约四十" in found[0].zh


def test_messages_name_the_block_of_ambiguous_labels():
    (finding,) = rules.validate(changed(load(PROV), host_contact=None))
    assert "承办单位信息" in finding.zh and "Host institution" in finding.en


@pytest.mark.parametrize(
    "draft",
    [
        None,
        1,
        "x",
        [],
        {},
        {"form": "national"},
        {"form": "other"},
        {"form": "national", "edition": 1999},
        {"form": "national", "data": []},
        {"form": "provincial", "version": 7},
        {"format": "something-else", "form": "national"},
    ],
)
def test_anything_that_is_not_a_draft_gets_one_clear_message_in_both_languages(draft):
    found = rules.validate(draft)
    if draft == {"form": "national"}:
        assert all(f.rule != "draft.envelope" for f in found)
        return
    assert [f.rule for f in found] == ["draft.envelope"]
    assert found[0].zh and found[0].en and found[0].zh != found[0].en


def test_each_rule_is_declared_once_with_one_predicate_and_its_messages():
    declared = set(rules.DECLARED)
    assert {r.id for r in rules.RULES + batch.RULES} == declared == set(rules.PREDICATES)
    for lang in ("zh", "en"):
        assert set(WORDS[lang]["rules"]) == declared | {"check.failed"}, lang


def test_no_rule_id_is_special_cased_outside_the_rules():
    """What a rule is (quiet on a new form, listed per field, batch-wide) is declared in rules.toml, not tested by id."""
    from conftest import ROOT

    code = [p for p in (ROOT / "generator").glob("*.py") if p.name not in ("rules.py", "batch.py")]
    code += list((ROOT / "scripts").glob("*.py")) + list((ROOT / "overrides").rglob("*.js")) + list((ROOT / "overrides").rglob("*.html"))
    for path in code:
        text = path.read_text(encoding="utf-8")
        for rule_id in rules.DECLARED:
            quoted = (f'"{rule_id}"', f"'{rule_id}'")
            if "." in rule_id:  # a bare word such as required is also a key of other tables
                assert not any(q in text for q in quoted), (path.name, rule_id)
            assert not any(f"{lhs} == {q}" in text for lhs in ("rule", ".rule", ".id") for q in quoted), (path.name, rule_id)


def test_findings_follow_the_forms_reading_order():
    """The summary reads top to bottom: a finding of an earlier field comes before one of a later field."""
    draft = changed(load("provincial-valid.json"), topics={}, host_phone="12", trainees=5)  # rules declared 12, 7, 15
    found = rules.validate(draft)
    order = [f.id for f in forms.load("provincial").fields]
    places = [order.index(f.field) for f in found if f.field in order]
    assert places == sorted(places) and len(places) >= 3


def _raised(monkeypatch) -> set[tuple[str, str]]:
    """(guide anchor, rule) for every finding some draft raises: each case above on both forms, each field left empty,
    each field filled with a word that fits no format, and a field outside a loaded official catalogue."""
    examples = [load(NAT), load(PROV)]
    drafts = [changed(example, **change) for example in examples for _, start, change in CASES if start]
    for example in examples:
        for field in forms.load(example["form"]).fields:
            drafts.append(changed(example, **{field.id: None}))
            if field.type in ("text", "longtext", "phone", "mobile", "fax"):
                drafts.append(changed(example, **{field.id: "示例"}))
            elif field.type == "date":
                drafts.append(changed(example, **{field.id: "2024-01-10"}))
        drafts.append(changed(example, base="national", base_batch=None))
        drafts.append(changed(example, base="national", base_batch="最新一批"))
        drafts.append(changed(example, host_is_enterprise=True, can_invoice=False))
        drafts.append(changed(example, host_is_enterprise=True, can_invoice=None))
    found = {(f.guide, f.rule) for draft in drafts for f in rules.validate(draft)}
    monkeypatch.setattr(reference, "official_catalogue", lambda: True)
    monkeypatch.setattr(reference, "in_official_catalogue", lambda name: False)
    return found | {(f.guide, f.rule) for example in examples for f in rules.validate(example)}


def _listed(form: str) -> set[tuple[str, str]]:
    """(guide anchor, rule) for each check the form's guide lists under a field."""
    listed = set()
    for part in pages.form_guide(form, "en").split("\n### ")[1:]:
        anchor = re.search(r"\{#([\w-]+)\}", part)[1]
        listed |= {(f"{form}/#{anchor}", rule_id) for rule_id in re.findall(r"\[`([\w.]+)`\]\(", part)}
    return listed


def test_each_guide_lists_the_checks_that_can_be_raised_for_its_field_and_only_those(monkeypatch):
    """承办单位信息·办公电话 is a cell (no question.unanswered); 承办单位是否为企业 is a question (no required)."""
    per_field = {r.id for r in rules.RULES if r.per_field}
    raised = {(guide, rule_id) for guide, rule_id in _raised(monkeypatch) if guide and rule_id in per_field}
    for form in forms.FORMS:
        listed = _listed(form)
        assert listed - raised == set(), f"{form}: listed but never raised"
        assert {pair for pair in raised if pair[0].startswith(f"{form}/")} - listed == set(), f"{form}: raised but not listed"


@pytest.mark.parametrize(("name", "period"), [(NAT, ("2025-07-14", "2025-07-21")), (PROV, ("2025-09-16", "2025-09-21"))])
def test_period_length_says_each_levels_own_words_of_the_notice(name, period):
    """二（一）: national 一般为5至7天, provincial 4天左右 with no 一般; each message quotes its own level."""
    draft = changed(load(name), period={"start": period[0], "end": period[1]})
    (finding,) = [f for f in rules.validate(draft) if f.rule == "period.length"]
    level = editions.load().level_of(draft["form"])
    assert level.days_wording.zh in finding.zh and level.days_wording.en in finding.en
    if draft["form"] == "provincial":
        assert "一般" not in finding.zh and "as a rule" not in finding.en


_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_OTHER = {
    "zh": re.compile(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December)"),
    "en": re.compile(r"\d+年\d+月\d+日"),
}


@pytest.mark.parametrize(("rule_id", "start", "change"), [c for c in CASES if "date" in c[0] or "period" in c[0] or "deadline" in c[0]])
def test_dates_in_a_message_are_written_one_way_per_language(rule_id, start, change):
    """Not 应在2025年11月30日之前完成办班，现结束于2025-12-05: each date as the language writes it (editions.date_text)."""
    (found,) = [f for f in rules.validate(_draft(start, change)) if f.rule == rule_id]
    for lang in ("zh", "en"):
        text = found.message(lang)
        assert not _ISO.search(text) and not _OTHER[lang].search(text), text


@pytest.mark.parametrize(
    ("start", "change", "rule_id", "severity", "clause"),
    [
        (NAT, {"venue": None}, "cell.empty", WARNING, "附件1"),  # 附件4第1条 says which forms to file, not that every cell binds
        (NAT, {"ministry": None}, "required", ERROR, "附件4第5条"),  # 附件1“选题所属行业主管部门”填写国家部委
        (NAT, {"domain": None}, "required", ERROR, "附件4第4条"),  # …参考《…目录》…填写
        (PROV, {"venue": None}, "required", ERROR, "附件4第3条"),  # 需填写所有栏目
        (NAT, {"topics": {"strategy": {"ticked": True, "text": ""}}}, "topics.unexplained", WARNING, "附件1"),
        (PROV, {"topics": {"strategy": {"ticked": True, "text": ""}}}, "topics.unexplained", ERROR, "附件4第3条"),
        (NAT, {"base_batch": None}, "base.batch", WARNING, "附件1"),
        (PROV, {"base": "national"}, "base.batch", ERROR, "附件4第3条"),
        (NAT, {"topics": {}}, "topics.none", ERROR, "三（一）"),  # 应严格按照通知要求的选题范围组织申报
    ],
)
def test_each_empty_cell_is_an_error_only_where_a_sentence_binds_it_on_that_form(start, change, rule_id, severity, clause):
    (found,) = [f for f in rules.validate(changed(load(start), **change)) if f.rule == rule_id]
    assert (found.severity, found.clause.zh) == (severity, clause)


@pytest.mark.parametrize(
    ("source", "charged"),
    [
        ("学员缴纳培训费", True),
        ("承办单位自筹，学员食宿自理", True),
        ("向参训学员收取资料费", True),
        ("往返交通费由学员承担，其余由承办单位自有资金支付", False),  # the one charge 三（二） leaves to the trainees
        ("承办单位承担学员培训费", False),  # the host pays
        ("学员所在单位承担", False),  # the employer, not the trainee
        ("承办单位自有资金及合作企业支持", False),
    ],
)
def test_a_source_of_funds_that_charges_the_trainees_is_a_warning(source, charged):
    """三（二）: 除往返交通费由学员承担外，一般不得向学员收取任何费用 — 一般 leaves room, so a warning, never an error."""
    found = [f for f in rules.validate(changed(load(NAT), funding_source=source)) if f.rule == "funding.fees"]
    assert bool(found) == charged, [f.zh for f in found]
    assert all(f.severity == WARNING and f.clause.zh == "三（二）" and "一般不得向学员收取任何费用" in f.quote for f in found)


@pytest.mark.parametrize(
    ("written", "zh", "en"),
    [
        (
            "国家安全生产监督管理总局",
            "“国家安全生产监督管理总局”已在2018年机构改革中撤并，请改填“应急管理部”。",
            "“国家安全生产监督管理总局” was abolished or merged in the 2018 institutional reform; write “应急管理部” instead.",
        ),
        (
            "国家煤矿安全监察局",
            "“国家煤矿安全监察局”已于2020年更名为“国家矿山安全监察局”，请改填现名称。",
            "“国家煤矿安全监察局” was renamed “国家矿山安全监察局” in 2020; write its present name.",
        ),
        (
            "监察部",
            "“监察部”已在2018年机构改革中撤并，请改填现在主管该领域的国家部委。",
            "“监察部” was abolished or merged in the 2018 institutional reform; name the national ministry that oversees the field today.",
        ),
    ],
)
def test_a_former_ministry_is_named_plainly_with_what_to_write_instead(written, zh, en):
    """ministry.former says what became of the body and what to write, not the list's raw status."""
    (found,) = [f for f in rules.validate(changed(load(NAT), ministry=written)) if f.rule == "ministry.former"]
    assert (found.zh, found.en) == (zh, en)
    assert "→" not in found.zh + found.en and "不再保留" not in found.en


@pytest.mark.parametrize(
    "typed", ["25", "25人", "25名", "25 people", "25 persons", " 25 People ", "２５", "２５人", "25　人", "二十五", "二十五人"]
)
def test_a_count_is_read_as_people_write_it_in_either_language(typed):
    """The form page hands Python what was typed: “25 people” is 25 as “25人” is, on both pages."""
    found = {f.rule for f in rules.validate(changed(load(PROV), trainees=typed))}
    assert "trainees.minimum" in found and "value.invalid" not in found, found
    field = forms.load("provincial").field("trainees")
    assert field.kind.clean(field, typed) == 25


@pytest.mark.parametrize("typed", ["25 apples", "25-30人", "约25人", "0人", "约二十五人"])
def test_what_is_not_a_count_stays_invalid(typed):
    assert "value.invalid" in {f.rule for f in rules.validate(changed(load(PROV), trainees=typed))}


def test_an_unanswered_count_cites_the_clause_that_sets_the_numbers():
    """计划招收学员人数 is bound by 二（一） (学员数量…), not by 三（一） as the other questions are; its guide says so too."""
    by_field = {
        f.field: f for f in rules.validate(changed(load(NAT), trainees=None, unfinished_previous=None)) if f.rule == "question.unanswered"
    }
    assert by_field["trainees"].clause.zh == "二（一）" and "学员数量" in by_field["trainees"].quote
    assert by_field["unfinished_previous"].clause.zh == "三（一）"
    for form_id in ("national", "provincial"):
        form = forms.load(form_id)
        guide = pages._field_guide(form.field("trainees"), form, form_id, "zh", editions.load())
        assert {check["id"]: check["clause"].ref.zh for check in guide["checks"]}["question.unanswered"] == "二（一）"
        # the clause is named per question, so no required question may be left out of it
        questions = [f for f in form.fields if not f.cell and f.required(form_id) and f.filled_by(form_id) == "institution"]
        assert questions and all(rules.RULE["question.unanswered"].reports_empty(f, form_id) for f in questions)


def test_a_value_of_the_other_levels_form_is_named_by_its_label_not_its_key():
    """A 自筹经费来源 typed on 附件1 and left in a provincial draft is named as the clerk knows it, not as “funding_source”."""
    (found,) = [f for f in rules.validate(changed(load(PROV), funding_source="自有资金")) if f.rule == "value.unknown"]
    assert found.zh == "附件2 省级高级研修项目申报表没有“自筹经费来源”这一栏，其内容不会写入表格。"
    assert "“Source of the funds”" in found.en and "funding_source" not in found.zh + found.en
    (unknown,) = [f for f in rules.validate(changed(load(PROV), evil="x")) if f.rule == "value.unknown"]
    assert "“evil”" in unknown.zh


def test_a_batch_that_is_not_a_number_is_quoted_as_the_form_will_print_it():
    """最新一批 fills the blank of 是第＿批 with 最新一: the message quotes the printed words, never the cut “最新一” alone."""
    (found,) = [f for f in rules.validate(changed(load(NAT), base_batch="最新一批")) if f.rule == "base.batch_format"]
    assert "“是第最新一批国家级继续教育基地”" in found.zh and "“是第最新一批国家级继续教育基地”" in found.en
    assert "“最新一”" not in found.zh + found.en


@pytest.mark.parametrize("typed", ["十十", "五十十", "十十人"])
def test_a_count_with_a_slip_in_its_characters_is_never_a_fault_of_ours(typed):
    """十 where a digit stands (a slip of the input method) is read, not a crash reported as check.failed."""
    found = rules.validate(changed(load(PROV), trainees=typed))
    assert not [f for f in found if f.severity == "fault" or f.rule == "check.failed"], found
