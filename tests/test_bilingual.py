"""One bilingual value (generator/core/bilingual.py) carries every fact and word said in both languages."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from generator.core import editions, forms, reference
from generator.core.bilingual import Bilingual, plain
from generator.core.findings import Note, ReadError
from generator.io import handfilled

ROOT = Path(__file__).resolve().parents[1]


def _python(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def test_no_helper_pairs_two_languages_beside_the_one_type():
    """rules.both, words.both, changes._pair and cli._both were four ways to say one thing in two languages."""
    helpers = [
        f"{p.relative_to(ROOT)}:{node.lineno} {node.name}"
        for p in _python("generator", "scripts")
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name.strip("_") in ("both", "pair")
    ]
    assert not helpers, f"a bilingual value is a Bilingual (generator/core/bilingual.py), not: {helpers}"


def test_no_class_holds_a_fact_in_two_parallel_fields():
    """A class of generator/ holds a fact said in two languages as one Bilingual, not as `name` and `name_en`."""
    parallel = []
    for p in _python("generator"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name != "Bilingual":
                names = {s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)}
                paired = {n for n in names if n.endswith(("_en", "_zh"))} | ({"zh", "en"} & names)
                parallel += [f"{p.relative_to(ROOT)} {node.name}.{n}" for n in sorted(paired)]
    assert not parallel, parallel


@pytest.mark.parametrize("year", editions.available())
def test_every_edition_says_its_facts_in_both_languages(year):
    e = editions.load(year)
    facts = {"issuer": e.issuer, "title": e.title, "download_centre": e.download_centre}
    for key, level in e.levels.items():
        facts |= {f"{key}.{name}": getattr(level, name) for name in ("name", "recruit", "days_text", "days_wording", "trainees_wording")}
    facts |= {f"clause {key}": clause.ref for key, clause in e.clauses.items()}
    for where, fact in facts.items():
        assert isinstance(fact, Bilingual), where
        assert fact["zh"] and fact["en"], where
    # where the English is its own, it is not the Chinese copied
    assert all(facts[k].en and facts[k].en != facts[k].zh for k in ("issuer", "title") + tuple(f"{k}.name" for k in e.levels))


def test_forms_and_reference_lists_name_themselves_once_in_both_languages():
    named = [f.name for f in forms.build(forms._raw(editions.latest_year())).values()]
    named += [o.name for f in forms.all_fields() for o in f.options] + [c.name for c in forms.summary_columns()]
    named += [r.name for r in reference.sets().values()] + list(forms.groups().values())
    assert named and all(isinstance(n, Bilingual) and n.zh and n.en for n in named)


def test_the_english_side_falls_back_to_the_chinese_where_no_english_is_given():
    """A clause the English pages cite as the Chinese does (联系方式) has no ref_en: its English is the Chinese."""
    cited = Bilingual("联系方式")
    assert (cited["zh"], cited["en"], cited.to_dict()) == ("联系方式", "联系方式", {"zh": "联系方式", "en": "联系方式"})
    said = Bilingual("有错误", "has errors")
    assert [said.shown(lang, " / ") for lang in ("zh", "en", "both")] == ["有错误", "has errors", "有错误 / has errors"]
    with pytest.raises(KeyError):
        said["fr"]


def test_a_note_handed_to_the_page_and_back_says_the_same():
    """The desk keeps a hand-filled form's notes as JSON and hands them back (check_batch): bilingual parameters
    travel as {"zh", "en"} and are said the same when they return."""
    cells = [handfilled.Cell(table=1, row=row, col=1, text="x", nth=2) for row in (3, 5)]
    place = handfilled.place(cells[0])
    note = Note.of(
        "ambiguous", "project_name", label=Bilingual("“项目名称”", "“Project name”"), places=handfilled._places(cells), where=place
    )
    carried = json.loads(json.dumps(note.to_dict(), ensure_ascii=False))
    back = Note.from_dict(carried)
    assert (back.zh, back.en) == (note.zh, note.en)
    assert "项目名称" in back.zh and "Project name" in back.en and "表1第3行第2格" in back.zh
    assert plain({"a": [Bilingual("甲", "A")]}) == {"a": [{"zh": "甲", "en": "A"}]}


def test_a_read_error_says_why_in_each_language():
    err = ReadError.of("not_object")
    assert err.text == Bilingual(err.zh, err.en) and err.message("en") == err.en != err.zh
