"""Command line: python -m generator validate | export | summary | intake | transfer | import | upgrade-edition | schema | catalogue | edition."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from ..core import batch, changes, drafts, editions, intake, reference, rules
from ..core import transfer as carry
from ..core.bilingual import Bilingual
from ..core.findings import Finding, ReadError, errors, faults, warnings
from ..core.words import LANGS, listed, say
from ..io import docx, inputs, layout, summary, worklists, xlsx
from . import edition

OK, FAILED, UNREADABLE, BROKEN = 0, 1, 2, 3  # BROKEN: a check of this tool could not run (its fault, not the file's)
SUMMARY = ReadError.of("summary_on_cli")  # what a command that takes applications one by one says of a 附件3


def _say(key: str, lang: str, sep: str = "\n", **params: object) -> str:
    """A line of the [cli] words in the asked language(s)."""
    return Bilingual.each(lambda code: say("cli", key, code, params)).shown(lang, sep)


def _help(key: str, **params: object) -> str:
    """The help of a command or option, in Chinese where the terminal's locale is Chinese."""
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return say("cli", key, "zh" if locale.startswith("zh") else "en", params)


def _print_findings(source: str, found: list[Finding], lang: str) -> None:
    n_errors, n_warnings = {"n": len(errors(found))}, {"n": len(warnings(found))}
    counts = Bilingual.each(
        lambda code: say(
            "cli",
            "counts",
            code,
            {"errors": say("cli", "n_errors", code, n_errors), "warnings": say("cli", "n_warnings", code, n_warnings)},
        )
    )
    print(f"{source}: " + counts.shown(lang, " / "))
    for f in found:
        tag = Bilingual.each(lambda code, f=f: say("cli", f"{f.severity}_tag", code)).shown(lang, " ").ljust(10)
        # cited as the English pages do (clause 2(1)), once where both languages cite it alike
        cited = f.clause.zh if f.clause["en"] == f.clause.zh else f.clause.shown(lang, " / ")
        where = f" [{cited}]" if f.clause.zh else ""
        print(f"  {tag}  {f.field or '-'}  {f.rule}{where}")
        for line in Bilingual(f.zh, f.en).shown(lang).splitlines():
            print(f"      {line}")
    if faults(found):
        print(_say("faults", lang, n=len(faults(found))), file=sys.stderr)


def _print_read_error(source: str, why: Bilingual, lang: str) -> None:
    print(f"{source}: " + _say("unreadable", lang, " / "))
    for line in why.shown(lang).splitlines():
        print(f"      {line}")


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every application; 0 no errors, 1 errors, 2 a file could not be read, 3 a check could not run."""
    status, broken = OK, False
    report = []
    for item in inputs.read_paths(args.files, SUMMARY):
        if item.error:
            status = UNREADABLE
            report.append({"source": item.source, "readable": False, "message": item.error.text.to_dict()})
            if not args.json:
                _print_read_error(item.source, item.error.text, args.lang)
            continue
        found = item.notes + rules.validate(item.draft)  # what reading a hand-filled form found comes first
        if errors(found) and status == OK:
            status = FAILED
        if faults(found):
            broken = True
        report.append({"source": item.source, "readable": True, "findings": [f.to_dict() for f in found]})
        if not args.json:
            _print_findings(item.source, found, args.lang)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return BROKEN if broken else status


def _single(path: str, lang: str) -> tuple[object, int]:
    items = inputs.read_paths([path], SUMMARY)
    if len(items) != 1 or items[0].error:
        for item in items:
            if item.error:
                _print_read_error(item.source, item.error.text, lang)
        if len(items) > 1:
            print(_say("use_summary", lang))
        return None, UNREADABLE
    return items[0].draft, OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write 附件1/附件2 as .xlsx; refuses when the application has errors unless --force."""
    draft, status = _single(args.file, args.lang)
    if status:
        return status
    examined = rules.examine(draft)
    found = examined.findings
    if found:
        _print_findings(args.file, found, args.lang)
    if errors(found) and not args.force:
        print(_say("not_exported", args.lang))
        return FAILED
    if examined.error:
        _print_read_error(args.file, examined.error.text, args.lang)
        return UNREADABLE
    app = examined.app
    fmt = _format(args)
    suffix = f".{fmt}"
    out = Path(args.output) if args.output else Path(layout.filename(app, suffix))
    if out.is_dir() or (args.output and (args.output.endswith(("/", "\\")) or not out.suffix)):  # a folder, made if need be
        out.mkdir(parents=True, exist_ok=True)
        out = out / layout.filename(app, suffix)
    out.write_bytes((docx if fmt == "docx" else xlsx).write_application(app))
    print(_say("wrote", args.lang, path=out))
    return BROKEN if faults(found) else OK


def cmd_summary(args: argparse.Namespace) -> int:
    """Build 附件3 from many applications; 0 all clean, 1 errors, 2 a file could not be read."""
    try:
        date = dt.date.fromisoformat(args.date) if args.date else _default_date(args.lang)
    except ValueError:
        print(_say("bad_date", args.lang, date=args.date), file=sys.stderr)
        return UNREADABLE
    result = batch.check(inputs.read_paths(args.files), date, batch.order_by_form if args.order == "form" else None)
    entries = result.entries  # in the order of 附件3's rows, as on the desk
    for item in entries:
        if item.error:
            _print_read_error(item.source, item.error, args.lang)
        elif item.findings:
            _print_findings(item.source, item.findings, args.lang)
    if result.findings:
        _print_findings(_say("this_batch", args.lang, " / "), result.findings, args.lang)
    status = UNREADABLE if result.unreadable else FAILED if result.has_errors else OK
    if status and not args.force:
        print(_say("not_summarised", args.lang))
        return status
    fmt = _format(args)
    out = Path(args.output) if args.output else Path(layout.summary_filename(unit=args.unit, suffix=f".{fmt}"))
    out.write_bytes(summary.write(result, fmt, args.unit, date, args.review))
    print(_say("wrote_rows", args.lang, path=out, n=len(result.rows())))
    every = result.findings + [f for e in entries for f in e.findings]
    return BROKEN if faults(every) else status


def _read_choices(path: str | None, lang: str) -> dict[str, str] | None:
    """The office's choices from a JSON file ({key: "national"|"provincial"}, as the office page keeps them); None when unreadable."""
    if not path:
        return {}
    try:
        chosen = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print(_say("bad_choices", lang, path=path), file=sys.stderr)
        return None
    return {k: v for k, v in chosen.items() if v in intake.CHOICES} if isinstance(chosen, dict) else {}


def _print_round(done: intake.Round, lang: str) -> None:
    """The round as the office reads it: the applications' findings, the lists, the figures, in one or both languages."""
    for entry in done.unreadable:
        _print_read_error(entry.source, entry.error, lang)
    for filed in done.filed:
        if filed.entry.findings:
            _print_findings(filed.entry.source, filed.entry.findings, lang)
    if done.findings:
        _print_findings(_say("this_batch", lang, " / "), done.findings, lang)
    for kept in intake.lists(done):
        if kept["items"]:
            print(
                Bilingual(*(say("office", "list_line", code, {"title": kept["title"], "n": len(kept["items"])}) for code in LANGS)).shown(
                    lang, " / "
                )
            )
            for item in kept["items"]:
                print("  " + item["text"].shown(lang, "\n  "))
    for figure in intake.figures(done):
        items = {
            code: listed((say("office", "chart_item", code, {"label": label, "value": value}) for label, value in figure.rows), code)
            for code in LANGS
        }
        print(Bilingual(*(say("office", "figure_line", code, {"title": figure.title, "items": items[code]}) for code in LANGS)).shown(lang))
    print(intake.summary(done).shown(lang))


def cmd_intake(args: argparse.Namespace) -> int:
    """Everything a round brings to the office: read, reconciled, checked, in figures, and the master workbook written.
    0 clean; 1 errors or something on a list; 2 a file could not be read; 3 a check could not run (the workbook is written in every case)."""
    chosen = _read_choices(args.choices, args.lang)
    if chosen is None:
        return UNREADABLE
    done = intake.reconcile(inputs.read_paths(args.files))
    _print_round(done, args.lang)
    out = Path(args.output) if args.output else Path(worklists.filename(done.edition.year, "zh" if args.lang == "zh" else "en"))
    if out.is_dir() or (args.output or "").endswith(("/", "\\")):
        out.mkdir(parents=True, exist_ok=True)
        out = out / worklists.filename(done.edition.year, "zh" if args.lang == "zh" else "en")
    out.write_bytes(worklists.write(done, chosen, "zh" if args.lang == "zh" else "en"))
    print(_say("wrote", args.lang, path=out))
    return intake.status(done)


def cmd_transfer(args: argparse.Namespace) -> int:
    """National applications not selected, carried to the provincial round: the draft (.json) and 附件2 (.xlsx, .docx)
    of each in DIR. 0 each written; 1 none to carry; 2 a file could not be read."""
    chosen = _read_choices(args.choices, args.lang)
    if chosen is None:
        return UNREADABLE
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    status, written = OK, 0
    for item in inputs.read_paths(args.files):
        if item.error:
            _print_read_error(item.source, item.error, args.lang)
            status = UNREADABLE
            continue
        if item.row is not None:  # a 附件3's row: the applications it lists are carried from their own files
            continue
        try:
            moved = carry.to_provincial(item.draft)
        except ReadError as err:
            print(f"{item.source}: " + err.text.shown(args.lang, " / "))
            continue
        app = drafts.application(moved.draft)
        if chosen.get(intake.match_key(*app.summary_row()[:2])) == "national":
            print(f"{item.source}: " + _say("transfer_chosen", args.lang, " / "))
            continue
        files = [out / layout.draft_filename(app.get("project_name") or "")]
        files[0].write_text(drafts.dump_json(moved.draft), encoding="utf-8")
        for writer, suffix in ((xlsx, ".xlsx"), (docx, ".docx")):
            files.append(out / layout.filename(app, suffix))
            files[-1].write_bytes(writer.write_application(app))
        written += 1
        title = app.get("project_name") or item.source
        print(_say("transfer_wrote", args.lang, " / ", title=title, files=listed([str(f) for f in files])))
        labels = [label for _, label in moved.to_complete]
        print("  " + _say("transfer_complete", args.lang, "\n  ", items=listed_labels(labels)))
        if moved.dropped:
            print("  " + _say("transfer_dropped", args.lang, "\n  ", items=listed_labels([label for _, label, _ in moved.dropped])))
        if moved.findings:
            _print_findings(str(files[0]), moved.findings, args.lang)
    if not written and status == OK:
        print(_say("transfer_none", args.lang))
        return FAILED
    return status


def listed_labels(labels: list[dict[str, str]]) -> dict[str, str]:
    """Bilingual labels listed, each language its own way."""
    return {code: listed([label[code] for label in labels], code) for code in LANGS}


def _default_date(lang: str) -> dt.date | None:
    """Today while the round is open; after the last deadline, no date (filled in by hand), and say so."""
    edition = editions.load()
    date = edition.date_to_fill(dt.date.today())
    if date:
        return date
    print(_say("round_closed", lang, year=edition.year), file=sys.stderr)
    return None


def _format(args: argparse.Namespace) -> str:
    """xlsx or docx: as asked, else from the output file's name, else xlsx."""
    if args.format:
        return args.format
    return "docx" if (args.output or "").lower().endswith(".docx") else "xlsx"


def cmd_import(args: argparse.Namespace) -> int:
    """Read an .xlsx written by this tool back into a JSON draft."""
    draft, status = _single(args.file, args.lang)
    if status:
        return status
    text = drafts.dump_json(draft)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(_say("wrote", args.lang, path=args.output))
    else:
        sys.stdout.write(text)
    return OK


def cmd_upgrade_edition(args: argparse.Namespace) -> int:
    """Carry a draft (or an Excel file of this tool) to another edition, naming everything the move changes."""
    draft, status = _single(args.file, args.lang)
    if status:
        return status
    if args.to not in editions.available():
        print(_say("no_edition", args.lang, year=args.to, available=listed(editions.available(), "zh")), file=sys.stderr)
        return UNREADABLE
    try:
        moved = changes.carry_over(draft, args.to)
    except ReadError as err:
        _print_read_error(args.file, err.text, args.lang)
        return UNREADABLE
    print(_say("carried", args.lang, came_from=moved.came_from, to=args.to, kept=len(moved.kept)))
    for field_id, old, new in moved.relabelled:
        print(f"  {field_id}  " + Bilingual.each(lambda code, old=old, new=new: f"{old[code]} → {new[code]}").shown(args.lang, " / "))
    for field_id, old, value in moved.dropped:
        shown = value if isinstance(value, (str, Bilingual)) else json.dumps(value, ensure_ascii=False)
        print(_say("dropped", args.lang, " / ", field=field_id, label=old, value=shown))
    for field_id, old, option, value in moved.options_dropped:
        print(_say("option_dropped", args.lang, " / ", field=field_id, label=old, option=option, value=value))
    if moved.findings:
        _print_findings(args.file, moved.findings, args.lang)
    out = Path(args.output) if args.output else Path(args.file).with_suffix(f".{args.to}.json")
    out.write_text(drafts.dump_json(moved.draft), encoding="utf-8")
    print(_say("wrote", args.lang, path=out))
    return FAILED if errors(moved.findings) else OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print (or write) the JSON Schema of the draft format."""
    text = drafts.dump_json(drafts.json_schema())
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return OK


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    """Load the official catalogue (闽人社文办〔2023〕222号 附件1) from .xlsx or .csv."""
    try:
        rows = reference.parse_catalogue(args.file, Path(args.file).read_bytes())
    except OSError as err:
        print(_say("os_error", args.lang, reason=err.strerror))
        return UNREADABLE
    except ReadError as err:
        _print_read_error(args.file, err.text, args.lang)
        return UNREADABLE
    target = reference.save_official(rows, Path(args.output) if args.output else None)
    print(_say("catalogue_loaded", args.lang, rows=len(rows), path=target))
    return OK


def cmd_catalogue_show(args: argparse.Namespace) -> int:
    """List the reference sets with their status, source and size."""
    for ref in reference.sets().values():
        lang = "zh" if args.lang == "zh" else "en"
        state = say("cli", "rows", lang, {"n": len(ref.rows)}) if ref.loaded else say("cli", "not_loaded", lang)
        print(f"{ref.id:22} {ref.kind:11} {ref.status:10} {state:12} {ref.name[lang]}")
    return OK


def _print_lines(lines: list[edition.Line], lang: str) -> None:
    """A report of the edition commands: each line in the asked language(s), once when it reads the same in both."""
    for line in lines:
        said = dict.fromkeys(line.say(code) for code in LANGS)
        print(Bilingual(*said).shown(lang) if len(said) == 2 else next(iter(said)))


def cmd_edition_new(args: argparse.Namespace) -> int:
    """Make a new edition's folder from the notice's text; 0 written, 1 not written, 2 the notice cannot be read."""
    status, lines = edition.new(args.year, Path(args.notice), args.previous, Path(args.out) if args.out else None, args.force)
    _print_lines(lines, args.lang)
    return status


def cmd_edition_check(args: argparse.Namespace) -> int:
    """Check an edition's folder; 0 clean, 1 problems."""
    status, lines = edition.check(args.year, Path(args.dir) if args.dir else None)
    _print_lines(lines, args.lang)
    return status


def cmd_edition_translation(args: argparse.Namespace) -> int:
    """The notice and its English side by side; 0 every place translated, 1 some not yet."""
    status, lines = edition.translation(args.year, Path(args.dir) if args.dir else None, Path(args.output) if args.output else None)
    _print_lines(lines, args.lang)
    return status


def _edition_help(key: str) -> str:
    """The help of an edition command or option, in the terminal's language."""
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return say("edition", key, "zh" if locale.startswith("zh") else "en")


def parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m generator`."""
    top = argparse.ArgumentParser(prog="python -m generator", description=_help("description", number=editions.load().number))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["zh", "en", "both"], default="both", help=_help("help_lang"))
    sub = top.add_subparsers(dest="command", required=True)

    def command(group: argparse._SubParsersAction, name: str, run, help: str) -> argparse.ArgumentParser:
        p = group.add_parser(name, help=help, parents=[common])
        p.set_defaults(run=run)
        return p

    p = command(sub, "validate", cmd_validate, _help("help_validate"))
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true", help=_help("help_json"))

    p = command(sub, "export", cmd_export, _help("help_export"))
    p.add_argument("file")
    p.add_argument("-o", "--output", help=_help("help_output_file"))
    p.add_argument("--format", choices=["xlsx", "docx"], help=_help("help_format"))
    p.add_argument("--force", action="store_true", help=_help("help_force_export"))

    p = command(sub, "summary", cmd_summary, _help("help_summary"))
    p.add_argument("files", nargs="+")
    p.add_argument("-o", "--output")
    p.add_argument("--unit", default="", help=_help("help_unit"))
    p.add_argument("--date", help=_help("help_date"))
    p.add_argument("--format", choices=["xlsx", "docx"], help=_help("help_format"))
    p.add_argument("--order", choices=["form", "input"], default="form", help=_help("help_order"))
    p.add_argument("--review", action="store_true", help=_help("help_review"))
    p.add_argument("--force", action="store_true", help=_help("help_force_summary"))

    p = command(sub, "intake", cmd_intake, _help("help_intake"))
    p.add_argument("files", nargs="+")
    p.add_argument("-o", "--output", help=_help("help_intake_output"))
    p.add_argument("--choices", help=_help("help_choices"))

    p = command(sub, "transfer", cmd_transfer, _help("help_transfer"))
    p.add_argument("files", nargs="+")
    p.add_argument("--to", choices=["provincial"], required=True, help=_help("help_transfer_to"))
    p.add_argument("-o", "--output", required=True, help=_help("help_transfer_output"))
    p.add_argument("--choices", help=_help("help_choices"))

    p = command(sub, "import", cmd_import, _help("help_import"))
    p.add_argument("file")
    p.add_argument("-o", "--output")

    p = command(sub, "upgrade-edition", cmd_upgrade_edition, _help("help_upgrade_edition"))
    p.add_argument("file")
    p.add_argument("--to", type=int, required=True, help=_help("help_to"))
    p.add_argument("-o", "--output", help=_help("help_upgrade_output"))

    p = command(sub, "schema", cmd_schema, _help("help_schema"))
    p.add_argument("-o", "--output")

    catalogue = sub.add_parser("catalogue", help=_help("help_catalogue")).add_subparsers(dest="action", required=True)
    p = command(catalogue, "import", cmd_catalogue_import, _help("help_catalogue_import"))
    p.add_argument("file")
    p.add_argument("-o", "--output", help=argparse.SUPPRESS)
    command(catalogue, "show", cmd_catalogue_show, _help("help_catalogue_show"))

    editions_ = sub.add_parser("edition", help=_edition_help("help_edition")).add_subparsers(dest="action", required=True)
    p = command(editions_, "new", cmd_edition_new, _edition_help("help_new"))
    p.add_argument("year", type=int, help=_edition_help("help_year"))
    p.add_argument("--notice", required=True, help=_edition_help("help_notice"))
    p.add_argument("--from", dest="previous", help=_edition_help("help_from"))
    p.add_argument("--out", help=_edition_help("help_out"))
    p.add_argument("--force", action="store_true", help=_edition_help("help_force"))
    p = command(editions_, "check", cmd_edition_check, _edition_help("help_check"))
    p.add_argument("year", type=int, help=_edition_help("help_year"))
    p.add_argument("--dir", help=_edition_help("help_dir"))
    p = command(editions_, "translation", cmd_edition_translation, _edition_help("help_translation"))
    p.add_argument("year", type=int, help=_edition_help("help_year"))
    p.add_argument("--dir", help=_edition_help("help_dir"))
    p.add_argument("-o", "--output", help=_edition_help("help_side_by_side"))
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # the reader stopped reading (… | head): not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (so that Python's own flush at exit stays quiet)
        return OK
