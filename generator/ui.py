"""The words of the form page and the collecting desk (data/ui.toml), in each language."""

from __future__ import annotations

from . import datafiles


def _load() -> dict[str, dict[str, dict[str, str]]]:
    ui = datafiles.read_toml("ui.toml")
    shared = ("loading", "ready", "failed", "restarting", "error", "warning", "clause", "guide_link")
    for lang in ui["collect"]:  # the desk says these as the form page does
        ui["collect"][lang] = {**{k: ui["form"][lang][k] for k in shared}, **ui["collect"][lang]}
    return ui


_UI = _load()
FORM_UI: dict[str, dict[str, str]] = _UI["form"]
COLLECT_UI: dict[str, dict[str, str]] = _UI["collect"]
ROUND_UI: dict[str, dict[str, str]] = _UI["round"]
