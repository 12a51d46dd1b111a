"""An edition as a folder: a new one made from the notice's text (edition new), and the check of one (edition check)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import batch, changes, datafiles, drafts, editions, forms, rules  # noqa: F401 (batch: its rules are declared)
from ..core.findings import Finding, ReadError, errors
from ..core.words import listed, say
from ..io import notice, tomltext

OK, FAILED, UNREADABLE = 0, 1, 2
FILES = ("edition.toml", "forms.toml", "notice-source.txt", "notice.zh.md", "notice.en.md", "timeline.toml")
PACKAGE = datafiles.on_disk("editions")
ROOT = Path(__file__).resolve().parents[2]  # the repository when the package runs from one (its docs/)


@dataclass(frozen=True)
class Line:
    """One line of a report: an entry of the [edition] words, or text that reads the same in every language."""

    key: str | None
    params: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    indent: int = 0

    def say(self, lang: str) -> str:
        """The line in one language."""
        return "  " * self.indent + (self.text if self.key is None else say("edition", self.key, lang, self.params))


def _shown(value: Any) -> str:
    """A value as the report shows it: dates as YYYY-MM-DD, lists and tables as JSON."""
    if value is None:
        return "—"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _where(table: str, key: str) -> str:
    return f"{table}.{key}" if table else key


# ---- edition new -----------------------------------------------------------------------------


@dataclass
class _Work:
    """edition.toml while it is rewritten, and what the report says about it."""

    text: str
    raw: dict[str, Any]
    changed: list[Line] = field(default_factory=list)
    missing: list[Line] = field(default_factory=list)
    review: list[Line] = field(default_factory=list)
    sentences: list[Line] = field(default_factory=list)
    same: int = 0

    def old(self, table: str, key: str) -> Any:
        """The previous edition's value."""
        node = self.raw
        for part in table.split(".") if table else ():
            node = node.get(part, {})
        return node.get(key)

    def put(self, table: str, key: str, value: Any) -> None:
        """Write a fact of the new notice (None: not found, the old value stays and is flagged)."""
        old = self.old(table, key)
        if value is None:
            if old is not None:
                self.missing.append(Line(None, text=f"{_where(table, key)} = {_shown(old)}", indent=1))
            return
        if value == old:
            self.same += 1
            return
        comment = _renumbered(tomltext.get_comment(self.text, table, key), old, value)
        self.text = tomltext.set_value(self.text, table, key, value, comment)
        self.changed.append(Line(None, text=f"{_where(table, key)}: {_shown(old)} → {_shown(value)}", indent=1))

    def drop(self, table: str, key: str) -> None:
        """Remove a key the new notice no longer supports (e.g. days_min when it now says 4天左右)."""
        old = self.old(table, key)
        if old is not None:
            self.text = tomltext.remove_key(self.text, table, key)
            self.changed.append(Line(None, text=f"{_where(table, key)}: {_shown(old)} → —", indent=1))

    def note(self, what: str, **params: Any) -> None:
        """Something for a person to review."""
        self.review.append(Line(what, params, indent=1))


def _renumbered(comment: str, old: Any, new: Any) -> str:
    """A trailing comment that quotes the old number (# 学员数量不少于30人) quotes the new one."""
    if isinstance(old, int) and isinstance(new, int) and len(re.findall(rf"(?<!\d){old}(?!\d)", comment)) == 1:
        return re.sub(rf"(?<!\d){old}(?!\d)", str(new), comment)
    return comment


def _previous_folder(previous: str | None) -> Path | None:
    """The folder to start from: a year of the package, a folder, or the latest edition."""
    if previous is None:
        return PACKAGE / str(editions.latest_year())
    if previous.isdigit() and int(previous) in editions.available():
        return PACKAGE / previous
    folder = Path(previous)
    return folder if (folder / "edition.toml").is_file() else None


def new(year: int, notice_file: Path, previous: str | None = None, out: Path | None = None, force: bool = False) -> tuple[int, list[Line]]:
    """Make the folder of a new edition from the notice's text; the report says what changed and what to review."""
    try:
        text = Path(notice_file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        return UNREADABLE, [Line("unreadable_notice", {"path": notice_file, "reason": getattr(err, "strerror", None) or err})]
    source = _previous_folder(previous)
    if source is None:
        return FAILED, [Line("no_previous", {"previous": previous})]
    target = Path(out) if out else PACKAGE / str(year)
    if target.exists() and target.resolve() == source.resolve():
        return FAILED, [Line("same_folder", {"path": target})]
    if target.exists() and any(target.iterdir()) and not force:
        return FAILED, [Line("exists", {"path": target})]
    work, markdown = _rewrite(year, text, source)
    _write(target, source, notice_file, markdown, work)
    return OK, _report(year, target, source, work)


def _rewrite(year: int, text: str, source: Path) -> tuple[_Work, str]:
    """The new edition.toml (the previous one with every fact the notice states set to it) and notice.zh.md."""
    old_toml = (source / "edition.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(old_toml)
    found = notice.facts(text)
    work = _Work(old_toml, raw)
    work.put("", "year", year)
    if found.get("year", year) != year:
        work.note("review_year", number=found.get("number"), found=found.get("year"), year=year)
    for key in ("number", "issuer", "title", "issued", "finish_by", "download_centre", "methods", "topics"):
        work.put("", key, found.get(key))
    _levels(work, found.get("levels", {}))
    for key in ("name", "address", "postcode", "email", "contacts", "phones"):
        work.put("office", key, found.get("office", {}).get(key))
    for key, attachment in raw.get("attachments", {}).items():
        for part in ("title", "heading"):
            work.put(f"attachments.{key}", part, found.get("attachments", {}).get(attachment["number"], {}).get(part))
    _english(work, raw, year)
    markdown = notice.to_markdown(text, _drawn_forms(source))
    old_text = (source / "notice-source.txt").read_text(encoding="utf-8")
    _clauses(work, old_text, text, markdown, source)
    _sentences(work, old_text, text, year, (source / "notice.zh.md").read_text(encoding="utf-8"), markdown)
    _forms_and_topics(work, source, text, found.get("topics", []), year)
    if raw.get("number") and found.get("number"):
        work.text = work.text.replace(raw["number"], found["number"])  # the comments that name the notice
    work.text = tomltext.set_value(work.text, "", "translation", "pending", say("edition", "toml_translation", "en"))
    work.note("review_translation")
    work.note("review_timeline", previous=raw["year"])
    if (source / "examples").is_dir():
        work.note("review_examples", previous=raw["year"], year=year)
    return work, markdown


def _levels(work: _Work, found: dict[str, dict[str, Any]]) -> None:
    """Each level's deadline, recruitment, length and trainees, found by its name (国家级, 省级)."""
    for key, level in work.raw.get("levels", {}).items():
        table, facts = f"levels.{key}", found.get(level["name"], {})
        for part in ("deadline", "recruit", "days_wording", "trainees_wording"):
            work.put(table, part, facts.get(part))
        _either(work, table, facts, [("days_min", "days_max"), ("days_about",), ("days_max",)], "days_tolerance")
        _either(work, table, facts, [("trainees_min",), ("trainees_about",)], "trainees_tolerance")
        if "trainees_max" in facts:  # 不超过120人, beside a least
            work.put(table, "trainees_max", facts["trainees_max"])
        else:
            work.drop(table, "trainees_max")
        _checked_by(work, key, level["form"], facts)


_LIMIT_RULES = {"trainees_min": "trainees.minimum", "trainees_about": "trainees.about"}  # the rule that reads each shape


def _checked_by(work: _Work, key: str, form: str, facts: dict[str, Any]) -> None:
    """A level whose limit takes a shape (不少于 / 左右) that no rule reads on its form: say which rule to extend."""
    declared = {rule.id: rule for rule in rules.declared("application")}
    for fact, rule_id in _LIMIT_RULES.items():
        if fact in facts and form not in declared[rule_id].forms:
            soft = notice.softening(facts.get("trainees_wording", ""))
            if soft and declared[rule_id].severity_on(next(iter(declared[rule_id].forms))) == "error":
                # 一般不少于50人: the notice softens it, so on this form the rule may warn, not refuse (tests/test_severity.py)
                work.note("review_limit_soft", where=f"levels.{key}", fact=fact, rule=rule_id, form=form, soft=listed(sorted(soft), "zh"))
            else:
                work.note("review_limit_rule", where=f"levels.{key}", fact=fact, rule=rule_id, form=form)
    for fact in ("trainees_max",):  # a limit no rule reads yet
        if fact in facts:
            work.note("review_limit_none", where=f"levels.{key}", fact=fact, value=facts[fact], wording=facts.get("trainees_wording", ""))


def _either(work: _Work, table: str, facts: dict[str, Any], shapes: list[tuple[str, ...]], tolerance: str) -> None:
    """One of two ways the notice states a limit (5至7天 or 4天左右; 不少于30人 or 50人左右): set it, drop the other."""
    shape = next((s for s in shapes if all(k in facts for k in s)), None)
    if shape is None:
        for key in (k for s in shapes for k in s):
            work.put(table, key, None)
        return
    was_about = work.old(table, shapes[1][0]) is not None
    for key in shape:
        work.put(table, key, facts[key])
    for key in (k for s in shapes if s != shape for k in s if k not in shape):
        work.drop(table, key)
    if shape == shapes[1] and not was_about:
        work.note("review_tolerance", where=table, key=tolerance)
    elif shape != shapes[1]:
        work.drop(table, tolerance)  # our reading of 左右, which the notice no longer says


def _english(work: _Work, raw: dict[str, Any], year: int) -> None:
    """English values: the year follows the notice's; a changed Chinese value asks for its English to be rewritten."""
    pairs = [("", "title"), ("", "issuer"), ("", "download_centre"), ("office", "name"), ("office", "address"), ("office", "contacts")]
    pairs += [(f"levels.{k}", p) for k in raw.get("levels", {}) for p in ("recruit", "days_wording", "trainees_wording")]
    pairs += [(f"attachments.{k}", "title") for k in raw.get("attachments", {})]
    before, after = str(raw["year"]), str(year)
    new = tomllib.loads(work.text)
    for table, key in pairs:
        english = work.old(table, f"{key}_en")
        if isinstance(english, str) and before in english:
            work.put(table, f"{key}_en", english.replace(before, after))
        old_zh, new_zh = work.old(table, key), _get(new, table, key)
        changed = new_zh != old_zh.replace(before, after) if isinstance(old_zh, str) else new_zh != old_zh  # the contacts: a list
        composed = _wording_en(key, new_zh, _node(new, table)) if changed else None
        if composed is not None:
            work.put(table, f"{key}_en", composed)
        elif changed and key == "contacts":  # pinyin of other people: the English pages show the names alone until written
            work.drop(table, f"{key}_en")
            work.note("review_en", where=_where(table, f"{key}_en"))
        elif changed and english is not None:
            work.note("review_en", where=_where(table, f"{key}_en"))


def _wording_en(key: str, zh: Any, level: dict[str, Any]) -> str | None:
    """The English of a level's wording (一般为5至7天（含报到返程时间）, 不少于40人) made of its known parts; None when the
    Chinese says more than those parts, which a person must then translate."""
    if not isinstance(zh, str):
        return None
    if key == "days_wording":
        if "days_min" in level and "days_max" in level:
            span, params = "wording_days_range", {"min": level["days_min"], "max": level["days_max"]}
        elif "days_about" in level:
            span, params = "wording_days_about", {"about": level["days_about"]}
        elif "days_max" in level:
            span, params = "wording_days_max", {"max": level["days_max"]}
        else:
            return None
        for soft in ("wording_usually", "wording_in_principle", None):
            for included in (True, False):
                marks = [m for m in (soft, span, "wording_included" if included else None) if m]
                if zh == "".join(say("marks", m, "zh", params) for m in marks):
                    return "".join(say("marks", m, "en", params) for m in marks)
        return None
    if key == "trainees_wording":
        most = level.get("trainees_max")
        for mark, number in (("trainees_min", level.get("trainees_min")), ("trainees_about", level.get("trainees_about"))):
            if not number:
                continue
            for soft in ("wording_trainees_usually", "wording_in_principle", None):
                marks = [m for m in (soft, mark, "wording_trainees_max" if most else None) if m]
                params = {"n": number, "max": most}
                composed = "".join(say("marks", m, "zh", params) for m in marks)
                if zh.endswith(composed) and len(zh) - len(composed) <= 1:  # 在50人左右: a preposition only
                    return "".join(say("marks", m, "en", params) for m in marks)
    return None


def _node(raw: dict[str, Any], table: str) -> dict[str, Any]:
    node = raw
    for part in table.split(".") if table else ():
        node = node.get(part, {})
    return node


def _get(raw: dict[str, Any], table: str, key: str) -> Any:
    node = raw
    for part in table.split(".") if table else ():
        node = node.get(part, {})
    return node.get(key)


def _drawn_forms(source: Path) -> dict[int, str]:
    """Which attachments the notice page draws as a form (<!-- form:national --> under 附件1), as in the previous edition."""
    page = (source / "notice.zh.md").read_text(encoding="utf-8")
    return {int(n): key for n, key in re.findall(r"\{#a(\d+)\}\s*\n\s*<!--\s*form:(\w+)\s*-->", page)}


def _clauses(work: _Work, old_text: str, new_text: str, markdown: str, source: Path) -> None:
    """Each clause's quote followed into the new text, its binding words with it, its anchor where the quote now is."""
    follow = notice.follower(old_text, new_text)
    for key, clause in work.raw.get("clauses", {}).items():
        table = f"clauses.{key}"
        parts = clause["quote"].split("……")
        moved = [follow(part) or _same_shape(part, new_text) or notice.follow_in_paragraph(part, old_text, new_text) for part in parts]
        lost = [p for p, m in zip(parts, moved) if m is None]
        if len(lost) == len(parts):  # the clause is gone: say what still cites it, for the maintainer to remove or rewrite
            cited = _places(
                pattern=re.compile(rf"clause\.{re.escape(key)}\b|clause\s*=\s*\"{re.escape(key)}\"|\"{re.escape(key)}\"\s*[,}}\]]")
            )
            work.note("review_quote", clause=key, part="……".join(lost), previous=work.raw["year"], places=listed(cited or ["—"], "en"))
            continue
        for part in lost:  # a part gone (a topic heading of a list): the quote is what is left of it
            work.note("review_quote_part", clause=key, part=part, previous=work.raw["year"])
        parts, moved = [p for p, m in zip(parts, moved) if m is not None], [m for m in moved if m is not None]
        work.put(table, "quote", "……".join(moved))
        binds = {}
        for rule_id, words in clause.get("binds", {}).items():
            carried = follow(words)
            if carried and any(carried in part for part in moved) and _binding(words) <= _binding(carried):
                binds[rule_id] = carried
            elif (
                carried
                and any(carried in part for part in moved)
                and _binding(carried)
                and not notice.softening(carried) - notice.softening(words)
            ):
                # 须 → 应: other binding words, none softened; the rule stays an error, and the maintainer is told so
                binds[rule_id] = carried
                was, now = (listed(sorted(_binding(w)), "zh") for w in (words, carried))
                work.note("review_bind_changed", clause=key, rule=rule_id, words=carried, old=was, new=now)
            else:
                work.note("review_bind", clause=key, rule=rule_id, words=words)
        if clause.get("binds"):
            if binds:
                work.put(table, "binds", binds)
            else:
                work.drop(table, "binds")
        _anchor(work, key, clause, moved, markdown, source)


def _same_shape(words: str, new_text: str) -> str | None:
    """The one place of the new text that reads as `words` but for its numbers (联系电话：0591-…、0591-… with other
    phones, as many as the new notice gives); None when there is no such place, or more than one."""
    parts = re.split(r"(\d(?:[-、，,]?\d)*)", notice.squeeze(words))
    if len(parts) == 1:
        return None  # no number to let vary: the words themselves were not found
    shape = "".join(r"\d(?:[-、，,]?\d)*" if i % 2 else re.escape(part) for i, part in enumerate(parts))
    found = re.findall(shape, notice.squeeze(new_text))
    return found[0] if len(found) == 1 else None


def _sentences(work: _Work, old_text: str, new_text: str, year: int, old_page: str, new_page: str) -> None:
    """Every binding sentence new, changed or gone since the previous notice, with its place and the rules that cite it."""
    previous = work.raw["year"]
    clauses = tomllib.loads(work.text).get("clauses", {})
    for change in notice.compare_sentences(old_text, previous, new_text, year):
        now, was = change.new, change.old
        place = _place(notice.sentence_anchor(now, new_page) if now else notice.sentence_anchor(was, old_page))
        params = {
            "place": place,
            "previous": previous,
            "old": was.text if was else "",
            "new": now.text if now else "",
            "old_words": listed(list(was.words), "zh") if was else "",
            "new_words": listed(list(now.words), "zh") if now else "",
        }
        work.sentences.append(Line(f"sentence_{change.kind}", params, indent=1))
        if cited := _citing(clauses if now else work.raw.get("clauses", {}), (now or was).text):
            work.sentences.append(Line("sentence_rules", {"rules": listed(cited, "en")}, indent=2))


def _place(anchor: str | None) -> str:
    """#s3-1 三（一）, #contact, or — for a sentence on no one place of the page (a form's words)."""
    if anchor is None:
        return "—"
    ref = notice.ref_of(anchor)
    return f"#{anchor} {ref}" if ref else f"#{anchor}"


def _citing(clauses: dict[str, Any], sentence: str) -> list[str]:
    """The rules (with their severity) that cite a clause whose quote shares a sentence with `sentence`."""
    return [f"{rule.id} ({severity})" for rule, severity in changes.citing({k: c["quote"] for k, c in clauses.items()}, sentence)]


def _binding(words: str) -> set[str]:
    """The notice's imperatives in some words (应, 须, 不少于 …)."""
    return {word for word in rules.BINDING_WORDS if word in words}


def _anchor(work: _Work, key: str, clause: dict[str, Any], parts: list[str], markdown: str, source: Path) -> None:
    """Keep the anchor where it still holds the quote; else the place that does (and its ref)."""
    if notice.holds(clause["anchor"], parts, markdown):
        return
    anchor = notice.anchor_of(parts, markdown)
    if anchor is None:
        work.note("review_anchor", clause=key, anchor=clause["anchor"])
        return
    work.put(f"clauses.{key}", "anchor", anchor)
    work.put(f"clauses.{key}", "ref", notice.ref_of(anchor))
    if clause.get("ref_en") == _ref_en(clause["anchor"]):  # clause 2(2) is now clause 2(1), as the English pages cite it
        work.put(f"clauses.{key}", "ref_en", _ref_en(anchor))
    elif clause.get("ref_en"):
        work.note("review_en", where=f"clauses.{key}.ref_en")
    links = _places(pattern=re.compile(rf"#{re.escape(clause['anchor'])}(?![\w-])"))
    if links:  # the pages link to the notice by anchor, written by hand
        work.note("review_links", anchor=clause["anchor"], new=anchor, places=listed(links, "en"))
    # the forms' guides (which the new forms.toml extends) and the words name a clause by its number as text
    refs = [r for r in (clause.get("ref"), clause.get("ref_en")) if r and re.search(r"\d|[（(]", r)]
    named = _places(words=refs, also=[source / "forms.toml"]) if refs and notice.ref_of(anchor) not in refs else []
    if named:
        work.note("review_refs", refs=listed(refs, "en"), new=notice.ref_of(anchor), places=listed(named, "en"))


def _ref_en(anchor: str) -> str | None:
    """How the English pages cite the place of an anchor: clause 2(1), 附件4 item 1 (None for a named place)."""
    match = re.fullmatch(r"([sa])(\d+)(?:-(\d+))?", anchor)
    if not match:
        return None
    kind, number, item = match.groups()
    key = ("place_section" if kind == "s" else "place_attachment") + ("_item" if item else "")
    return say("changes", key, "en", {"n": number, "item": item})


def _forms_and_topics(work: _Work, source: Path, text: str, topics: list[str], year: int) -> None:
    """The forms whose text changed, and the topic headings that are gone with the places that still name them."""
    before = (source / "notice-source.txt").read_text(encoding="utf-8")

    def words(notice_text: str, year: int) -> dict[int, str]:
        return {n: notice.squeeze("".join(lines)).replace(str(year), "") for n, lines in notice.attachments(notice.split(notice_text)[1])}

    old_forms, new_forms = words(before, work.raw["year"]), words(text, year)
    keys = {a["number"]: k for k, a in work.raw.get("attachments", {}).items()}
    listed_titles = notice.facts(text).get("attachments", {})
    for n, new_words in new_forms.items():
        if n not in keys:  # an attachment last year's notice did not have (附件5 承诺书)
            title = listed_titles.get(n, {}).get("title") or listed_titles.get(n, {}).get("heading", "")
            work.note("review_attachment_new", n=n, title=title, previous=work.raw["year"])
        elif old_forms.get(n) != new_words:
            work.note("review_form", n=n, key=keys[n], previous=work.raw["year"])
    old_topics = work.raw.get("topics") or notice.facts(before).get("topics", [])
    gone = [t for t in old_topics if t not in topics]
    if topics and gone:
        # the pages name a topic box by its option id ([[topic.industry]]): the boxes of last year's forms for the gone headings
        boxes = [o.id for f in forms.all_fields(work.raw["year"]) if f.type == "topics" for o in f.options if o.name.zh in gone]
        pattern = re.compile(rf"\[\[topic\.(?:{'|'.join(map(re.escape, boxes))})\]\]") if boxes else None
        places = listed(_places(gone, pattern) or ["—"], "en")
        work.note("review_topics", old=listed(old_topics, "zh"), new=listed(topics, "zh"), places=places)


def _places(words: list[str] | None = None, pattern: re.Pattern[str] | None = None, also: list[Path] | None = None) -> list[str]:
    """Where the data, the words and the docs (and the files `also`) name any of `words` (or match `pattern`): path:line."""
    data = PACKAGE.parent
    files = [p for p in sorted(data.rglob("*.toml")) if PACKAGE not in p.parents] + [p for p in also or () if p.is_file()]
    files += sorted((ROOT / "docs").rglob("*.md")) if (ROOT / "docs").is_dir() else []
    found = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(word in line for word in words or ()) or (pattern and pattern.search(line)):
                found.append(f"{path.relative_to(ROOT) if ROOT in path.parents else path}:{number}")
    return found


def _write(target: Path, source: Path, notice_file: Path, markdown: str, work: _Work) -> None:
    """The folder: the previous one copied, then the new edition.toml, the notice's text and pages."""
    # last year's examples are last year's: the new ones are made by carrying them over (the report says how)
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "examples"))
    shutil.copyfile(notice_file, target / "notice-source.txt")
    (target / "notice.zh.md").write_text(markdown, encoding="utf-8")
    number = tomllib.loads(work.text)["number"]
    title, body = say("edition", "en_pending_title", "en"), say("edition", "en_pending", "en", {"number": number})
    (target / "notice.en.md").write_text(f'!!! warning "{title}"\n    {body}\n\n{markdown}', encoding="utf-8")
    (target / "edition.toml").write_text(work.text, encoding="utf-8")
    previous = work.raw["year"]
    if source.resolve() == (PACKAGE / str(previous)).resolve():  # an edition of the package: say the forms are its
        comment = say("edition", "toml_forms", "en", {"previous": previous})
        (target / "forms.toml").write_text(f"{comment}\nextends = {previous}\n", encoding="utf-8")


def _report(year: int, target: Path, source: Path, work: _Work) -> list[Line]:
    """What was written, what changed, what was not found, what a person must review, and the check of the folder."""
    previous = work.raw["year"]
    lines = [Line("written", {"year": year, "path": target, "previous": source})]
    lines += [Line("changed_title"), *work.changed, Line("same", {"n": work.same, "previous": previous})]
    lines += [Line("missing_title", {"previous": previous}), *work.missing] if work.missing else [Line("nothing_missing")]
    lines += (
        [Line("sentences_title", {"previous": previous}), *work.sentences]
        if work.sentences
        else [Line("sentences_none", {"previous": previous})]
    )
    lines += [Line("review_title"), *work.review]
    status, checked = check(year, target)
    lines.append(Line("new_check_failed" if status else "new_check_ok"))
    return lines + ([Line(c.key, c.params, c.text, c.indent + 1) for c in checked[1:]] if status else [])


# ---- the translation, place by place ------------------------------------------------------------


def _english_words(text: str) -> str:
    """The English words of a place of notice.en.md (its anchors, comments and marks aside); "" when it is still
    Chinese (an address or an e-mail in Latin letters does not make a Chinese paragraph English)."""
    words = " ".join(re.sub(r"\{:?\s*#[\w-]+\s*\}|<!--.*?-->|[#*>!]", " ", text, flags=re.S).split())
    latin, chinese = len(re.findall(r"[A-Za-z]", words)), len(re.findall(r"[\u3400-\u9fff]", words))
    return words if latin and latin >= chinese else ""


def _own_places(markdown: str) -> dict[str, str]:
    """Each anchor of a notice page and its own words: a heading's without the anchored paragraphs under it."""
    found = notice.anchored(markdown)
    own = {}
    for anchor, text in found.items():
        for other, inner in found.items():
            if other != anchor and inner and inner in text and len(inner) < len(text):
                text = text.replace(inner, "")
        own[anchor] = text
    return own


def _side_by_side(folder: Path) -> list[tuple[str, str, str]]:
    """Each anchored place of notice.zh.md in order: its anchor, its Chinese, and the English of the same anchor in
    notice.en.md ("" when it has none: not yet translated)."""
    read = {n: (folder / n).read_text(encoding="utf-8") if (folder / n).is_file() else "" for n in ("notice.zh.md", "notice.en.md")}
    zh, en = _own_places(read["notice.zh.md"]), _own_places(read["notice.en.md"])
    return [(anchor, notice.plain(text), _english_words(en.get(anchor, ""))) for anchor, text in zh.items()]


def translation(year: int, folder: Path | None = None, out: Path | None = None) -> tuple[int, list[Line]]:
    """The notice and its translation side by side, place by place (a Markdown table to `out`); 1 while a place
    of notice.zh.md has no English under the same anchor in notice.en.md, 0 when every place has."""
    folder = Path(folder) if folder else PACKAGE / str(year)
    if not folder.is_dir():
        return FAILED, [Line("no_folder", {"path": folder})]
    pairs = _side_by_side(folder)
    missing = [anchor for anchor, _, english in pairs if not english]
    if out:
        cell = lambda text: text.replace("|", "\\|")  # noqa: E731  a table cell: its bars escaped
        rows = [f"| #{a} | {cell(zh)} | {cell(en)} |" for a, zh, en in pairs]
        table = "\n".join([say("edition", "side_by_side_head", "en"), "|---|---|---|", *rows])
        Path(out).write_text(table + "\n", encoding="utf-8")
    lines = [Line("translated", {"n": len(pairs) - len(missing), "total": len(pairs), "path": folder})]
    lines += [Line("untranslated", {"anchor": a}, indent=1) for a in missing]
    return (FAILED if missing else OK), lines


# ---- edition check ---------------------------------------------------------------------------


def check(year: int, folder: Path | None = None) -> tuple[int, list[Line]]:
    """Check an edition's folder: its files, TOML, clauses, dates, levels and the examples that name it."""
    folder = Path(folder) if folder else PACKAGE / str(year)
    if not folder.is_dir():
        return FAILED, [Line("no_folder", {"path": folder})]
    problems = [Line("missing_file", {"file": name}, indent=1) for name in FILES if not (folder / name).is_file()]
    problems += _toml_problems(folder, "timeline.toml") + _toml_problems(folder, "forms.toml") + _forms_problems(folder, year)
    edition, notes = None, []
    if (folder / "edition.toml").is_file():
        try:
            edition = editions.from_folder(folder)
        except tomllib.TOMLDecodeError as err:
            problems.append(Line("bad_toml", {"file": "edition.toml", "reason": err}, indent=1))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            problems.append(Line("bad_edition", {"reason": f"{type(err).__name__}: {err}"}, indent=1))
    if edition:
        levels = _level_forms(edition)
        problems += _year(edition, year) + _dates(edition) + levels + _clause_problems(edition, folder)
        if edition.translation == "reviewed":
            problems += [Line("untranslated", {"anchor": a}, indent=1) for a, _, english in _side_by_side(folder) if not english]
        problems += [] if levels else _examples(edition, folder)  # the examples need each level's form
        notes = _notes(edition)
    header = Line("check_failed" if problems else "check_ok", {"path": folder, "year": year, "n": len(problems)})
    return (FAILED if problems else OK), [header, *problems, *notes]


def _toml_problems(folder: Path, name: str) -> list[Line]:
    if not (folder / name).is_file():
        return []
    try:
        tomllib.loads((folder / name).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        return [Line("bad_toml", {"file": name, "reason": err}, indent=1)]
    return []


def _forms_problems(folder: Path, year: int) -> list[Line]:
    """forms.toml defines the forms, or extends an earlier edition this tool has."""
    try:
        own = tomllib.loads((folder / "forms.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []  # said as a missing file or bad TOML
    base = own.get("extends")
    if base is None:
        return [] if {"forms", "fields"} <= set(own) else [Line("forms_incomplete", {}, indent=1)]
    if base not in editions.available() or base >= year:
        return [Line("bad_extends", {"base": base, "available": listed(editions.available(), "en")}, indent=1)]
    return []


def _year(edition: editions.Edition, year: int) -> list[Line]:
    return [] if edition.year == year else [Line("wrong_year", {"found": edition.year, "year": year}, indent=1)]


def _dates(edition: editions.Edition) -> list[Line]:
    """issued ≤ each deadline ≤ finish_by, every date within a year of the edition's."""
    named = [("issued", edition.issued)]
    named += [(f"levels.{k}.deadline", level.deadline) for k, level in edition.levels.items()]
    named += [("finish_by", edition.finish_by)]
    found = [
        Line("date_year", {"where": name, "date": day, "year": edition.year}, indent=1)
        for name, day in named
        if not isinstance(day, dt.date) or abs(day.year - edition.year) > 1
    ]
    if found:
        return found
    deadlines = named[1:-1]
    pairs = [(named[0], d) for d in deadlines] + [(d, named[-1]) for d in deadlines] if deadlines else [(named[0], named[-1])]
    return [
        Line("date_order", {"first": a, "a": day_a, "second": b, "b": day_b}, indent=1) for (a, day_a), (b, day_b) in pairs if day_a > day_b
    ]


def _level_forms(edition: editions.Edition) -> list[Line]:
    """Each level's form is a form of forms.toml and has an attachment."""
    found = []
    for key, level in edition.levels.items():
        if level.form not in forms.FORMS:
            found.append(Line("level_form", {"level": key, "form": level.form, "forms": listed(forms.FORMS, "en")}, indent=1))
        elif level.form not in edition.attachments:
            found.append(Line("level_attachment", {"level": key, "form": level.form}, indent=1))
    return found


def _clause_problems(edition: editions.Edition, folder: Path) -> list[Line]:
    """Every clause: its anchor on the page(s), its quote word for word, its binding words in its quote."""
    read = {
        n: (folder / n).read_text(encoding="utf-8") for n in ("notice-source.txt", "notice.zh.md", "notice.en.md") if (folder / n).is_file()
    }
    source, page = notice.squeeze(read.get("notice-source.txt", "")), read.get("notice.zh.md", "")
    words = notice.plain(page)
    drawn = {a for a, text in notice.anchored(page).items() if "<!-- form:" in text}  # a form's words are on its own page
    pages = ["notice.zh.md"] + (["notice.en.md"] if edition.translation == "reviewed" else [])
    found = []
    for clause in edition.clauses.values():
        where = {"clause": clause.key, "anchor": clause.anchor}
        for name in (p for p in pages if p in read):
            if not re.search(rf"\{{:?\s*#{re.escape(clause.anchor)}\s*\}}", read[name]):
                found.append(Line("anchor_missing", {**where, "file": name}, indent=1))
        parts = clause.quote.split("……")
        for part in parts:
            if "notice-source.txt" in read and part not in source:
                found.append(Line("quote_not_in_source", {**where, "part": part}, indent=1))
            elif page and part not in words and clause.anchor not in drawn:
                found.append(Line("quote_not_in_notice", {**where, "part": part}, indent=1))
        for rule_id, binds in clause.binds.items():
            params = {**where, "rule": rule_id, "words": binds, "binding": listed(rules.BINDING_WORDS, "zh")}
            if not any(binds in part for part in parts):
                found.append(Line("bind_not_in_quote", params, indent=1))
            elif not _binding(binds):
                found.append(Line("bind_no_word", params, indent=1))
    return found


def _examples(edition: editions.Edition, folder: Path) -> list[Line]:
    """The edition's examples (its examples/ folder): a valid one has no error, invalid/RULE--… shows RULE."""
    folder = folder / "examples"
    found = []
    for path in sorted(folder.rglob("*.json")) if folder.is_dir() else ():
        try:
            draft = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not a draft: the validate command says why
        if not isinstance(draft, dict):
            continue
        name = str(path.relative_to(folder.parent))
        if draft.get("edition") != edition.year:
            found.append(Line("example_other_year", {"file": name, "found": draft.get("edition"), "year": edition.year}, indent=1))
            continue
        try:
            findings = _findings(edition, draft)
        except ReadError as err:
            found.append(Line("example_unreadable", {"file": name, "year": edition.year, "reason": err.en}, indent=1))
            continue
        if path.parent.name == "invalid":
            rule_id = path.name.split("--")[0]
            if rule_id not in {f.rule for f in findings}:
                found.append(Line("example_missed", {"file": name, "rule": rule_id, "year": edition.year}, indent=1))
        elif errors(findings):
            rule_ids = listed(sorted({f.rule for f in errors(findings)}), "en")
            found.append(Line("example_errors", {"file": name, "year": edition.year, "rules": rule_ids}, indent=1))
    return found


def _findings(edition: editions.Edition, draft: dict[str, Any]) -> list[Finding]:
    """The findings of a draft under `edition` (which need not be in the package yet)."""
    upgraded, _ = drafts.upgrade(draft)
    form_id = upgraded.get("form")
    if form_id not in forms.FORMS:
        raise ReadError.of("no_form")
    form = forms.load(form_id, edition.year if edition.year in editions.available() else None)
    app, problems = drafts.clean(form, edition, upgraded.get("data") or {})
    return rules.check(app, problems)


def _notes(edition: editions.Edition) -> list[Line]:
    """What is not a problem but worth knowing: a pending translation, topic boxes that differ from the notice's."""
    notes = [Line("note_pending")] if edition.translation == "pending" else []
    year = edition.year if edition.year in editions.available() else None
    boxes = tuple(o.name.zh for f in forms.all_fields(year) if f.id == "topics" for o in f.options)
    if edition.topics and boxes != edition.topics:
        notes.append(Line("note_topics", {"forms": listed(boxes, "zh"), "topics": listed(edition.topics, "zh")}))
    return notes
