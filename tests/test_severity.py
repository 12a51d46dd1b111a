"""The severity policy: an error only where the notice binds (its clause names the binding words) or where a
value cannot be what the cell asks; everything this tool infers is a warning at most. Stated on the rules page."""

from __future__ import annotations

import re

import pytest

from generator.core import batch, editions, rules
from generator.core.findings import ERROR

ALL_RULES = rules.RULES + batch.RULES
EDITION = editions.load()


def _error_rules() -> list[tuple[rules.Rule, str]]:
    return [(rule, form) for rule in ALL_RULES if rule.severity == ERROR and not rule.shape for form in rule.forms]


@pytest.mark.parametrize(("rule", "form"), _error_rules(), ids=lambda x: x if isinstance(x, str) else x.id)
def test_every_error_cites_a_clause_whose_quote_holds_binding_words(rule, form):
    binds = rule.binds(form, EDITION)
    assert binds, f"{rule.id} is an error on {form} but its clause names no binding words: make it a warning"
    clause = EDITION.clause(rule.clause_key(form))
    assert any(binds in part for part in clause.quote.split("……")), (rule.id, binds, clause.quote)
    assert any(word in binds for word in rules.BINDING_WORDS), (rule.id, binds)


def test_shape_errors_are_only_about_values_that_cannot_be_what_the_cell_asks():
    shape = {rule.id for rule in ALL_RULES if rule.shape}
    # batch.mixed_editions: a 附件3 is headed with one year's title, it cannot hold another year's applications
    assert shape == {"draft.envelope", "value.invalid", "period.order", "period.incomplete", "batch.mixed_editions"}
    assert all(rule.severity == ERROR and not any(rule.clause_key(f) for f in rule.forms) for rule in ALL_RULES if rule.shape)


def test_what_this_tool_infers_is_never_an_error():
    inferred = {
        "phone.landline",
        "phone.mobile",
        "phone.fax",  # the notice sets no phone format
        "question.unanswered",
        "eligibility.invoice_unanswered",  # this tool's own questions, not cells
        "ministry.unlisted",
        "domain.unlisted",
        "domain.official",  # our lists; the catalogue is only 参考
        "batch.duplicate",
        "batch.no_phone",
        "batch.same_host",
        "batch.mixed_levels",  # observations across a batch
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
    }
    severities = {rule.id: rule.severity for rule in ALL_RULES}
    assert inferred <= severities.keys()
    assert {rule_id for rule_id in inferred if severities[rule_id] == ERROR} == set()


def test_every_binding_phrase_in_the_edition_belongs_to_an_error_rule():
    errors = {rule.id for rule in ALL_RULES if rule.severity == ERROR}
    for clause in EDITION.clauses.values():
        assert set(clause.binds) <= errors, (clause.key, set(clause.binds) - errors)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rules_page_states_the_policy_and_each_errors_binding_words(site, lang):
    page = (site / lang / "rules" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert ("错误只有两种：一是通知明确要求的事项" in text) if lang == "zh" else ("only where the notice binds" in text)
    for rule, form in _error_rules():
        assert f"「{rule.binds(form, EDITION)}」" in text, rule.id
