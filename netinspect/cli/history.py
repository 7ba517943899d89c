"""`netinspect history list|show|trend`: the recorded inspections on the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from netinspect.core import terminal

err = terminal.stderr()  # progress, logs, warnings, errors; results go to stdout (netinspect.core.terminal)
history_app = typer.Typer(help="Inspection history: recorded runs, their problems, per-device trends.",
                          no_args_is_help=True)
EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2

StoreOption = Annotated[Optional[Path], typer.Option("--history", help="History store (default: NETINSPECT_HISTORY or the user data folder).")]
LangOption = Annotated[str, typer.Option(help="Language: zh or en.")]


def _open(history: Path | None, lang: str):
    from netinspect.core.i18n import labels
    from netinspect.history.store import HistoryStore, default_path

    if lang not in ("zh", "en"):
        from netinspect.core.messages import line

        err.print(line("zh", "error", f"--lang must be zh or en, not {lang!r}"), highlight=False)
        raise typer.Exit(EXIT_USAGE)
    path = history or default_path()
    store = HistoryStore(path)
    t = labels(lang, "common", "history")
    if not store.runs():
        err.print(t["empty"].format(path=path), highlight=False)
        raise typer.Exit(EXIT_NOT_FOUND)
    return store, t


@history_app.command("list")
def list_command(history: StoreOption = None, lang: LangOption = "zh") -> None:
    """Every recorded inspection, oldest first."""
    store, t = _open(history, lang)
    table = Table(title=t["list.title"])
    for col in ("col.run", "col.started", "col.source", "col.devices", "col.problems", "col.site"):
        table.add_column(t[col])
    for r in store.runs():
        site = " ".join(str(r["site"].get(k, "")) for k in ("customer", "site")).strip()
        table.add_row(str(r["id"]), r["started"], r["source"] or "", str(r["devices"]), str(r["problems"]), site)
    terminal.result(table)


@history_app.command("show")
def show_command(run: Annotated[Optional[int], typer.Argument(help="Run number (default: the last).")] = None,
                 history: StoreOption = None, lang: LangOption = "zh") -> None:
    """One recorded inspection: devices and their problems."""
    store, t = _open(history, lang)
    runs = store.runs()
    chosen = runs[-1] if run is None else next((r for r in runs if r["id"] == run), None)
    if chosen is None:
        err.print(t["no_run"].format(run=run), highlight=False)
        raise typer.Exit(EXIT_NOT_FOUND)
    table = Table(title=f"{t['list.title']} #{chosen['id']} {chosen['started']}")
    for col in ("col.device", "col.severity", "col.check"):
        table.add_column(t[col])
    for d in store.devices(chosen["id"]):
        if not d.problems:
            table.add_row(d.name, "-", t["none"])
        for check, (severity, title) in sorted(d.problems.items()):
            table.add_row(d.name, t.get(f"severity.{severity}", severity or ""), f"{title} ({check})")
    terminal.result(table)


@history_app.command("trend")
def trend_command(device: Annotated[str, typer.Argument(help="Device: serial, hostname or inventory name.")],
                  history: StoreOption = None, lang: LangOption = "zh") -> None:
    """One device over the recorded inspections: CPU, memory, temperature, interface errors, problems."""
    from netinspect.history.store import METRICS

    store, t = _open(history, lang)
    key = device.lower()
    rows = [r for r in store.devices() if key in {(r.serial or "").lower(), (r.hostname or "").lower(), r.name.lower()}]
    if not rows:
        err.print(t["no_device"].format(device=device), highlight=False)
        raise typer.Exit(EXIT_NOT_FOUND)
    table = Table(title=device)
    table.add_column(t["col.started"])
    for metric in METRICS:
        table.add_column(t[f"metric.{metric}"])
    for r in rows:
        table.add_row(r.started, *("-" if r.metrics[m] is None else f"{r.metrics[m]:g}" for m in METRICS))
    terminal.result(table)
