"""The severity policy: an error only where the notice binds (its clause names the binding words) or where a
value cannot be what the cell asks; everything this tool infers is a warning at most. Stated on the rules page."""

from __future__ import annotations

import re

import pytest

from generator.core import batch, editions, rules
from generator.core.findings import ERROR

ALL_RULES = rules.RULES + batch.RULES
EDITION = editions.load()


def _error_rules() -> list[tuple[rules.Rule, str, str]]:
    """(rule, form, clause key) for every clause an error rule cites on a form where it is an error."""
    return [
        (rule, form, key)
        for rule in ALL_RULES
        if not rule.shape
        for form in rule.forms
        if rule.severity_on(form) == ERROR
        for key in rule.clause_keys(form) or ("",)
    ]


@pytest.mark.parametrize(("rule", "form", "key"), _error_rules(), ids=lambda x: x if isinstance(x, str) else x.id)
def test_every_error_cites_a_clause_whose_quote_holds_binding_words(rule, form, key):
    assert key, f"{rule.id} is an error on {form} but cites no clause"
    clause = EDITION.clause(key)
    binds = clause.binds.get(rule.id, "")
    assert binds, f"{rule.id} is an error on {form} but its clause {key} names no binding words: make it a warning"
    assert any(binds in part for part in clause.quote.split("……")), (rule.id, binds, clause.quote)
    assert any(word in binds for word in rules.BINDING_WORDS), (rule.id, binds)


def test_shape_errors_are_only_about_values_that_cannot_be_what_the_cell_asks():
    shape = {rule.id for rule in ALL_RULES if rule.shape}
    # not batch.mixed_editions: each row of a batch that mixes years fits 附件3's cells (see the test below)
    assert shape == {"draft.envelope", "value.invalid", "period.order", "period.incomplete"}
    assert all(rule.severity == ERROR and not any(rule.clause_keys(f) for f in rule.forms) for rule in ALL_RULES if rule.shape)


def test_what_this_tool_infers_is_never_an_error():
    inferred = {
        "phone.landline",
        "phone.mobile",
        "phone.fax",  # the notice sets no phone format
        "question.unanswered",
        "eligibility.invoice_unanswered",  # this tool's own questions, not cells
        "ministry.unlisted",
        "ministry.former",  # 填写国家部委 binds the cell; which names are no longer a ministry's is our list's
        "domain.unlisted",
        "domain.official",  # our lists; the catalogue is only 参考
        "batch.duplicate",
        "batch.no_phone",
        "batch.same_host",
        "batch.mixed_levels",  # observations across a batch
        "batch.mixed_editions",  # a draft's year is this tool's record, not something the notice binds
        "period.length",
        "trainees.about",
        "period.year",
        "date.year",
        "content.methods",
        "content.offline",
        "base.batch_format",
        "national.leave_blank",
        "eligibility.unfinished",
        "topics.unticked",
        "text.unstorable",
        "value.unknown",
        "cell.empty",  # 附件1's cells that no sentence binds
        "funding.fees",  # 一般不得向学员收取任何费用: 一般, and read from the words alone
    }
    severities = {rule.id: {rule.severity_on(f) for f in rule.forms} for rule in ALL_RULES}
    assert inferred <= severities.keys()
    assert {rule_id for rule_id in inferred if ERROR in severities[rule_id]} == set()


def test_a_batch_that_mixes_years_is_a_warning_and_the_rules_page_says_why():
    """附件3's title names one year, but a row drafted under another year's notice still fills its cells (title,
    host, contact, phone, field): the draft's year is this tool's record, which no clause binds. A warning, citing
    附件3, with the reason where the rules page shows it."""
    rule = next(rule for rule in batch.RULES if rule.id == "batch.mixed_editions")
    assert (rule.severity, rule.shape, rule.clause_keys("national")) == ("warning", False, ("form_summary",))
    assert all("batch.mixed_editions" in rules.WORDS[lang]["rule_why"] for lang in ("zh", "en"))


def test_every_binding_phrase_in_the_edition_belongs_to_a_rule_that_is_an_error_where_it_cites_it():
    cited = {(rule.id, key) for rule, _, key in _error_rules()}
    for clause in EDITION.clauses.values():
        assert {(rule_id, clause.key) for rule_id in clause.binds} <= cited, clause.key


def test_on_附件1_no_error_rests_on_附件4_item_1_which_only_says_which_forms_to_file():
    """填报附件1、附件3 names the forms, not what each cell must hold: each 附件1 error has a sentence of its own."""
    assert all(key != "instructions_paths" for rule, form, key in _error_rules()), [
        r.id for r, f, k in _error_rules() if k == "instructions_paths"
    ]
    required = rules.RULE["required"]
    assert required.clause_fields("national") == ("domain", "ministry")  # 附件4第4条, 第5条: 填写
    assert rules.RULE["cell.empty"].severity_on("national") == "warning"
    for rule_id in ("topics.unexplained", "base.batch"):
        assert (rules.RULE[rule_id].severity_on("national"), rules.RULE[rule_id].severity_on("provincial")) == ("warning", ERROR)
    assert rules.RULE["topics.none"].clause_keys("national") == ("topic_compliance",)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rules_page_states_the_policy_and_each_errors_binding_words(site, lang):
    page = (site / lang / "rules" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert ("错误只有两种：一是通知明确要求的事项" in text) if lang == "zh" else ("only where the notice binds" in text)
    rows = _rows(page)
    for rule, _, key in _error_rules():  # in the rule's own row, not anywhere on the page (rules share words)
        quoted = rules.WORDS[lang]["pages"]["quote"].format(text=EDITION.clause(key).binds[rule.id])  # “…”
        assert quoted in rows[rule.id], rule.id
    for rule_id in rules.WORDS[lang]["rule_why"]:  # each decision the notice leaves to make is stated beside its rule
        assert rules.WORDS[lang]["rule_why"][rule_id] in rows[rule_id], rule_id
    bound = {rule.id for rule, _, _ in _error_rules()}
    for rule in ALL_RULES:  # a rule without binding words shows none: no quote of the notice beside a warning
        if rule.id not in bound and not rule.shape and rule.id not in rules.WORDS[lang]["rule_why"]:
            assert "“" not in rows[rule.id].split("</td>")[-2], rule.id


def _rows(page: str) -> dict[str, str]:
    """Each rule's row of the rules page, as text, by rule id."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        if found := re.search(r'id="rule-([^"]+)"', row):
            rows[found.group(1)] = re.sub(r"<(?!/td)[^>]+>", "", row)
    return {rule.id: rows[rule.id.replace(".", "-").replace("_", "-")] for rule in ALL_RULES}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_guides_and_form_call_a_cell_required_only_where_the_notice_binds_it(site, lang):
    """附件1: 是否必填 is "yes" for 领域 and 主管部门 only (附件4第4、5条), 办班地点 is recommended; 附件2: every cell."""
    pages = rules.WORDS[lang]["pages"]
    ui = rules.WORDS[lang]["form"]
    for form, bound in (("national", {"domain", "ministry"}), ("provincial", None)):
        guide = (site / lang / "guide" / form / "index.html").read_text(encoding="utf-8")
        sections = dict(re.findall(r'<h3 id="([\w-]+)">(.*?)(?=<h3 |$)', guide, re.S))
        said_yes = {anchor.replace("-", "_") for anchor, body in sections.items() if pages["required_error"] in body}
        if bound is not None:
            assert said_yes == bound
            assert pages["required_warning"] in sections["venue"]
        else:
            assert {"venue", "domain", "ministry", "project_name"} <= said_yes  # 附件4第3条: 需填写所有栏目
    page = (site / lang / "form" / "index.html").read_text(encoding="utf-8")
    venue = re.search(r'<label class="ku-label" for="f-venue">(.*?)</label>', page, re.S)
    assert venue, "办班地点 has its label"
    markers = dict(re.findall(r'<span class="ku-required" data-forms="(\w+)">([^<]+)</span>', venue.group(1)))
    assert markers == {"national": ui["expected"], "provincial": ui["required"]}


def test_guides_name_a_cell_of_a_block_as_messages_do_not_with_a_dot():
    """“承办单位信息”中的“办公电话” (a Fujian clerk's Chinese), not 承办单位信息 · 办公电话, in headings, lists and messages."""
    from generator.site import pages

    zh, en = pages.form_guide("national", "zh"), pages.form_guide("national", "en")
    assert "### “承办单位信息”中的“办公电话” {#host-phone}" in zh
    assert "Host institution: Office phone" in en
    assert "信息 · " not in zh + en + pages.summary_guide("zh") + pages.timeline("zh")
    assert "取自申报表的“承办单位信息”中的“联系人”" in pages.summary_guide("zh")
