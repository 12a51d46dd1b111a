"""Markdown for the site's generated parts, in Chinese or English, from the edition, forms, rules and reference data.

The MkDocs hooks replace `[[placeholder]]` and `<!-- generated:name -->` in the pages with what
these functions return, so no date, field, rule or catalogue entry is typed into a page by hand.
"""

from __future__ import annotations

import datetime as dt
import html as _html
import json
import re
from collections.abc import Callable

from ..core import batch, datafiles, editions, forms, reference, rules
from ..core.editions import Edition, date_text
from ..core.words import FORM_UI, LANGS, ROUND_UI, WORDS, rule_message
from ..io import html

T = {lang: WORDS[lang]["pages"] for lang in LANGS}  # the site's page words, from data/words/<lang>.toml
TYPES = {lang: WORDS[lang]["types"] for lang in LANGS}


def _countdown(day: dt.date, lang: str) -> str:
    """A span the page's script fills with the days left or passed, in the words of data/words/<lang>.toml."""
    words = " ".join(f'data-{key.replace("_", "-")}="{_html.escape(text)}"' for key, text in WORDS[lang]["countdown"].items())
    return f'<span class="ku-countdown" data-date="{day.isoformat()}" {words}></span>'


def _trainees(level: editions.Level, lang: str) -> str:
    if level.trainees_min:
        return f"不少于{level.trainees_min}人" if lang == "zh" else f"at least {level.trainees_min}"
    return f"{level.trainees_about}人左右" if lang == "zh" else f"about {level.trainees_about}"


def placeholders(lang: str, edition: Edition | None = None) -> dict[str, str]:
    """The values of [[…]] in the pages, in one language."""
    e = edition or editions.load()
    office = e.office
    sep = "、" if lang == "zh" else ", "
    values = {
        "number": e.number,
        "title": e.title if lang == "zh" else e.title_en,
        "issuer": e.issuer if lang == "zh" else e.issuer_en,
        "issued": date_text(e.issued, lang),
        "finish_by": date_text(e.finish_by, lang),
        "year": str(e.year),
        "prev_year": str(e.year - 1),
        "download_centre": e.download_centre,
        "office.name": office["name"] if lang == "zh" else office["name_en"],
        "office.address": office["address"] if lang == "zh" else f"{office['address_en']} ({office['address']})",
        "office.postcode": office["postcode"],
        "office.email": office["email"],
        "office.phones": sep.join(office["phones"]),
        "office.contacts": sep.join(office["contacts"]),
    }
    for key, level in e.levels.items():
        values[f"deadline.{key}"] = date_text(level.deadline, lang)
        values[f"days.{key}"] = level.days_text if lang == "zh" else level.days_text_en
        values[f"trainees.{key}"] = _trainees(level, lang)
        values[f"recruit.{key}"] = level.recruit if lang == "zh" else level.recruit_en
    return values


def fill_placeholders(text: str, lang: str) -> str:
    """Replace every [[key]]; an unknown key is an error, so a typo fails the build."""
    values = placeholders(lang)

    def value(match: re.Match[str]) -> str:
        if match[1] not in values:
            raise KeyError(f"unknown placeholder [[{match[1]}]]")
        return values[match[1]]

    return re.sub(r"\[\[([\w.]+)\]\]", value, text)


def _link(root: str, anchor: str, text: str) -> str:
    return f"[{text}]({root}notice.md#{anchor})" if anchor else text


def _clause_link(rule: rules.Rule, form: str, edition: Edition, root: str) -> str:
    key = rule.clause_key(form)
    if not key:
        return "—"
    clause = edition.clause(key)
    return _link(root, clause.anchor, clause.ref)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return _html.escape(text, quote=False).replace("|", "&#124;").replace("\n", "<br>")


# ---- home ------------------------------------------------------------------


def levels_table(lang: str, root: str = "") -> str:
    """National and provincial side by side: length, trainees, recruitment, forms, deadline."""
    e, t = editions.load(), T[lang]
    nat, prov = e.levels["national"], e.levels["provincial"]
    a = e.attachments
    rows = [
        ("", f"**{t['national']}**", f"**{t['provincial']}**"),
        (t["days"], *(level.days_wording if lang == "zh" else level.days_wording_en for level in (nat, prov))),
        (t["trainees"], _trainees(nat, lang), _trainees(prov, lang)),
        (t["recruit"], nat.recruit if lang == "zh" else nat.recruit_en, prov.recruit if lang == "zh" else prov.recruit_en),
        (t["forms"], _forms_of("national", lang, root), _forms_of("provincial", lang, root)),
        (t["deadline"], f"**{date_text(nat.deadline, lang)}**", f"**{date_text(prov.deadline, lang)}**"),
        (t["finish_by"], date_text(e.finish_by, lang), date_text(e.finish_by, lang)),
    ]
    del a
    out = [f"| {' | '.join(rows[0])} |", "|---|---|---|"]
    out += [f"| {label} | {x} | {y} |" for label, x, y in rows[1:]]
    return (
        "\n".join(out)
        + f"\n\n{_link(root, 's2-1', '二（一）' if lang == 'zh' else 'Clause 二（一）')} · {_link(root, 'a4-1', '附件4第1条')}"
    )


def round_phases(lang: str) -> list[dict[str, str]]:
    """The round's states over time, each with the sentence that says it: the page shows the one of its reader's today."""
    e, ui = editions.load(), ROUND_UI[lang]
    name = lambda key: e.levels[key].name if lang == "zh" else e.levels[key].name_en  # noqa: E731
    sep = "、" if lang == "zh" else "; "
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


def round_banner(lang: str, today: dt.date | None = None) -> str:
    """The state of the round as the build sees it; the page's script corrects it to the reader's today."""
    phases = round_phases(lang)
    today_iso = (today or dt.date.today()).isoformat()
    current = ([p for p in phases if p["starts"] <= today_iso] or phases[:1])[-1]
    data = _html.escape(json.dumps(phases, ensure_ascii=False))
    return (
        f'<div class="ku-round ku-round--{current["key"]}" role="note" data-phases="{data}">'
        f'<strong>{ROUND_UI[lang]["label"]}</strong> <span class="ku-round__text">{_html.escape(current["text"])}</span></div>'
    )


def _forms_of(level: str, lang: str, root: str) -> str:
    number = forms.load(level).attachment
    guide = f"{root}guide/{level}.md"
    if lang == "zh":
        stamp = "不盖章" if level == "national" else "盖章"
        return f"[附件{number}]({guide})（{stamp}）＋ [附件3]({root}guide/summary.md)"
    stamp = "no stamp" if level == "national" else "stamped"
    return f"[附件{number}]({guide}) ({stamp}) + [附件3]({root}guide/summary.md)"


def deadlines(lang: str, html_root: str = "") -> str:
    """The dates that matter, each with a live countdown the browser fills in."""
    e, t = editions.load(), T[lang]
    events = [
        (e.issued, "通知印发" if lang == "zh" else "Notice issued", False),
        (e.levels["national"].deadline, "国家级项目申报截止" if lang == "zh" else "National applications close", True),
        (e.levels["provincial"].deadline, "省级项目申报截止" if lang == "zh" else "Provincial applications close", True),
        (e.finish_by, "全部研修班完成办班" if lang == "zh" else "All courses finished", True),
    ]
    out = [f"| {t['date']} | {t['event']} | |", "|---|---|---|"]
    for day, what, count in events:
        countdown = _countdown(day, lang) if count else ""
        out.append(f"| {date_text(day, lang)} | {what} | {countdown} |")
    out.append("")
    out.append(f'<a class="md-button" href="{html_root}deadlines-{e.year}.ics" download>{t["ics"]}</a>')
    return "\n".join(out)


# ---- the notice --------------------------------------------------------------


def notice(lang: str) -> str:
    """The notice text of the edition, with the blank official forms in place of the attachments' tables."""
    e = editions.load()
    text = datafiles.path("editions", str(e.year), f"notice.{lang}.md").read_text(encoding="utf-8")
    english = lang == "en"
    text = text.replace("<!-- form:national -->", html.blank_form_html("national", english=english))
    text = text.replace("<!-- form:provincial -->", html.blank_form_html("provincial", english=english))
    return text.replace("<!-- form:summary -->", html.summary_html(english=english))


def notice_paragraph(anchor: str, lang: str) -> str:
    """The text of one clause of the notice, by its anchor."""
    e = editions.load()
    text = datafiles.path("editions", str(e.year), f"notice.{lang}.md").read_text(encoding="utf-8")
    match = re.search(rf"(?:^|\n\n)((?:(?!\n\n).)+?)\n\{{:\s*#{re.escape(anchor)}\s*\}}", text, re.S)
    return match[1].strip() if match else ""


# ---- how to fill each form -----------------------------------------------------


def _rules_of(field_id: str, form: str) -> list[rules.Rule]:
    """The rules the guide lists under a field: those that name it, and those about every required cell."""
    field = forms.load(form).field(field_id)
    return [
        rule
        for rule in rules.RULES
        if form in rule.forms and rule.per_field and (field_id in rule.fields or (rule.required_cells and field.required(form)))
    ]


def _rule_text(rule: rules.Rule, lang: str, edition: Edition, **context: object) -> str:
    """A rule's message for the docs: the edition's facts (those its forms share) and the page's context in, the
    user's values as …"""
    facts = [edition.facts(form) for form in rule.forms]
    shared = {key: value for key, value in facts[0].items() if all(f[key] == value for f in facts)}
    docs = WORDS[lang].get("rule_docs", {})
    if rule.id in docs:
        return docs[rule.id]
    return rule_message(rule.id, {**rules.DOCS_DEFAULTS, **shared, **context}, lang, blank="…")


def form_guide(form_id: str, lang: str, root: str = "../") -> str:
    """Every field of 附件1 or 附件2 in order: what goes there, who fills it, its format and its checks."""
    form, e, t = forms.load(form_id), editions.load(), T[lang]
    out = [html.blank_form_html(form_id, english=lang == "en"), ""]
    for field in form.fields:
        if field.detail_of:
            continue
        title = field.full_label(form_id, "zh")
        heading = title if lang == "zh" else f"{title} · {field.full_label(form_id, 'en')}"
        out.append(f"### {heading} {{#{field.id.replace('_', '-')}}}")
        out.append("")
        guide = field.raw.get(f"guide_{lang}_{form_id}") or field.raw.get(f"guide_{lang}") or ""
        if guide:
            out += [guide, ""]
        who = {"institution": t["institution"], "hrss": t["hrss"], "reviewer": t["reviewer"]}[field.filled_by(form_id)]
        facts = [f"- **{t['who']}**：{who}" if lang == "zh" else f"- **{t['who']}**: {who}"]
        required = t["yes"] if field.required(form_id) else t["no"]
        facts.append(f"- **{t['required']}**：{required}" if lang == "zh" else f"- **{t['required']}**: {required}")
        facts.append((f"- **{t['type']}**：" if lang == "zh" else f"- **{t['type']}**: ") + TYPES[lang][field.type])
        if field.options:
            labels = (
                "；".join(o.label("zh") for o in field.options)
                if lang == "zh"
                else "; ".join(f"{o.label('zh')} ({o.label('en')})" for o in field.options)
            )
            facts.append((f"- **{t['options']}**：" if lang == "zh" else f"- **{t['options']}**: ") + labels)
            for option in field.options:
                if option.detail:
                    detail = form.field(option.detail)
                    note = (
                        f"选“{option.label('zh')}”时须填写“{detail.label(form_id)}”"
                        if lang == "zh"
                        else f"“{option.label('en')}” asks for “{detail.label(form_id, 'en')}” ({detail.label(form_id)})"
                    )
                    facts.append(f"    - {note}")
        help_zh = field.help(form_id, "zh")
        if help_zh:
            facts.append(
                (f"- **{t['help']}**：" if lang == "zh" else f"- **{t['help']}**: ")
                + help_zh
                + ("" if lang == "zh" else f" — {field.help(form_id, 'en')}")
            )
        if not field.raw.get("cell", True):
            into = field.raw.get("written_into")
            note = t["written_into"].format(label=form.field(into).label(form_id)) if into else t["not_cell"]
            facts.append(f"- {note}")
        out += facts
        checks = _rules_of(field.id, form_id)
        context = {
            "label": rules.both(field.full_label(form_id), field.full_label(form_id, "en")),
            "official": field.full_label(form_id),
            "ask": rules.ask(field),
            **e.facts(form_id),
        }
        if checks:
            out.append(f"- **{t['checks']}**：" if lang == "zh" else f"- **{t['checks']}**:")
            for rule in checks:
                severity = t[rule.severity]
                message = _rule_text(rule, lang, e, **context)
                out.append(
                    f"    - [`{rule.id}`]({root}rules.md#{_rule_anchor(rule.id)}) {severity} — {_cell(message)} {_clause_link(rule, form_id, e, root)}"
                )
        out.append("")
    return "\n".join(out)


def summary_guide(lang: str, root: str = "../") -> str:
    """附件3: its heading lines and columns, each with where its value comes from."""
    t = T[lang]
    out = [html.summary_html(english=lang == "en"), ""]
    out.append(f"| {t['field']} | {t['en']} | {t['guide']} |")
    out.append("|---|---|---|")
    for line in forms.summary_header():
        note = "汇总单位填写并盖章" if lang == "zh" else "filled and stamped by the collecting department"
        out.append(f"| {line['zh']} | {line['en']} | {note} |")
    nat = forms.load("national")
    for column in forms.summary_columns():
        if not column.sources:
            note = t["seq"]
        else:
            labels = "、".join(nat.field(s).full_label("national") for s in column.sources)
            note = f"{t['taken_from']}“{labels}”" if lang == "zh" else f"{t['taken_from']} “{labels}”"
        out.append(f"| {column.zh} | {column.en} | {note} |")
    return "\n".join(out)


def instructions(lang: str, root: str = "../") -> str:
    """附件4 填表说明 item by item, each with what this tool checks for it."""
    e, t = editions.load(), T[lang]
    out = []
    for number in range(1, 6):
        anchor = f"a4-{number}"
        text = notice_paragraph(anchor, lang)
        out.append(f"### {'第' + str(number) + '条' if lang == 'zh' else 'Item ' + str(number)} {{#item-{number}}}")
        out.append("")
        out.append("> " + text.replace("\n", "\n> ") + f" {_link(root, anchor, '↗')}")
        out.append("")
        keys = [key for key, clause in e.clauses.items() if clause.anchor == anchor]
        enforced = [r for r in rules.RULES if any(r.clause_key(f) in keys for f in r.forms)]
        for rule in enforced:
            message = _rule_text(rule, lang, e)
            out.append(f"- [`{rule.id}`]({root}rules.md#{_rule_anchor(rule.id)}) {t[rule.severity]} — {_cell(message)}")
        out.append("")
    return "\n".join(out)


# ---- rules ---------------------------------------------------------------------


def _rule_anchor(rule_id: str) -> str:
    return "rule-" + rule_id.replace(".", "-").replace("_", "-")


def _why_error(rule: rules.Rule, lang: str, edition: Edition) -> str:
    """The words of the notice that make a rule an error, or why it is one (shape); "" for a warning."""
    if rule.severity != rules.ERROR:
        return ""
    if rule.shape:
        return T[lang]["shape"]
    return "<br>".join(dict.fromkeys(f"「{_cell(rule.binds(form, edition))}」" for form in rule.forms if rule.binds(form, edition)))


def rules_table(lang: str, root: str = "") -> str:
    """Every rule: id, severity, forms, message, clause and the words that make it an error — from the rules themselves."""
    e, t = editions.load(), T[lang]
    head = [t["rule"], t["severity"], t["applies"], t["message"], t["why_error"]]
    out = ['<div class="ku-rules" markdown>', "", "| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for rule in rules.RULES + batch.RULES:
        if rule.scope == "batch":
            applies = "附件3（整批）" if lang == "zh" else "附件3 (whole batch)"
        else:
            applies = "、".join(f"附件{forms.load(f).attachment}" for f in rule.forms)
        message = _rule_text(rule, lang, e)
        clauses = " ".join(sorted({_clause_link(rule, f, e, root) for f in rule.forms} - {"—"}))
        basis = "<br>".join(part for part in (clauses, _why_error(rule, lang, e)) if part) or "—"
        badge = f'<span class="ku-badge ku-badge--{rule.severity}">{t[rule.severity]}</span>'
        out.append(f'| <span id="{_rule_anchor(rule.id)}"></span>`{rule.id}` | {badge} | {applies} | {_cell(message)} | {basis} |')
    return "\n".join(out + ["", "</div>"])


# ---- reference data ------------------------------------------------------------


def catalogue(lang: str) -> str:
    """Each reference list with its status, source and entries, behind one filter box."""
    t = T[lang]
    out = [
        f'<div class="ku-filter"><label for="ku-filter">{t["filter"]}</label> '
        f'<input id="ku-filter" type="search" placeholder="{t["filter_placeholder"]}" autocomplete="off" data-empty="{t["no_match"]}"></div>',
        "",
    ]
    for ref in reference.sets().values():
        title = ref.zh if lang == "zh" else ref.en
        out.append(f"### {title} {{#{ref.id.replace('_', '-')}}}")
        out.append("")
        status = t.get(f"status_{ref.status}", ref.status)
        state = t["loaded"].format(n=len(ref.rows)) if ref.loaded else t["not_loaded"]
        facts = [f"**{t['status']}**: {status} · {state}"]
        if ref.confidence:
            facts.append(f"**{t['confidence']}**: {t.get('conf_' + ref.confidence, ref.confidence)}")
        facts.append(f"**{t['source']}**: {_cell(ref.source(lang))}")
        out.append(" · ".join(facts))
        note = ref.note_zh if lang == "zh" else ref.note_en
        if note:
            kind = "warning" if ref.status != "official" or not ref.loaded else "note"
            out += ["", f'!!! {kind} ""', f"    {note}"]
        out.append("")
        if ref.loaded:
            out += _ref_table(ref, lang)
            out.append("")
    return "\n".join(out)


def _ref_table(ref: reference.RefSet, lang: str) -> list[str]:
    t = T[lang]
    extra: list[tuple[str, Callable[[dict[str, str]], str]]] = []
    if ref.kind == "ministries":
        extra = [(t["category"], lambda r: r.get("category", "")), ("", lambda r: r.get("aliases", ""))]
    elif ref.kind == "former":
        extra = [(t["note"], lambda r: r.get("status", ""))]
    elif ref.kind == "catalogue":
        extra = [(t["department"], lambda r: r.get("department", "")), (t["note"], lambda r: r.get("group") or r.get("clause", ""))]
    extra = [(title, get) for title, get in extra if any(get(r) for r in ref.rows)]
    head = ["#", t["entries"]] + [title or ("别名" if lang == "zh" else "Also known as") for title, _ in extra]
    out = ['<div class="ku-filterable" markdown>', "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for number, row in enumerate(ref.rows, 1):
        cells = [str(number), _cell(row["name"])] + [_cell(get(row)) for _, get in extra]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "</div>"]
    return out


# ---- timeline and checklist --------------------------------------------------------


def timeline(lang: str, root: str = "") -> str:
    """For each path: the steps from application to the finished course, and the checklist before sending."""
    e = editions.load()
    plan = datafiles.read_toml("editions", str(e.year), "timeline.toml")
    relink = lambda text: re.sub(r"\]\((?!https?:)", f"]({root}", text)  # noqa: E731 (links are written from the root)
    out = []
    for key in forms.FORMS:
        path = plan[key]
        dates = {"issued": e.issued, "deadline": e.levels[key].deadline, "finish_by": e.finish_by}
        out += [f"## {path[lang]} {{#{key}}}", ""]
        for number, step in enumerate(path["steps"], 1):
            day = dates.get(step.get("date", ""))
            when = f"**{date_text(day, lang)}** " if day else ""
            countdown = " " + _countdown(day, lang) if day and day != e.issued else ""
            out.append(f"{number}. {when}{relink(step[lang])}{countdown}")
        form = forms.load(key)
        required = [
            f.full_label(key, lang)
            for f in form.fields
            if f.required(key) and f.raw.get("cell", True) and f.filled_by(key) == "institution"
        ]
        filled = (
            f"附件{form.attachment}已填写：{'、'.join(required)}"
            if lang == "zh"
            else f"附件{form.attachment} filled in: {', '.join(required)}"
        )
        items = [filled] + [relink(item[lang]) for item in path["checklist"] + plan["common"]["checklist"]]
        out += ["", f"**{'报送前检查' if lang == 'zh' else 'Before you submit'}**", ""]
        out += [f"- ☐ {item}" for item in items] + [""]  # a box to tick on paper (a disabled checkbox would have no label)
    return "\n".join(out)


# ---- the markers ---------------------------------------------------------------


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
    }
    if kind not in renderers:
        raise KeyError(f"unknown generated block {name!r}")
    return renderers[kind]()


# ---- the form page ---------------------------------------------------------------


def form_page(lang: str) -> dict[str, object]:
    """What overrides/form.html needs to draw every input: fields, options, per-form labels and suggestions."""
    e = editions.load()
    all_forms = {f: forms.load(f) for f in forms.FORMS}
    groups_ = forms.groups()
    fields = []
    for field in forms.all_fields():
        shown = [f for f in field.forms if field.filled_by(f) == "institution"]
        if not shown:
            continue
        by_form = {
            f: {
                "zh": field.label(f, "zh"),
                "en": field.label(f, "en"),
                "required": field.required(f),
                "help": field.help(f, "zh"),
                "help_en": field.help(f, "en"),
                "guide": field.raw.get(f"guide_{lang}_{f}") or field.raw.get(f"guide_{lang}") or "",
            }
            for f in shown
        }
        suggest = {f: field.suggest(f) for f in shown if field.suggest(f)}
        fields.append(
            {
                "id": field.id,
                "type": field.type,
                "forms": shown,
                "by_form": by_form,
                "group": field.group,
                "same_label": len({by_form[f]["zh"] for f in shown}) == 1,
                "section": "heading"
                if field.raw.get("placement") == "heading"
                else ("questions" if not field.raw.get("cell", True) and not field.raw.get("written_into") else field.group or "table"),
                "detail_of": field.detail_of,
                "shown_when": field.raw.get("shown_when"),
                "options": [
                    {"id": o.id, "zh": o.label("zh", batch="＿"), "en": o.label("en", batch="…"), "detail": o.detail} for o in field.options
                ],
                "suggest": suggest,
                "printed": field.printed,
                "sentence": {f: e.level_of(f).trainees_sentence for f in shown} if field.raw.get("written_into") else {},
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
        "anchors": {clause.ref: clause.anchor for clause in e.clauses.values()},
        "quiet": [rule.id for rule in rules.RULES if rule.quiet_until_touched],
        "round": round_phases(lang),
    }
