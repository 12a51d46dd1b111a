"""The few functions the browser worker calls. Each takes plain values (JSON text for drafts, bytes for files)
and returns plain JSON-ready data (dicts, lists, strings, numbers, bytes), or raises a ReadError that says
in both languages why a file or draft cannot be used. `answer` is the Python end of the worker's protocol
(overrides/assets/shared/protocol.js): every request gets one reply of one shape.

Only what the first check needs is imported here; openpyxl and jinja2 (files, print view) are imported
on first use, or by `preload()` while the page is idle, so that Python is ready as soon as Pyodide is.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from typing import Any

from ..core import changes, drafts, editions, forms, rules, words
from ..core.bilingual import Bilingual, plain
from ..core.findings import ERROR, ReadError

HEAVY = (
    "generator.io.xlsx",
    "generator.io.docx",
    "generator.io.html",
    "generator.io.inputs",
    "generator.core.batch",
    "generator.io.layout",
    "generator.io.summary",
    "generator.core.intake",
    "generator.core.transfer",
    "generator.io.figures",
    "generator.io.worklists",
)


def preload() -> None:
    """Import the modules the files and the print view need (openpyxl, jinja2), before the user asks."""
    for name in HEAVY:
        importlib.import_module(name)


def check(draft_json: str) -> list[dict[str, Any]]:
    """Findings of a draft (never raises: bad input is a finding too)."""
    try:
        draft = drafts.load_json(draft_json)
    except ReadError:
        draft = None
    return [f.to_dict() for f in rules.validate(draft)]


def export(draft_json: str, what: str = "application", fmt: str = "xlsx") -> dict[str, Any]:
    """附件1/附件2 ("application") or the one-row 附件3 ("summary") as .xlsx or .docx, errors or not: the page
    asks the user to confirm a download with errors, and the file is the user's own work."""
    examined = rules.examine(drafts.load_json(draft_json))
    if examined.error:
        raise examined.error
    app, found = examined.app, examined.findings
    from ..io import docx, layout, xlsx

    writer = docx if fmt == "docx" else xlsx
    if what == "summary":
        unit, date = app.summary_heading(dt.date.today())
        data = writer.write_summary([app.summary_row()], unit=unit, date=date, year=app.edition.year)
        name = layout.summary_filename(app.edition.year, app.get("project_name") or "", suffix=f".{fmt}")
    else:
        data = writer.write_application(app)
        name = layout.filename(app, f".{fmt}")
    return {"name": name, "bytes": data, "errors": sum(f.severity == ERROR for f in found)}


def draft_filename(draft_json: str) -> str:
    """The name a draft saved from the form page is downloaded under (cleaned as every file name is)."""
    from ..io import layout

    draft = drafts.load_json(draft_json)
    data = draft.get("data") if isinstance(draft, dict) else None
    name = data.get("project_name") if isinstance(data, dict) else None
    return layout.draft_filename(name if isinstance(name, str) else "")


def blanks(draft_json: str) -> dict[str, str]:
    """What the printed cells will add to what was typed, {field id: text}: the wording of a cell that prints its own
    words around the blank ("是第3批国家级继续教育基地"), and the trainee sentence a long-text cell adds after the
    text ("面向全国招收学员，计划招收50人。"); {} when the draft cannot be read."""
    from ..io import layout

    try:
        app = drafts.application(drafts.load_json(draft_json))
    except ReadError:
        return {}
    wording = {f.id: f.printed.replace("{blank}", app.get(f.id)) for f in app.form.fields if f.printed and isinstance(app.get(f.id), str)}
    for field in app.form.fields:
        value = app.get(field.id)
        added = layout.added_sentence(app.form, field, value if isinstance(value, str) else None, app)
        if added:
            wording[field.id] = added
    return wording


def print_view(draft_json: str, lang: str = "zh") -> str:
    """The filled form as HTML for printing (the template of the docs' blank form)."""
    from ..io import html

    app = drafts.application(drafts.load_json(draft_json))
    return html.form_html(app, english=lang == "en")  # the English page prints the English beside the official labels


def _js_safe(value: Any) -> Any:
    """A draft the page can hold: integers past JavaScript's exact range become digit strings (which read back the same)."""
    if isinstance(value, dict):
        return {k: _js_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_js_safe(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return str(value)
    return value


def _unholdable(problems: list[tuple[str, str, Any]]) -> list[tuple[str, Any]]:
    """The values of a file the form's inputs cannot hold (a date that does not exist, an unknown option, a
    field the form lacks): (field id or key, raw value). A number out of range stays, with its finding."""
    return [
        (key, raw) for key, kind, raw in problems if not (kind == "integer" and isinstance(raw, (int, float)) and not isinstance(raw, bool))
    ]


def open_file(name: str, data: bytes, year: int | None = None, from_browser: bool = False) -> dict[str, Any]:
    """A draft from a JSON draft or an Excel file this tool wrote (or a ReadError: why the file cannot be used).
    What the form cannot hold is left out of the draft and listed in `left_out`, in both languages, with its value.
    A draft of another edition than the page's (`year`) is carried over openly: `carried` says what moved (`from_browser`:
    the draft is the answers this browser kept for that edition, offered on the first visit after a new one)."""
    from ..io import inputs

    items = inputs.read(name, bytes(data), summary=ReadError.of("summary_on_form"))
    if len(items) != 1:
        raise ReadError.of("batch_on_form", n=len(items))
    item = items[0]
    if item.error:
        raise item.error
    read = drafts.read(item.draft)
    form, values = read.app.form, read.draft.get("data", {})
    left_out = []
    for key, raw in _unholdable(read.problems):
        labelled = forms.shown_anywhere(key, raw, form, read.app.edition.year)  # 自筹经费项目, not "self"
        shown = labelled.map(_shown) if labelled else _shown(json.dumps(raw, ensure_ascii=False))
        label = forms.title_anywhere(key, form, read.app.edition.year) or key
        left_out.append({"field": key, **words.entry("marks", "pair", key=label, value=shown).to_dict()})
    kept = {k: v for k, v in values.items() if k not in {entry["field"] for entry in left_out}}
    draft = {**read.draft, "data": kept}
    carried = None
    if year is not None and year != read.app.edition.year and year in editions.available():
        moved = changes.carry_over(draft, year)
        draft, carried = moved.draft, _carried(name, moved, "kept_carried" if from_browser else "opened_carried")
    said = _read_by_labels(name, form, item.notes, left_out) if item.notes else None
    return {"draft": _js_safe(draft), "migrated_from": read.came_from, "left_out": left_out, "carried": carried, "read": said}


def _read_by_labels(name: str, form: Any, notes: list[Any], left_out: list[dict[str, str]]) -> dict[str, str]:
    """What reading a hand-filled form found, in one message for the form page: how many fields were read, and
    those not found, not understood (kept as typed) or found twice; what the form cannot hold is named too."""

    def said(lang: str) -> str:
        named = lambda key: [n.params["label"][lang] for n in notes if n.rule == key]  # noqa: E731
        parts = [
            words.say("reading", "opened", lang, {"name": name, "form": form.label(lang), "n": len(named("read") + named("read_year"))})
        ]
        for key, rules_ in (
            ("opened_missing", ("missing", "outside_block", "no_count")),
            ("opened_unclear", ("unclear", "count_approximate")),
            ("opened_ambiguous", ("ambiguous",)),
            ("opened_several", ("several_ticked",)),
        ):
            items = [label for rule in rules_ for label in named(rule)]
            if items:
                parts.append(words.say("reading", key, lang, {"items": words.listed(items, lang)}))
        if left_out:
            kept = words.WORDS[lang]["form"]["items_separator"].join(e[lang] for e in left_out)
            parts.append(words.say("reading", "opened_left_out", lang, {"items": kept}))
        return " ".join(parts) if lang == "en" else "".join(parts)

    return Bilingual.each(said).to_dict()


def _carried(name: str, moved: changes.CarryOver, key: str = "opened_carried") -> dict[str, str]:
    """What carrying a draft to the page's edition did, in both languages: nothing dropped without being named."""

    def said(lang: str) -> str:
        parts = [words.say("form", "carried_renamed", lang, {"old": old[lang], "new": new[lang]}) for _, old, new in moved.relabelled]
        parts += [
            words.say("form", "carried_dropped", lang, {"label": old[lang], "value": _shown(value), "new": moved.draft["edition"]})
            for _, old, value in moved.dropped
        ]
        parts += [
            words.say(
                "form",
                "carried_option_dropped",
                lang,
                {"label": label[lang], "option": option[lang], "value": _shown(value), "new": moved.draft["edition"]},
            )
            for _, label, option, value in moved.options_dropped
        ]
        sep = words.WORDS[lang]["form"]["items_separator"]
        details = sep.join(parts) or words.say("form", "carried_same", lang)
        return words.say("form", key, lang, {"name": name, "old": moved.came_from, "new": moved.draft["edition"], "details": details})

    return Bilingual.each(said).to_dict()


def _shown(value: Any) -> str:
    """A value as a message quotes it: as typed (JSON where it is no text), cut to 60 characters."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


# ---- the collecting desk -------------------------------------------------------------


def read_files(files: Any) -> list[dict[str, Any]]:
    """The applications in many files ([{name, bytes}]): drafts, rows of an earlier 附件3, or why a file is unusable."""
    from ..io import inputs

    found = []
    for file in files:
        for item in inputs.read(file["name"], bytes(file["bytes"])):
            if item.error:
                found.append({"source": item.source, "error": item.error.text.to_dict()})
            elif item.row is not None:
                found.append({"source": item.source, "row": item.row})
            else:
                found.append({"source": item.source, "draft": _js_safe(item.draft)})
            if item.notes:  # kept by the page with the item and handed back with it (check_batch)
                found[-1]["notes"] = [note.to_dict() for note in item.notes]
            if item.heading is not None:  # a 附件3 row's heading: the office matches it to its department and date
                found[-1]["heading"] = item.heading
    return found


def _inputs(items: list[dict[str, Any]]) -> list[Any]:
    from ..core.findings import Note
    from ..io import inputs

    return [
        inputs.Input(
            i["source"],
            draft=i.get("draft"),
            row=i.get("row"),
            error=ReadError(**i["error"]) if i.get("error") else None,
            notes=[Note.from_dict(n) for n in i.get("notes") or [] if isinstance(n, dict)],
            heading=i["heading"] if isinstance(i.get("heading"), dict) else None,
        )
        for i in items
    ]


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None


def _checked(desk: dict[str, Any]) -> tuple[Any, list[Any]]:
    """The desk's items checked as a batch, in the order it chose, and the page's id of each entry in that order.
    Orders: "form" (batch.order_by_form, as on the command line), "input" (as added) or "hand" (the ids listed
    in `hand` first, in that order, then the rest as added). The batch's own checks find the same in any order."""
    from ..core import batch

    items, how, hand = desk.get("items") or [], desk.get("order"), desk.get("hand") or []
    ids: dict[int, Any] = {}

    def arrange(entries: list[batch.Entry]) -> list[batch.Entry]:
        ids.update({id(e): item.get("id") for item, e in zip(items, entries)})
        if how == "form":
            return batch.order_by_form(entries)
        if how == "hand":
            place = {item_id: n for n, item_id in enumerate(hand)}
            return sorted(entries, key=lambda e: place.get(ids[id(e)], len(place)))
        return entries

    result = batch.check(_inputs(items), _date(desk.get("date")), arrange)
    return result, [ids[id(e)] for e in result.entries]


def check_batch(desk_json: str) -> dict[str, Any]:
    """The desk's batch ({items, date, order, hand} as the page keeps it) checked: {entries, batch}, the entries
    in the order of 附件3's rows (and each with the page's id), so that the list and the download agree."""
    result, ids = _checked(json.loads(desk_json))
    entries = [{**e.to_dict(), "id": item_id} for item_id, e in zip(ids, result.entries)]
    return {"entries": entries, "batch": [f.to_dict() for f in result.findings]}


def export_batch(desk_json: str, fmt: str = "xlsx") -> dict[str, Any]:
    """附件3 of the desk's batch in its order, with the department's heading (`unit`, `date`) and 审核记录 if `review`
    is asked for (in Excel a sheet of its own, in Word pages after the table)."""
    from ..io import layout, summary

    desk = json.loads(desk_json)
    result, _ = _checked(desk)
    unit = desk.get("unit") or ""
    data = summary.write(result, fmt, unit, _date(desk.get("date")), bool(desk.get("review")))
    return {"name": layout.summary_filename(unit=unit, suffix=f".{fmt}"), "bytes": data, "rows": len(result.rows())}


# ---- the receiving office ------------------------------------------------------------
# The office page (/zh/office/, /en/office/) reads every file with `read_files` (as the desk does: a 附件3's rows
# come back as items with "row" and "heading": {unit, date}), keeps those items and the office's choices, and asks:
#
#   office_round(round_json) -> {
#       "edition": 2025,
#       "status": 0 | 1 | 2 | 3,          # as `intake` exits: 0 clean, 1 errors or something listed, 2 a file unreadable, 3 a fault
#       "counts": {"files", "applications", "with_errors", "listings", "rows", "unreadable"},
#       "summary": {"zh", "en"},          # one sentence: files, applications, 附件3 and rows, unreadable files
#       "applications": [{"key", "source", "form": "national"|"provincial", "level": {zh, en}, "title", "host",
#                         "departments": [unit…], "edition", "errors", "warnings", "faults", "findings": [finding…],
#                         "choice": "national"|"provincial"|"", "transferable": bool}],
#       "listings": [{"file", "unit", "date": ISO or "", "rows": n}],
#       "unreadable": [{"source", "error": {zh, en}}],
#       "lists": [{"id": "rows_without"|"unlisted"|"duplicates"|"late"|"other_edition", "title": {zh, en},
#                  "items": [{"text": {zh, en}, "keys": [application key…], "file"}]}],
#       "batch": [finding…],              # the checks across the round (one host with several courses, …)
#       "figures": [{"id", "title": {zh, en}, "rows": [{"label": {zh, en}, "value": n}]}],
#       "figures_html": "<figure>…</figure>…",   # in `lang`: each figure an SVG chart (role=img) and its table, escaped
#   }
#   export_round(round_json, fmt="xlsx") -> {"name", "bytes"}      # the office's master workbook (working lists)
#   transfer(round_json, key, fmt="xlsx"|"docx"|"json") -> {"name", "bytes", "to_complete": [{zh, en}],
#                                                         "dropped": [{zh, en}], "findings": [finding…]}
#   transfer_all(round_json) -> {"name", "bytes" (a zip: each one's draft, 附件2 .xlsx and .docx), "count",
#                                "transferred": [{"key", "title", "to_complete", "dropped"}]}   # every national one not
#                                                                                               # recommended, in one go
#
# round_json is {"items": [what read_files returned, as kept], "choices": {key: "national"|"provincial"},
# "lang": "zh"|"en"}. An application's `key` is its title and host as 附件3 rows are matched (NFKC, no spacing):
# the same across reloads and re-reading, and one choice for a course sent twice. A choice changes nothing but the
# application's `choice` and `transferable` (the page can set those itself, without asking again); the same items
# asked about again (the workbook, a transfer) are not checked again.


_LAST_ROUND: dict[str, Any] = {}  # the items of the last round asked about → its reconciliation (one kept)


def _round(office: dict[str, Any]) -> Any:
    """The round of the office's items, reconciled and checked; the same items as the last call's are not checked
    again (the page asks for the workbook or a transfer right after showing the round)."""
    from ..core import intake

    items = office.get("items") or []
    key = json.dumps(items, ensure_ascii=False, sort_keys=True)
    if key not in _LAST_ROUND:
        _LAST_ROUND.clear()
        _LAST_ROUND[key] = intake.reconcile(_inputs(items))
    return _LAST_ROUND[key]


def _choices(office: dict[str, Any]) -> dict[str, str]:
    from ..core import intake

    chosen = office.get("choices") or {}
    return {k: v for k, v in chosen.items() if isinstance(k, str) and v in intake.CHOICES} if isinstance(chosen, dict) else {}


def office_round(round_json: str) -> dict[str, Any]:
    """Everything received, reconciled, checked and in figures, for the office page (shape above)."""
    from ..core import intake
    from ..io import figures

    office = json.loads(round_json)
    lang = office.get("lang") if office.get("lang") in words.LANGS else "zh"
    chosen = _choices(office)
    done = _round(office)
    figs = intake.figures(done)
    return plain(
        {
            "edition": done.edition.year,
            "status": intake.status(done),
            "counts": intake.counts(done),
            "summary": intake.summary(done),
            "applications": [intake.described(f, chosen.get(f.key, "")) for f in done.filed],
            "listings": [
                {"file": x.file, "unit": x.unit, "date": x.date.isoformat() if x.date else "", "rows": len(x.rows)} for x in done.listings
            ],
            "unreadable": [{"source": e.source, "error": e.error} for e in done.unreadable],
            "lists": intake.lists(done),
            "batch": [f.to_dict() for f in done.findings],
            "figures": [f.to_dict() for f in figs],
            "figures_html": figures.html(figs, lang),
        }
    )


def export_round(round_json: str, fmt: str = "xlsx") -> dict[str, Any]:
    """The office's master workbook: every application with every field, its department, findings and choice; a sheet
    per list, the reconciliation and the figures with native Excel charts."""
    from ..io import worklists

    office = json.loads(round_json)
    lang = office.get("lang") if office.get("lang") in words.LANGS else "zh"
    done = _round(office)
    return {"name": worklists.filename(done.edition.year, lang), "bytes": worklists.write(done, _choices(office), lang)}


def transfer(round_json: str, key: str, fmt: str = "xlsx") -> dict[str, Any]:
    """A national application of the round (by its key) carried to the provincial round: 附件2 as .xlsx or .docx, or
    the provincial draft as .json, with what the institution must complete and what was dropped."""
    from ..core import transfer as carry
    from ..io import docx, layout, xlsx

    done = _round(json.loads(round_json))
    filed = next((f for f in done.filed if f.key == key and f.app.form.id == "national"), None)
    if filed is None:
        raise ReadError.of("no_such_application")
    moved = carry.to_provincial(filed.entry.draft)
    if fmt == "json":
        name, data = layout.draft_filename(filed.app.get("project_name") or ""), drafts.dump_json(moved.draft).encode()
    else:
        app = drafts.application(moved.draft)
        name, data = layout.filename(app, f".{fmt}"), (docx if fmt == "docx" else xlsx).write_application(app)
    return {
        "name": name,
        "bytes": data,
        "to_complete": [label for _, label in moved.to_complete],
        "dropped": [label for _, label, _ in moved.dropped],
        "findings": [f.to_dict() for f in moved.findings],
    }


def transfer_all(round_json: str) -> dict[str, Any]:
    """Every national application of the round the office has not recommended to the ministry, carried to the
    provincial round in one zip: for each its provincial draft (.json) and 附件2 (.xlsx, .docx). Shape:
    {"name", "bytes", "count", "transferred": [{"key", "title", "to_complete": [{zh, en}], "dropped": [{zh, en}]}]}."""
    import io
    import zipfile

    from ..core import transfer as carry
    from ..io import docx, layout, xlsx

    office = json.loads(round_json)
    chosen, done = _choices(office), _round(office)
    buffer, moved_all, seen = io.BytesIO(), [], set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for filed in done.filed:
            if filed.app.form.id != "national" or chosen.get(filed.key) == "national" or filed.key in seen:
                continue
            seen.add(filed.key)  # a course sent twice is carried once
            moved = carry.to_provincial(filed.entry.draft)
            app = drafts.application(moved.draft)
            archive.writestr(layout.draft_filename(app.get("project_name") or ""), drafts.dump_json(moved.draft))
            for writer, suffix in ((xlsx, ".xlsx"), (docx, ".docx")):
                archive.writestr(layout.filename(app, suffix), writer.write_application(app))
            moved_all.append(
                {
                    "key": filed.key,
                    "title": app.get("project_name") or "",
                    "to_complete": [label for _, label in moved.to_complete],
                    "dropped": [label for _, label, _ in moved.dropped],
                }
            )
    lang = office.get("lang") if office.get("lang") in words.LANGS else "zh"
    name = words.say("office", "transfer_file", lang, {"year": done.edition.year})
    return {"name": name, "bytes": buffer.getvalue(), "count": len(moved_all), "transferred": moved_all}


# ---- the worker's protocol ---------------------------------------------------------

# Every function a page may call, declared once, and whether it is light: answered before the worker has installed
# openpyxl and jinja2 (none of the light ones imports either). The build hands both lists to the worker in
# wheels.json, and protocol.js's FunctionName names the same functions (tests/test_web.py holds the three together).
CALLABLE = {
    check: True,
    blanks: True,
    draft_filename: True,
    preload: False,
    export: False,
    print_view: False,
    open_file: False,
    read_files: False,
    check_batch: False,
    export_batch: False,
    office_round: False,
    export_round: False,
    transfer: False,
    transfer_all: False,
}
FUNCTIONS = {f.__name__: f for f in CALLABLE}
LIGHT = tuple(f.__name__ for f, light in CALLABLE.items() if light)


def answer(fn: str, args: list[Any]) -> dict[str, Any]:
    """One request of the browser worker, answered in the protocol's one shape: {"ok": True, "value": …}, or
    {"ok": False, "error": {"message", "zh", "en"}} when a file or draft cannot be used (a ReadError, told to
    the user). Any other exception is a bug: it is raised, and the worker replies with its message alone.
    `faults` names the checks that could not run (each also a finding of severity "fault"): on a Python restored
    from a snapshot the worker then starts afresh and asks again."""
    rules.crashed.clear()
    try:
        return {"ok": True, "value": FUNCTIONS[fn](*args), "faults": list(rules.crashed)}
    except ReadError as err:
        return {"ok": False, "error": {"message": err.en, "zh": err.zh, "en": err.en}, "faults": list(rules.crashed)}
