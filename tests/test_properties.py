"""Property-based: any JSON into validate gives findings and never raises; any application survives the Excel
round trip (characters a cell cannot hold are replaced and reported); any draft survives JSON."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import application, changed, load
from generator.core import drafts, forms, rules
from generator.io import docx, xlsx

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
field_ids = st.sampled_from([f.id for f in forms.all_fields()])
# Field values shaped almost like the real ones, to get past the envelope into every rule.
near_values = st.one_of(
    json_values,
    st.dates().map(lambda d: d.isoformat()),
    st.fixed_dictionaries({"start": st.dates().map(str), "end": st.dates().map(str)}),
    st.dictionaries(
        st.sampled_from(["strategy", "industry", "digital"]), st.fixed_dictionaries({"ticked": st.booleans(), "text": st.text()})
    ),
    st.sampled_from(["fiscal", "self", "national", "provincial", "no"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_any_json_value_gives_findings_and_never_raises(value):
    found = rules.validate(value)
    assert isinstance(found, list)
    assert all(f.zh and f.en for f in found)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["national", "provincial"]), st.dictionaries(field_ids, near_values, max_size=12))
def test_any_field_values_give_findings_and_never_hit_an_internal_error(form, data):
    found = rules.validate(drafts.new_draft(form, data=data))
    assert "check.failed" not in {f.rule for f in found}


# Text a cell can hold: no characters XML cannot store (those are replaced and reported).
cell_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff" + "".join(map(chr, range(1, 32))))
    | st.sampled_from("\n\t　☑☐（）：=+-@")
)
long_fields = ["purpose", "content", "experts", "audience", "project_name", "venue", "host_address", "funding_source"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(long_fields), cell_text, cell_text)
def test_any_text_round_trips_through_xlsx(field_id, text, topic):
    draft = changed(load("national-valid.json"), **{field_id: text, "topics": {"digital": {"ticked": True, "text": topic}}})
    app = application(draft)
    assert xlsx.read_application(xlsx.write_application(app)) == app.to_draft()


# Any text, including what a cell cannot hold: control characters, lone surrogates, U+FFFE.
any_text = st.text() | st.text(
    st.sampled_from(["\x00", "\x01", "\x0b", "\x1f", "\ud800", "\udfff", "\ufffe", "研", "𠮷", "a", " ", "\n", "\t", "=", "@", "☑"])
)


def _value(field: forms.Field) -> st.SearchStrategy:
    dates = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)).map(dt.date.isoformat)
    if field.type == "date":
        return dates
    if field.type == "daterange":
        return st.fixed_dictionaries({"start": dates, "end": dates})
    if field.type == "integer":
        return st.integers(1, 10**6)
    if field.type == "choice":
        return st.sampled_from([o.id for o in field.options])
    if field.type == "yesno":
        return st.booleans()
    if field.type == "topics":
        entry = st.fixed_dictionaries({"ticked": st.booleans(), "text": any_text})
        return st.dictionaries(st.sampled_from([o.id for o in field.options]), entry, min_size=1)
    return any_text


@st.composite
def applications(draw) -> dict:
    """A draft of either form with any subset of its fields, each of the right shape and any content."""
    form = draw(st.sampled_from(["national", "provincial"]))
    data = {f.id: draw(_value(f)) for f in forms.load(form).fields if draw(st.booleans())}
    return drafts.new_draft(form, data=data)


def _storable(value):
    if isinstance(value, str):
        return drafts.UNSTORABLE.sub(drafts.REPLACEMENT, value)
    if isinstance(value, dict):
        return {k: _storable(v) for k, v in value.items()}
    return value


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(applications())
def test_any_application_round_trips_through_xlsx_and_unstorable_characters_are_reported(draft):
    app = application(draft)
    back = xlsx.read_application(xlsx.write_application(app))
    assert back == _storable(app.to_draft())
    unstorable = any(drafts.UNSTORABLE.search(text) for text in _texts(app.to_draft()["data"]))
    assert ("text.unstorable" in {f.rule for f in rules.validate(draft)}) == unstorable
    with zipfile.ZipFile(io.BytesIO(docx.write_application(app))) as word:  # the Word file is well-formed XML too
        for name in word.namelist():
            ElementTree.fromstring(word.read(name))


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["national", "provincial"]), st.dictionaries(field_ids, near_values, max_size=12))
def test_any_draft_round_trips_through_json_and_cleaning(form, data):
    """What the form page saves (JSON) and reads back gives the same application and the same findings."""
    draft = drafts.new_draft(form, data=data)
    again = drafts.load_json(drafts.dump_json(draft))
    assert rules.validate(again) == rules.validate(draft)
    app = drafts.application(again)
    assert drafts.application(app.to_draft()).values == app.values
