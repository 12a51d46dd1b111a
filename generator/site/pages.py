"""Markdown for the site's generated parts, in Chinese or English, from the edition, forms, rules and reference data.

The MkDocs hooks replace `[[placeholder]]` and `<!-- generated:name -->` in the pages with what
these functions return, so no date, field, rule or catalogue entry is typed into a page by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from ..core import batch, changes, datafiles, editions, forms, reference, rules
from ..core.bilingual import Bilingual
from ..core.editions import Edition, date_text
from ..core.findings import ERROR
from ..core.words import FORM_UI, LANGS, ROUND_UI, WORDS, listed, rule_message
from ..io import html
from ..io import notice as notice_text
from .templating import cell
from .templating import render as render_template

# The edition the pages being built are of: the site's current one (mkdocs.yml extra.edition, else the latest),
# or a past one for its pages under editions/<year>/ (set by the hooks through `edition_of`).
EDITION: ContextVar[int | None] = ContextVar("edition", default=None)


def _edition() -> Edition:
    return editions.load(EDITION.get())


def _year() -> int:
    return _edition().year


@contextmanager
def edition_of(year: int | None) -> Iterator[None]:
    """Render the pages of `year` inside the block (None: the latest)."""
    token = EDITION.set(year)
    try:
        yield
    finally:
        EDITION.reset(token)


T = {lang: WORDS[lang]["pages"] for lang in LANGS}  # the site's page words, from data/words/<lang>.toml
TYPES = {lang: WORDS[lang]["types"] for lang in LANGS}


def _trainees(level: editions.Level, lang: str) -> str:
    """The number of trainees in the notice's own words (一般不少于50人，不超过120人: not a bare 不少于50人 the notice
    softens), or at least n / about n where an edition does not quote them."""
    if level.trainees_wording[lang]:
        return level.trainees_wording[lang]
    if level.trainees_min:
        return T[lang]["trainees_min"].format(n=level.trainees_min)
    return T[lang]["trainees_about"].format(n=level.trainees_about)


def _attachment(number: int, lang: str) -> str:
    """附件n, as both languages name an attachment."""
    return T[lang]["attachment"].format(n=number)


def placeholders(lang: str, edition: Edition | None = None) -> dict[str, str]:
    """The values of [[…]] in the pages, in one language."""
    e = edition or _edition()
    office, sep = e.office, T[lang]["sep"]
    values = {
        "number": e.number,
        "title": e.title[lang],
        "issuer": e.issuer[lang],
        "issued": date_text(e.issued, lang),
        "finish_by": date_text(e.finish_by, lang),
        "year": str(e.year),
        "prev_year": str(e.year - 1),
        "download_centre": T[lang]["download_centre"].format(**e.download_centre.to_dict()),
        "catalogue": e.catalogue,
        "office.name": Bilingual.read(office, "name")[lang],
        "office.address": T[lang]["office_address"].format(**office),
        "office.postcode": office["postcode"],
        "office.email": office["email"],
        "office.phones": sep.join(office["phones"]),
        "office.contacts": sep.join(
            T[lang]["person"].format(zh=name, en=pinyin)
            for name, pinyin in zip(office["contacts"], office.get("contacts_en") or office["contacts"], strict=True)
        ),
    }
    for field in forms.all_fields(e.year):
        if field.type == "topics":  # the topic boxes of the forms: [[topic.<option id>]]
            values |= {f"topic.{option.id}": option.label(lang) for option in field.options}
    for key, level in e.levels.items():
        values[f"deadline.{key}"] = date_text(level.deadline, lang)
        values[f"days.{key}"] = level.days_text[lang]
        values[f"days_wording.{key}"] = level.days_wording[lang]  # the notice's own words, 一般 and all
        values[f"trainees_wording.{key}"] = level.trainees_wording[lang]
        values[f"trainees.{key}"] = _trainees(level, lang)
        values[f"recruit.{key}"] = level.recruit[lang]
    return values


def fill_placeholders(text: str, lang: str, root: str = "") -> str:
    """Replace every [[key]] ([[clause.<key>]]: a link to that clause of the notice, `root` leading to the docs
    root); an unknown key is an error, so a typo fails the build."""
    values = placeholders(lang)
    e = _edition()
    for key, clause in e.clauses.items():
        values[f"clause.{key}"] = f"[{clause.ref[lang]}]({root}notice.md#{clause.anchor})"
    # every topic heading of this edition's forms with its clause (topic_<option id>), so a page that lists them needs
    # no edit when a new notice removes or renames one
    topics = next((f.options for f in forms.all_fields(e.year) if f.type == "topics"), ())
    values["topics.cited"] = T[lang]["sep"].join(
        T[lang]["topic_cited"]
        .format(topic=o.label(lang), clause=values.get(f"clause.topic_{o.id}", ""))
        .replace("（）", "")
        .replace(" ()", "")
        for o in topics
    )

    def value(match: re.Match[str]) -> str:
        if match[1] not in values:
            # a typo, or a topic or clause the edition's notice no longer has (edition new names the places)
            raise KeyError(f"unknown placeholder [[{match[1]}]]: the {e.year} edition has no such fact, topic or clause")
        return values[match[1]]

    return re.sub(r"\[\[([\w.]+)\]\]", value, text)


def _clause(rule: rules.Rule, form: str, edition: Edition, field: str | None = None) -> editions.Clause | None:
    """The clause of the notice a rule cites for a form (and field, where it differs by field), if any."""
    key = rule.clause_key(form, field)
    return edition.clause(key) if key else None


# ---- home ------------------------------------------------------------------


def _level_column(key: str, lang: str) -> dict[str, object]:
    """One level's column of the home page's table."""
    level = _edition().levels[key]
    return {
        "key": key,
        "days": level.days_wording[lang],
        "trainees": _trainees(level, lang),
        "recruit": level.recruit[lang],
        "attachment": _attachment(forms.load(key, _year()).attachment, lang),
        "stamp": T[lang][f"stamp_{key}"],
        "deadline": date_text(level.deadline, lang),
    }


def levels_table(lang: str, root: str = "") -> str:
    """National and provincial side by side: length, trainees, recruitment, forms, deadline."""
    e = _edition()
    return render_template(
        "levels.md.j2",
        lang,
        root=root,
        nat=_level_column("national", lang),
        prov=_level_column("provincial", lang),
        summary=_attachment(e.attachments["summary"]["number"], lang),
        finish_by=date_text(e.finish_by, lang),
        format_clause=e.clause("course_format"),
        paths_clause=e.clause("instructions_paths"),
    )


def round_phases(lang: str, year: int | None = None) -> list[dict[str, str]]:
    """The round's states over time, each with the sentence that says it: the page shows the one of its reader's today."""
    e, ui = (editions.load(year) if year else _edition()), ROUND_UI[lang]
    name = lambda key: e.levels[key].name[lang]  # noqa: E731
    sep = ui["sep"]
    last = lambda keys: date_text(max(e.levels[k].deadline for k in keys), lang)  # noqa: E731
    result = []
    for phase in e.phases():
        if not phase.closed:
            deadlines = sep.join(ui["deadline"].format(level=name(k), date=date_text(e.levels[k].deadline, lang)) for k in phase.open)
            key, text = "open", ui["open"].format(year=e.year, deadlines=deadlines)
        elif phase.open:
            key = "partly"
            text = ui["partly"].format(
                year=e.year,
                closed=sep.join(map(name, phase.closed)),
                closed_on=last(phase.closed),
                open=sep.join(map(name, phase.open)),
                open_on=last(phase.open),
            )
        else:
            key, text = "closed", ui["closed"].format(year=e.year, closed_on=last(phase.closed))
        result.append({"starts": phase.starts.isoformat(), "key": key, "text": text})
    return result


def round_banner(lang: str, today: dt.date | None = None, year: int | None = None) -> str:
    """The state of the round as the build sees it; the page's script corrects it to the reader's today."""
    phases = round_phases(lang, year)
    today_iso = (today or dt.date.today()).isoformat()
    current = ([p for p in phases if p["starts"] <= today_iso] or phases[:1])[-1]
    phases_json = json.dumps(phases, ensure_ascii=False)
    return render_template("round.html.j2", lang, current=current, phases_json=phases_json, label=ROUND_UI[lang]["label"])


def deadlines(lang: str, html_root: str = "") -> str:
    """The dates that matter, each with a live countdown the browser fills in."""
    e, t = _edition(), T[lang]
    events = [
        (e.issued, t["event_issued"], False),
        (e.levels["national"].deadline, t["event_national"], True),
        (e.levels["provincial"].deadline, t["event_provincial"], True),
        (e.finish_by, t["event_finish_by"], True),
    ]
    rows = [{"date": date_text(day, lang), "what": what, "countdown": day if count else None} for day, what, count in events]
    return render_template("deadlines.md.j2", lang, events=rows, html_root=html_root, year=e.year)


# ---- the notice --------------------------------------------------------------


def _notice_text(lang: str) -> str:
    """The edition's notice in Markdown, with its anchors."""
    return datafiles.read_text("editions", str(_year()), f"notice.{lang}.md")


def notice(lang: str) -> str:
    """The notice text of the edition, with the blank official forms in place of the attachments' tables."""
    text = _notice_text(lang)
    english = lang == "en"
    text = text.replace("<!-- form:national -->", html.blank_form_html("national", year=_year(), english=english))
    text = text.replace("<!-- form:provincial -->", html.blank_form_html("provincial", year=_year(), english=english))
    return text.replace("<!-- form:summary -->", html.summary_html(year=_year(), english=english))


def notice_paragraph(anchor: str, lang: str) -> str:
    """The text of one clause of the notice, by its anchor."""
    text = _notice_text(lang)
    match = re.search(rf"(?:^|\n\n)((?:(?!\n\n).)+?)\n\{{:\s*#{re.escape(anchor)}\s*\}}", text, re.S)
    return match[1].strip() if match else ""


def instruction_anchors() -> list[str]:
    """The anchors of 附件4's items (a4-1 …), in the notice's order: as many as this year's notice has."""
    number = _edition().attachments["instructions"]["number"]
    return re.findall(rf"\{{:\s*#(a{number}-\d+)\s*\}}", _notice_text("zh"))


# ---- how to fill each form -----------------------------------------------------


def _rules_of(field_id: str, form: str) -> list[rules.Rule]:
    """The rules the guide lists under a field: those that can report it or one of its details (their findings link here)."""
    definition = forms.load(form, _year())
    own = [f for f in definition.fields if f.id == field_id or f.detail_of == field_id]
    return [rule for rule in rules.RULES if any(rule.concerns(f, form) for f in own)]


def _rule_text(rule: rules.Rule, lang: str, edition: Edition, **context: object) -> str:
    """A rule's message for the docs: the edition's facts (those its forms share) and the page's context in, the
    user's values as …"""
    facts = [rules.facts(form, edition) for form in rule.forms]
    shared = {key: value for key, value in facts[0].items() if all(f[key] == value for f in facts)}
    docs = WORDS[lang].get("rule_docs", {})
    if rule.id in docs:
        return docs[rule.id]
    return rule_message(rule.id, {**rules.DOCS_DEFAULTS, **shared, **context}, lang, blank=T[lang]["value_blank"])


def _options(field: forms.Field, form: forms.Form, form_id: str, lang: str) -> tuple[str, list[str]]:
    """A field's options in one line, and for each option that asks for more, the sentence that says so."""
    t = T[lang]
    labels = t["option_sep"].join(t["option"].format(zh=o.label("zh"), en=o.label("en")) for o in field.options)
    details = [
        t["option_detail"].format(
            option=option.label("zh"),
            option_en=option.label("en"),
            detail=form.field(option.detail).label(form_id),
            detail_en=form.field(option.detail).label(form_id, "en"),
        )
        for option in field.options
        if option.detail
    ]
    return labels, details


def _field_guide(field: forms.Field, form: forms.Form, form_id: str, lang: str, edition: Edition) -> dict[str, object]:
    """What the guide says of one field: heading, guidance, who fills it, format, options, help and checks."""
    t = T[lang]
    options, details = _options(field, form, form_id, lang)
    help_zh = field.help(form_id, "zh")
    note = ""
    if not field.cell:
        into = field.written_into
        note = t["written_into"].format(label=form.field(into).label(form_id)) if into else t["not_cell"]
    context = {
        "label": Bilingual.each(lambda lang_: field.named(form_id, lang_)),
        "official": field.named(form_id),
        "ask": rules.ask(field),
        **edition.facts(form_id),
    }
    checks = [
        {
            "id": rule.id,
            "severity": rule.severity_in(form_id, edition, field.id),
            "message": _rule_text(rule, lang, edition, **context),
            "clause": _clause(rule, form_id, edition, field.id),
        }
        for rule in _rules_of(field.id, form_id)
    ]
    return {
        "heading": t["field_heading"].format(zh=field.title(form_id, "zh"), en=field.title(form_id, "en")),
        "anchor": field.id.replace("_", "-"),
        "guide": field.guide(form_id, lang),
        "who": t[field.filled_by(form_id)],
        "required": t["required_" + (rules.empty_severity(field, form_id, edition) or "none")],
        "type": TYPES[lang][field.type],
        "options": options,
        "details": details,
        "help": t["help_both"].format(zh=help_zh, en=field.help(form_id, "en")) if help_zh else "",
        "note": note,
        "checks": checks,
    }


def form_guide(form_id: str, lang: str, root: str = "../") -> str:
    """Every field of 附件1 or 附件2 in order: what goes there, who fills it, its format and its checks."""
    form, e = forms.load(form_id, _year()), _edition()
    fields = [_field_guide(field, form, form_id, lang, e) for field in form.fields if not field.detail_of]
    return render_template(
        "form_guide.md.j2", lang, root=root, blank_form=html.blank_form_html(form_id, year=_year(), english=lang == "en"), fields=fields
    )


def summary_guide(lang: str, root: str = "../") -> str:
    """附件3: its heading lines and columns, each with where its value comes from."""
    t, nat = T[lang], forms.load("national", _year())
    columns = []
    for column in forms.summary_columns(_year()):
        named = lambda f: t["cited"].format(en=f.named("national", "en"), zh=f.named("national"))  # noqa: E731 (“Phone” (“办公电话”))
        labels = t["labels_sep"].join(named(nat.field(s)) for s in column.sources)
        note = t["taken_from"].format(labels=labels) if column.sources else t["seq"]
        columns.append({"zh": column.name.zh, "en": column.name.en, "note": note})
    return render_template(
        "summary_guide.md.j2",
        lang,
        blank_form=html.summary_html(year=_year(), english=lang == "en"),
        heading=forms.summary_header(_year()),
        columns=columns,
        english=lang == "en",
    )


def instructions(lang: str, root: str = "../") -> str:
    """附件4 填表说明 item by item, each with what this tool checks for it."""
    e = _edition()
    items = []
    for number, anchor in enumerate(instruction_anchors(), 1):
        keys = [key for key, clause in e.clauses.items() if clause.anchor == anchor]
        checks = []
        for rule in rules.RULES:
            cited_on = [f for f in rule.forms if set(rule.clause_keys(f)) & set(keys)]
            if cited_on:  # its severity where it cites this item (the first such form's)
                checks.append({"id": rule.id, "severity": rule.severity_on(cited_on[0]), "message": _rule_text(rule, lang, e)})
        items.append({"number": number, "anchor": anchor, "text": notice_paragraph(anchor, lang), "rules": checks})
    return render_template("instructions.md.j2", lang, root=root, items=items)


# ---- rules ---------------------------------------------------------------------


def _by_form(rule: rules.Rule) -> bool:
    """Whether the rule's severity or clause differs between its forms (the rules page then names each form)."""
    return len({(rule.severity_on(f), rule.clause_keys(f)) for f in rule.forms}) > 1


def _why_error(rule: rules.Rule, lang: str, edition: Edition) -> list[str]:
    """Why the rule has its severity: the notice's binding words on each form where it is an error, and [rule_why]."""
    t = T[lang]
    lines = [t["shape"]] if rule.shape else []
    for form in rule.forms if not rule.shape else ():
        if rule.severity_on(form) != ERROR:
            continue
        said = [t["quote"].format(text=cell(words)) for key in rule.clause_keys(form) if (words := edition.clause(key).binds.get(rule.id))]
        lines += [
            t["on_form"].format(form=_attachment(forms.load(form, _year()).attachment, lang), text=q) if _by_form(rule) else q for q in said
        ]
    note = WORDS[lang]["rule_why"].get(rule.id)
    return list(dict.fromkeys(lines)) + ([cell(note)] if note else [])


def _severities(rule: rules.Rule, lang: str) -> list[dict[str, str]]:
    """The rule's severity, or one per form where they differ: [{form, severity}]."""
    if len({rule.severity_on(f) for f in rule.forms}) == 1:
        return [{"form": "", "severity": rule.severity_on(rule.forms[0])}]
    return [{"form": _attachment(forms.load(f, _year()).attachment, lang), "severity": rule.severity_on(f)} for f in rule.forms]


def _applies(rule: rules.Rule, lang: str, edition: Edition) -> str:
    """The forms a rule applies to, or the whole batch of 附件3."""
    t = T[lang]
    if rule.scope == "batch":
        return t["applies_batch"].format(form=_attachment(edition.attachments["summary"]["number"], lang))
    return t["labels_sep"].join(_attachment(forms.load(f, _year()).attachment, lang) for f in rule.forms)


def rules_table(lang: str, root: str = "") -> str:
    """Every rule: id, severity, forms, message, clause and the words that make it an error — from the rules themselves."""
    e = _edition()
    rows = []
    for rule in rules.RULES + batch.RULES:
        clauses = {key: e.clause(key) for f in rule.forms for key in rule.clause_keys(f)}.values()
        rows.append(
            {
                "id": rule.id,
                "severities": _severities(rule, lang),
                "applies": _applies(rule, lang, e),
                "message": _rule_text(rule, lang, e),
                "clauses": sorted(clauses, key=lambda clause: (clause.ref.zh, clause.anchor)),
                "why_error": _why_error(rule, lang, e),
            }
        )
    return render_template("rules.md.j2", lang, root=root, rules=rows)


# ---- reference data ------------------------------------------------------------


def catalogue(lang: str) -> str:
    """Each reference list with its status, source and entries, behind one filter box."""
    t = T[lang]
    refs = []
    for ref in reference.sets().values():
        refs.append(
            {
                "title": ref.name[lang],
                "anchor": ref.id.replace("_", "-"),
                "status": t.get(f"status_{ref.status}", ref.status),
                "state": t["loaded"].format(n=len(ref.rows)) if ref.loaded else t["not_loaded"],
                "confidence": _confidence(ref, lang),
                "source": ref.source[lang],
                "note": ref.note[lang],
                "note_kind": "warning" if ref.status != "official" or not ref.loaded else "note",
                "table": _ref_table(ref, lang) if ref.loaded else None,
            }
        )
    return render_template("catalogue.md.j2", lang, refs=refs)


def _confidence(ref: reference.RefSet, lang: str) -> str:
    """A list's grade, or how many of its rows have each grade when the rows are graded one by one."""
    t = T[lang]
    grades = ref.grades()
    if any(grades.values()):
        return t["sep"].join(t["conf_rows"].format(grade=t["conf_" + g], n=n) for g, n in grades.items() if n)
    return t["sep"].join(t["conf_" + g] for g in grades)


def _cited(ref_zh: str, lang: str) -> str:
    """A clause the data names by its Chinese number (一（二）), as the page's language cites it: clause 1(2) (一（二）)."""
    clause = next((c for c in _edition().clauses.values() if c.ref.zh == ref_zh), None) if ref_zh else None
    return T[lang]["cited"].format(en=clause.ref["en"], zh=ref_zh) if clause else ref_zh


def _ref_table(ref: reference.RefSet, lang: str) -> dict[str, list]:
    """A reference list's head and rows: number, name and the columns this list fills."""
    t = T[lang]
    extra: list[tuple[str, Callable[[dict[str, str]], str]]] = []
    if ref.kind == "ministries":
        extra = [(t["category"], lambda r: r.get("category", "")), (t["aliases"], lambda r: r.get("aliases", ""))]
    elif ref.kind == "former":
        extra = [(t["note"], lambda r: r.get("status", ""))]
    elif ref.kind == "catalogue":
        extra = [
            (t["department"], lambda r: r.get("department", "")),
            (t["note"], lambda r: r.get("group") or _cited(r.get("clause", ""), lang)),
        ]
    if any(ref.grades().values()):
        extra.append((t["confidence"], lambda r: t["conf_" + r["confidence"]]))
    extra = [(title, get) for title, get in extra if any(get(r) for r in ref.rows)]
    head = ["#", t["entries"]] + [title for title, _ in extra]
    rows = [[str(number), row["name"]] + [get(row) for _, get in extra] for number, row in enumerate(ref.rows, 1)]
    return {"head": head, "rows": rows}


# ---- timeline and checklist --------------------------------------------------------


def _path(key: str, plan: dict, lang: str, root: str) -> dict[str, object]:
    """One path (national or provincial): its dated steps and its checklist."""
    e, t = _edition(), T[lang]
    relink = lambda text: re.sub(r"\]\((?!https?:)", f"]({root}", text)  # noqa: E731 (links are written from the root)
    path = plan[key]
    dates = {"issued": e.issued, "deadline": e.levels[key].deadline, "finish_by": e.finish_by}
    steps = []
    for step in path["steps"]:
        day = dates.get(step.get("date", ""))
        steps.append(
            {"date": date_text(day, lang) if day else "", "text": relink(step[lang]), "countdown": day if day and day != e.issued else None}
        )
    form = forms.load(key, _year())
    required = [f.title(key, lang) for f in form.fields if f.required(key) and f.cell and f.filled_by(key) == "institution"]
    filled = t["checklist_filled"].format(form=_attachment(form.attachment, lang), fields=t["sep"].join(required))
    checklist = [filled] + [relink(item[lang]) for item in path["checklist"] + plan["common"]["checklist"]]
    return {"key": key, "title": path[lang], "steps": steps, "checklist": checklist}


def timeline(lang: str, root: str = "") -> str:
    """For each path: the steps from application to the finished course, and the checklist before sending."""
    plan = datafiles.read_toml("editions", str(_year()), "timeline.toml")
    return render_template("timeline.md.j2", lang, paths=[_path(key, plan, lang, root) for key in forms.FORMS])


# ---- the markers ---------------------------------------------------------------


# ---- every edition this tool holds ------------------------------------------------


def editions_page(lang: str, root: str = "../") -> str:
    """Each year's notice, newest first: its number, its dates and the state of its round on the reader's today."""
    current = _edition().year
    rows = []
    for year in reversed(editions.available()):
        e = editions.load(year)
        deadlines = [(level.name[lang], date_text(level.deadline, lang)) for level in e.levels.values()]
        rows.append(
            {
                "year": year,
                "number": e.number,
                "title": e.title[lang],
                "issued": date_text(e.issued, lang),
                "deadlines": deadlines,
                "finish_by": date_text(e.finish_by, lang),
                "banner": round_banner(lang, year=year),
                "current": year == current,
                "translation": e.translation,
            }
        )
    return render_template("editions.md.j2", lang, w=WORDS[lang]["editions"], rows=rows, root=root)


def current_year() -> int:
    """The year of the notice the site follows."""
    return _year()


def site_description(lang: str) -> str:
    """The one-line description of the site (its meta description), for the notice it follows."""
    e = _edition()
    return WORDS[lang]["site"]["description"].format(number=e.number, year=e.year)


def past_edition_pages(year: int, lang: str) -> dict[str, str]:
    """The pages of an earlier edition, kept at editions/<year>/: an overview, its notice, its instructions and its rules."""
    e, w = editions.load(year), WORDS[lang]["editions"]
    page = "---\nedition: {year}\ntitle: {title}\n---\n\n# {title}\n\n{body}\n".format
    titles = {name: w[f"past_{name}"].format(year=year) for name in ("notice", "instructions", "rules")}
    links = "\n".join(f"- [{titles[name]}]({name}.md)" for name in titles)
    overview = f"{round_banner(lang, year=year)}\n\n{e.title[lang]}\n\n{links}"
    return {
        "index.md": page(year=year, title=w["past_title"].format(year=year, number=e.number), body=overview),
        **{f"{name}.md": page(year=year, title=titles[name], body=f"<!-- generated:{name} -->") for name in titles},
    }


# ---- what changed since the previous notice ------------------------------------------


def changes_page(lang: str, root: str = "../") -> str:
    """How this edition's notice differs from the previous one's, each change with its clause."""
    e = _edition()
    previous = changes.previous_year(e.year)
    found = changes.between(changes.Round.of(previous), changes.Round.of(e.year)) if previous else []
    sentences = sentence_rows(lang, previous, e.year, root) if previous else {}
    return changes_markdown(lang, e, previous, found, root, sentences)


def changes_markdown(
    lang: str, edition: Edition, previous: int | None, found: list[changes.Change], root: str = "../", sentences: dict | None = None
) -> str:
    """The table of changes from the notice of `previous` to `edition`'s (a sentence when there is none to compare),
    then the binding sentences new, with other binding words, reworded and gone."""
    rows = [{"what": c.what[lang], "old": c.old[lang], "new": c.new[lang], "clause": edition.clauses.get(c.clause)} for c in found]
    words_ = WORDS[lang]["changes"]
    return render_template(
        "changes.md.j2", lang, w=words_, year=edition.year, previous=previous, rows=rows, root=root, sentences=sentences or {}
    )


def _place(anchor: str | None, lang: str) -> str:
    """How the page names a place of the notice: 三（一） / clause 3(1), 附件4第1条 / 附件4 item 1, or its anchor."""
    w = WORDS[lang]["changes"]
    if anchor is None:
        return "—"
    if lang == "zh" or not re.fullmatch(r"[sa]\d+(?:-\d+)?", anchor):
        return notice_text.ref_of(anchor) or f"#{anchor}"
    kind, number, _, item = re.fullmatch(r"([sa])(\d+)(-(\d+))?", anchor).groups()
    key = ("place_section" if kind == "s" else "place_attachment") + ("_item" if item else "")
    return w[key].format(n=number, item=item)


def sentence_rows(lang: str, previous: int, year: int, root: str = "../") -> dict[str, list[dict[str, str]]]:
    """The binding sentences that differ between two editions' notices, by kind, each with a link to its place."""
    texts = {y: datafiles.read_text("editions", str(y), "notice-source.txt") for y in (previous, year)}
    pages_ = {y: datafiles.read_text("editions", str(y), "notice.zh.md") for y in (previous, year)}
    found: dict[str, list[dict[str, Any]]] = {}
    quotes = {y: {k: c.quote for k, c in editions.load(y).clauses.items()} for y in (previous, year)}
    for change in notice_text.compare_sentences(texts[previous], previous, texts[year], year):
        sentence, at, page_ = (change.new, year, "notice.md") if change.new else (change.old, previous, f"editions/{previous}/notice.md")
        anchor = notice_text.sentence_anchor(sentence, pages_[at])
        name = _place(anchor, lang)
        if change.new is None:
            name = WORDS[lang]["changes"]["place_old"].format(year=at, place=name)
        words_ = [listed(list(s.words), "zh") if s else "" for s in (change.old, change.new)]
        found.setdefault(change.kind, []).append(
            {
                "place": f"[{name}]({root}{page_}#{anchor})" if anchor else name,
                "old": change.old.text if change.old else "",
                "new": change.new.text if change.new else "",
                "words": " → ".join(w for w in words_ if w) if change.kind == "binding" else words_[1] or words_[0],
                # the rules whose clause holds the sentence, with their severity under that year's notice
                "rules": [
                    (rule.id, "/".join(WORDS[lang]["pages"][s] for s in severity.split("/")))
                    for rule, severity in changes.citing(quotes[at], sentence.text, editions.load(at))
                ],
            }
        )
    return found


def render(name: str, lang: str, root: str, html_root: str = "") -> str:
    """The Markdown that replaces <!-- generated:name -->: `root` leads from the page's source to the
    docs root (for Markdown links), `html_root` from its URL to the site root (for raw HTML links)."""
    kind, _, arg = name.partition(":")
    renderers: dict[str, Callable[[], str]] = {
        "levels": lambda: levels_table(lang, root),
        "round": lambda: round_banner(lang),
        "deadlines": lambda: deadlines(lang, html_root),
        "notice": lambda: notice(lang),
        "guide": lambda: form_guide(arg, lang, root) if arg != "summary" else summary_guide(lang, root),
        "instructions": lambda: instructions(lang, root),
        "rules": lambda: rules_table(lang, root),
        "catalogue": lambda: catalogue(lang),
        "timeline": lambda: timeline(lang, root),
        "changes": lambda: changes_page(lang, root),
        "editions": lambda: editions_page(lang, root),
    }
    if kind not in renderers:
        raise KeyError(f"unknown generated block {name!r}")
    return renderers[kind]()


# ---- the form page ---------------------------------------------------------------


def form_page(lang: str) -> dict[str, object]:
    """What overrides/form.html needs to draw every input: fields, options, per-form labels and suggestions."""
    e = _edition()
    all_forms = {f: forms.load(f, _year()) for f in forms.FORMS}
    groups_ = forms.groups(_year())
    fields = []
    for field in forms.all_fields(_year()):
        shown = [f for f in field.forms if field.filled_by(f) == "institution"]
        if not shown:
            continue
        by_form = {
            f: {
                "zh": field.label(f, "zh"),
                "en": field.label(f, "en"),
                "required": rules.empty_severity(field, f, e),
                "help": field.help(f, "zh"),
                "help_en": field.help(f, "en"),
                "guide": field.guide(f, lang),
            }
            for f in shown
        }
        suggest = {f: field.suggest(f) for f in shown if field.suggest(f)}
        fields.append(
            {
                "id": field.id,
                "type": field.type,
                "input": field.kind.input,
                "grouped": field.kind.grouped,
                "forms": shown,
                "by_form": by_form,
                "group": field.group,
                "same_label": len({by_form[f]["zh"] for f in shown}) == 1,
                "section": "heading"
                if field.placement == "heading"
                else ("questions" if not field.cell and not field.written_into else field.group or "table"),
                "detail_of": field.detail_of,
                "shown_when": field.shown_when,
                "options": [
                    {"id": o.id, **{lang_: o.label(lang_, batch=T[lang_]["option_blank"]) for lang_ in LANGS}, "detail": o.detail}
                    for o in field.options
                ],
                "suggest": suggest,
                "printed": field.printed,
                "sentence": shown if field.written_into else [],  # the forms whose cell gets the trainee sentence
                "into": field.written_into,
            }
        )
    for field in fields:  # a detail shows when its option is chosen
        if field["detail_of"]:
            parent = next(f for f in fields if f["id"] == field["detail_of"])
            field["when"] = next(o["id"] for o in parent["options"] if o["detail"] == field["id"])
    suggestions = {kind: reference.suggestions(kind) for kind in ("catalogue", "ministries", "departments")}
    sections = {"heading": FORM_UI[lang]["heading_fields"], "table": "", "questions": FORM_UI[lang]["questions"]}
    sections.update({key: value[lang] for key, value in groups_.items()})
    return {
        "lang": lang,
        "year": e.year,
        "ui": FORM_UI[lang],
        "fields": fields,
        "suggestions": suggestions,
        "forms": {f: {"attachment": all_forms[f].attachment} for f in forms.FORMS},
        "sections": sections,
        "anchors": {clause.ref.zh: clause.anchor for clause in e.clauses.values()},
        "quiet": [rule.id for rule in rules.RULES if rule.quiet_until_touched],
        "round": round_phases(lang),
        # the dates of the form are of the edition's year (date.year warns past it)
        "dates": {"min": f"{e.year}-01-01", "max": f"{e.year}-12-31"},
        "date_hint": date_hint(lang),
    }


def date_hint(lang: str) -> str:
    """How to type a date, the notice's own date as the example: 如 2025-01-13，也可输入 20250113."""
    example = _edition().issued.isoformat()
    return FORM_UI[lang]["date_format"].replace("{example}", example).replace("{digits}", example.replace("-", ""))
