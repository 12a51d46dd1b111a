"""One home for the words: everything a user reads is in data/words/<lang>.toml (or, for the paper forms and
what the rules read by, data/paper.toml and data/vocabulary.toml), never typed into the code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

# Chinese characters (CJK ideographs): any of them in code is a word that belongs in a catalogue.
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# An English sentence: a capital, at least four words, a full stop, question or exclamation mark.
SENTENCE = re.compile(r"\b[A-Z][a-z]+(?:[ ,'’-]+[A-Za-z]+){3,}[.!?](?:\s|$)")
# Arguments of these calls are patterns that read what people type, not words shown to them.
PATTERN_CALLS = {"compile", "sub", "fullmatch", "match", "search", "split", "findall", "finditer", "maketrans"}

# scripts/bench.py types what a user would (like the tests): its Chinese is input, not words shown.
PYTHON = sorted(p for folder in ("generator", "scripts") for p in (ROOT / folder).rglob("*.py") if p.name != "bench.py")
SCRIPTS = sorted((ROOT / "overrides").rglob("*.js"))


def _docstrings(tree: ast.AST) -> set[int]:
    documented = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, documented)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _patterns(tree: ast.AST) -> set[int]:
    """The string constants given to re.compile, re.sub, str.maketrans … (also inside f-strings)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in PATTERN_CALLS:
            for arg in node.args[:2]:
                found |= {id(n) for n in ast.walk(arg) if isinstance(n, ast.Constant)}
    return found


def python_words(path: Path) -> list[str]:
    """The string literals of a Python file that read like words for users (docstrings and patterns left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _patterns(tree)
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and (CHINESE.search(node.value) or SENTENCE.search(node.value))
    ]


_JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\])//[^\n]*", re.S)
_JS_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`", re.S)


def script_words(path: Path) -> list[str]:
    """The string literals of a page script that read like words for users."""
    code = _JS_COMMENT.sub("", path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}: {text[:60]!r}" for text in _JS_STRING.findall(code) if CHINESE.search(text) or SENTENCE.search(text)
    ]


def test_the_check_finds_words_where_they_are():
    """The two detectors see a Chinese word and an English sentence, and pass a docstring, a pattern and an id."""
    sample = ROOT / "build" / "words_sample.py"
    sample.parent.mkdir(exist_ok=True)
    sample.write_text(
        '"""模块说明 Any words here."""\nimport re\nA = "请填写"\nB = "The file could not be read."\n'
        'C = re.compile("(人|名)")\nD = "knowledge-update-application"\n',
        encoding="utf-8",
    )
    try:
        found = python_words(sample)
    finally:
        sample.unlink()
    assert [line.split(": ", 1)[1] for line in found] == ["'请填写'", "'The file could not be read.'"]


@pytest.mark.parametrize("path", PYTHON, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_words_for_users_in_python(path):
    assert not python_words(path)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_words_for_users_in_the_pages_scripts(path):
    assert not script_words(path)


def test_each_catalogue_has_the_same_sections_and_keys():
    """What one language says, the other says too: no message falls back to a missing key."""
    from generator.core.words import WORDS

    zh, en = WORDS["zh"], WORDS["en"]
    assert set(zh) == set(en)
    for section in zh:
        assert set(zh[section]) == set(en[section]), section


def test_english_says_a_count_of_one_in_the_singular():
    """Messages with a count say “1 file”, “1 national course”, “1 is planned”, never “file(s)” or “1 are”."""
    from conftest import changed, load
    from generator.core import rules, words

    one = {"files": 1, "applications": 1, "with_errors": 0, "listings": 1, "rows": 1, "unreadable": 1}
    assert words.say("office", "summary", "en", one) == "1 file received: 1 application, 1 附件3 (1 row), 1 file could not be read."
    late = {"department": "某市人社局", "file": "附件3.xlsx", "date": "5 March 2025", "level": "provincial", "deadline": "20 February 2025"}
    assert words.say("office", "late", "en", {**late, "n": 1}).endswith("lists 1 provincial course")
    assert words.say("office", "late", "en", {**late, "n": 2}).endswith("lists 2 provincial courses")
    (found,) = [f for f in rules.validate(changed(load("provincial-valid.json"), trainees=1)) if f.rule == "trainees.minimum"]
    assert found.en.endswith("only 1 is planned.")
    english = (ROOT / "generator" / "data" / "words" / "en.toml").read_text(encoding="utf-8")
    assert "(s)" not in english
