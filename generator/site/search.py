"""The site's search index as Material writes it, tuned after the build: Chinese cut into the words people
search for, the pages that run Python findable by what they offer, rule ids out of the text.

The site's search worker reads a query by the words of this index (overrides/assets/javascripts/workers/
material-search.js), so what is cut here is what a query can match. The index is written to search/documents.json,
which that worker fetches; search/search_index.json, which Material's page fetches at load, keeps only its
configuration, so that no page downloads the index before someone searches."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..core import batch, rules
from ..core.words import COLLECT_UI, FORM_UI, OFFICE_UI
from .material import DOCUMENTS

ZWSP = "\u200b"  # how Material's index separates words it did not find separated by spaces
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORDS_FILE = Path(__file__).resolve().parents[2] / "scripts" / "search-words.txt"

# What the pages that run Python show besides their title and introduction: the actions a reader looks for.
_PAGE_WORDS = {
    "form/": (FORM_UI, ("intro", "open", "open_hint", "save", "new", "downloads", "download_form", "download_form_docx", "print")),
    "collect/": (COLLECT_UI, ("intro", "drop", "pick", "pick_folder", "review", "download", "download_docx")),
    "office/": (OFFICE_UI, ("intro", "reconcile", "figures", "choice_national", "choice_provincial", "download_master", "transfer")),
}


def _jieba() -> Any:
    """jieba with this notice's words (a build-time dependency: the pages' Python never imports this module)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.load_userdict(str(WORDS_FILE))
    jieba.dt.check_initialized()
    return jieba


def cover(word: str, known: Callable[[str], bool]) -> list[str]:
    """A long word as the fewest shorter known words of two characters or more, when they cover it exactly
    (jieba's search mode, without overlaps: 自筹经费 is found by 经费, 高级研修 by 研修); else the word."""
    if len(word) < 4:
        return [word]
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for start in range(len(word)):
        done = best[start]
        if done is None:
            continue
        for end in range(start + 2, len(word) + 1):
            piece = word[start:end]
            if piece != word and known(piece) and (best[end] is None or len(done) + 1 < len(best[end])):
                best[end] = [*done, piece]
    return best[-1] or [word]


def segmenter() -> Callable[[str], str]:
    """A function that cuts the Chinese of a text into words separated as Material separates them."""
    jieba = _jieba()
    freq = jieba.dt.FREQ

    def known(piece: str) -> bool:
        return freq.get(piece, 0) > 0

    def cut(run: str) -> str:
        words = [piece for word in jieba.cut(run) for piece in cover(word, known)]
        return ZWSP + ZWSP.join(words) + ZWSP

    def segment(text: str) -> str:
        return _HAN.sub(lambda m: cut(m[0]), text.replace(ZWSP, "")).strip(ZWSP)

    return segment


def _without_rule_ids(text: str) -> str:
    """The rules' ids (`required`, `period.length`) mean nothing to a reader: out of what is searched and shown."""
    ids = "|".join(re.escape(rule.id) for rule in (*rules.RULES, *batch.RULES))
    return re.sub(rf"\s*<code>(?:{ids})</code>\s*", " ", text)


def page_entries(lang: str) -> list[dict[str, str]]:
    """An entry for each page drawn by its template (the form page, the collecting desk, the office): what it shows."""
    entries = []
    for location, (catalogue, keys) in _PAGE_WORDS.items():
        ui = catalogue[lang]
        lines = [ui[key].replace("{n}", n) for key in keys for n in (("1", "2") if "{n}" in ui[key] else ("",))]
        text = " ".join(f"<p>{line}</p>" for line in lines)
        # A page that does something comes after the pages that explain the same words (附件3: its guide first).
        entries.append({"location": location, "title": ui["title"], "text": text, "boost": 0.7})
    return entries


def tune(index: Mapping[str, Any], lang: str, segment: Callable[[str], str] | None) -> dict[str, Any]:
    """The index with the template pages added, rule ids dropped and, given a segmenter, the Chinese cut again."""
    docs = [doc for doc in index["docs"] if doc["location"].split("#")[0] not in _PAGE_WORDS] + page_entries(lang)
    tuned = []
    for doc in docs:
        doc = {**doc, "text": _without_rule_ids(doc["text"])}
        if segment:
            doc["title"], doc["text"] = segment(doc["title"]), segment(doc["text"])
        tuned.append(doc)
    return {**index, "docs": tuned}


def _write(path: Path, index: Mapping[str, Any]) -> None:
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def rewrite(path: Path, lang: str) -> None:
    """Tune the index Material wrote at `path` into documents.json beside it (Chinese is cut only on the Chinese
    site); `path` keeps the configuration only."""
    index = json.loads(path.read_text(encoding="utf-8"))
    _write(path.with_name(DOCUMENTS), tune(index, lang, segmenter() if lang == "zh" else None))
    _write(path, {**index, "docs": []})


def vocabulary(docs: Iterable[Mapping[str, str]]) -> set[str]:
    """The Chinese words of an index (what the browser's query reader knows)."""
    return {word for doc in docs for field in ("title", "text") for word in _HAN.findall(doc.get(field, "").replace(ZWSP, " "))}
