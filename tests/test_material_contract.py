"""The contract of the site with the installed Material for MkDocs (.venv): what generator/site/material.py rewrites in
Material's files and what overrides/assets/javascripts/workers/material-search.js says to Material's search worker.
An upgrade that moves one fails here with a sentence naming what changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import material as material_theme
import pytest

from conftest import ROOT
from generator.site import material

THEME = Path(material_theme.__file__).parent / "templates"
SCRIPTS = THEME / "assets" / "javascripts"
FRONT = ROOT / "overrides" / "assets" / "javascripts" / "workers" / material.FRONT_WORKER


def _source(map_glob: str, name: str) -> str:
    """One TypeScript source of Material, from the source map it ships beside its minified file."""
    (path,) = SCRIPTS.glob(map_glob)
    sources = json.loads(path.read_text(encoding="utf-8"))
    return next(text for source, text in zip(sources["sources"], sources["sourcesContent"]) if source.endswith(name))


def test_material_numbers_its_search_messages_as_material_search_js_does():
    enum = re.search(r"enum SearchMessageType \{(.*?)\}", _source("bundle.*.min.js.map", "search/worker/message/index.ts"), re.S)[1]
    theirs = {name: number for number, name in enumerate(re.findall(r"^\s*(\w+),?", enum, re.M))}
    ours = {
        name: int(number)
        for name, number in re.findall(r"^const (SETUP|READY|QUERY|RESULT) = (\d+);", FRONT.read_text(encoding="utf-8"), re.M)
    }
    assert len(ours) == 4, "material-search.js no longer declares SETUP, READY, QUERY and RESULT"
    changed = {name: (number, theirs.get(name)) for name, number in ours.items() if theirs.get(name) != number}
    assert not changed, f"Material's search worker no longer numbers its messages as material-search.js does (ours, Material's): {changed}"


def test_material_files_still_hold_what_the_build_rewrites():
    (bundle,) = SCRIPTS.glob("bundle.*.min.js")
    (worker,) = (SCRIPTS / "workers").glob("search.*.min.js")
    material.versioned_bundle(bundle.read_text(encoding="utf-8"))  # each raises MaterialChanged, naming the pattern
    material.versioned_worker(worker.read_text(encoding="utf-8"), "0")
    base = (THEME / "base.html").read_text(encoding="utf-8")
    assert re.search(r'"search": "assets/javascripts/workers/search\.\w+\.min\.js" \| url', base), (
        "Material's base.html no longer names its search worker in __config's \"search\": material.with_search_worker finds nothing to replace"
    )


def test_a_page_whose_configuration_moved_stops_the_build():
    page = '<script id="__config" type="application/json">{"base": ".."}</script>'
    with pytest.raises(material.MaterialChanged, match="no longer names its search worker"):
        material.with_search_worker(page, lazy=False)


# Material's own worker, as the built site ships it: a word written with lunr's escapes (学\员) is read whole, not cut
# by Material's Chinese cutter into pieces of its index (学 and 员).
_MATERIAL_WORKER = """async (url) => {
  const worker = new Worker(url);
  const next = () => new Promise((resolve) => { worker.onmessage = ({ data }) => resolve(data); });
  const config = { lang: ["zh"], separator: "[\\\\s\\\\u200b]+", pipeline: ["stemmer"], fields: { title: { boost: 1000 }, text: { boost: 1 } } };
  const docs = [{ location: "whole/", title: "学员", text: "学员" }, { location: "part/", title: "学", text: "学" }];
  let answer = next();
  worker.postMessage({ type: 0, data: { config, docs, options: {} } });
  const ready = await answer;
  answer = next();
  worker.postMessage({ type: 2, data: "学\\\\员" });
  const result = await answer;
  worker.terminate();
  return { ready: ready.type, result: result.type, found: (result.data.items || []).flat().map((item) => item.location) };
}"""


def test_material_worker_reads_a_word_written_with_lunr_escapes_whole(page, base_url, site):
    (worker,) = (site / "zh" / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    page.goto(f"{base_url}zh/")
    seen = page.evaluate(_MATERIAL_WORKER, f"{base_url}zh/assets/javascripts/workers/{worker.name}")
    assert seen["ready"] == 1, f"Material's search worker no longer answers SETUP (0) with READY (1): {seen}"
    assert seen["result"] == 3, f"Material's search worker no longer answers QUERY (2) with RESULT (3): {seen}"
    assert seen["found"] == ["whole/"], f"Material's search no longer reads 学\\员 as the word 学员 (material-search.js's escapes): {seen}"
