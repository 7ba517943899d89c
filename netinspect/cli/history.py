"""`netinspect history list|show|trend`: the recorded inspections on the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

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


CustomerOption = Annotated[Optional[str], typer.Option("--customer", help="Only this customer (from the site file).")]
SiteOption = Annotated[Optional[str], typer.Option("--site", help="Only this site (from the site file).")]


@history_app.command("list")
def list_command(history: StoreOption = None, lang: LangOption = "zh", customer: CustomerOption = None,
                 site: SiteOption = None) -> None:
    """Every recorded inspection in inspection order, with its customer and site."""
    from rich.table import Table

    store, t = _open(history, lang)
    runs = store.runs(customer, site)
    if not runs:
        err.print(t["none_match"].format(path=store.path), highlight=False)
        raise typer.Exit(EXIT_NOT_FOUND)
    table = Table(title=t["list.title"])
    for col in ("col.run", "col.inspected", "col.customer", "col.site", "col.source", "col.devices", "col.problems",
                "col.analysed"):
        table.add_column(t[col])
    for r in runs:
        when = f"{r['started'][:19]} ({t.get('inspected.' + r['inspected_how'], r['inspected_how'])})"
        table.add_row(str(r["id"]), when, r["customer"], r["site_name"], r["source"] or "", str(r["devices"]),
                      str(r["problems"]), (r["analysed"] or "")[:19])
    terminal.result(table)


@history_app.command("show")
def show_command(run: Annotated[Optional[int], typer.Argument(help="Run number (default: the last).")] = None,
                 history: StoreOption = None, lang: LangOption = "zh") -> None:
    """One recorded inspection: devices and their problems (titles in --lang)."""
    from rich.table import Table

    from netinspect.checks.objects import split_key, title

    store, t = _open(history, lang)
    runs = store.runs()
    chosen = runs[-1] if run is None else next((r for r in runs if r["id"] == run), None)
    if chosen is None:
        err.print(t["no_run"].format(run=run), highlight=False)
        raise typer.Exit(EXIT_NOT_FOUND)
    place = " ".join(x for x in (chosen["customer"], chosen["site_name"]) if x)
    table = Table(title=f"{t['list.title']} #{chosen['id']} {chosen['started'][:10]} {place}".strip())
    for col in ("col.device", "col.severity", "col.check"):
        table.add_column(t[col])
    for d in store.devices(chosen["id"]):
        if not d.problems:
            table.add_row(d.name, "-", t["none"])
        for key, (severity, _) in sorted(d.problems.items()):
            k = split_key(key)
            table.add_row(d.name, t.get(f"severity.{severity}", severity or ""), f"{title(k.check, k.obj, lang)} ({k.check})")
    terminal.result(table)


@history_app.command("trend")
def trend_command(device: Annotated[str, typer.Argument(help="Device: serial, hostname or inventory name.")],
                  history: StoreOption = None, lang: LangOption = "zh") -> None:
    """One device over the recorded inspections: CPU, memory, temperature, interface errors, problems."""
    from rich.table import Table

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


@history_app.command("report", epilog="Exit codes: 0 written; 1 no inspection of the site in the period; 2 bad usage.")
def report_command(
    site: Annotated[str, typer.Option("--site", help="The site (as in the site files of the inspections).")],
    customer: CustomerOption = None,
    start: Annotated[Optional[str], typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="Last day, YYYY-MM-DD (default: today).")] = None,
    last: Annotated[Optional[str], typer.Option("--last", help="The last quarters / months / years up to the latest inspection: 2q, 6m, 1y.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html,pdf,xlsx,docx.")] = "html,pdf,xlsx",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder (default: a new dated folder).")] = None,
    history: StoreOption = None, lang: LangOption = "zh",
) -> None:
    """Semiannual / annual service review of one site from its recorded inspections (HTML, PDF, XLSX, Word)."""
    from datetime import date

    from netinspect.core import options
    from netinspect.core.messages import line
    from netinspect.history import period
    from netinspect.report.pdf import PdfError
    from netinspect.workflow import default_outdir

    store, t = _open(history, lang)
    try:
        formats = options.parse_formats(fmt, period.FORMATS)
        if last and (start or end):
            raise options.OptionError("--last or --from/--to, not both")
        if last:
            runs = store.runs(customer, site)
            if not runs:
                raise period.PeriodError(f"no inspection of site {site!r} in {store.path}")
            try:
                start, end = period.last_period(last, runs[-1]["started"])
            except ValueError as exc:
                raise options.OptionError(str(exc)) from None
        if not start:
            raise options.OptionError("give --from DATE (and --to DATE) or --last 2q")
        for name, value in (("--from", start), ("--to", end)):
            if value is not None:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise options.OptionError(f"{name} {value!r}: a date YYYY-MM-DD") from None
        view = period.build(store, site, customer, start, end or date.today().isoformat(), lang)
    except options.OptionError as exc:
        err.print(line(lang, "error", exc), highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    except period.PeriodError as exc:
        err.print(line(lang, "error", exc), highlight=False)
        raise typer.Exit(EXIT_NOT_FOUND) from None
    outdir = out or default_outdir("review")
    try:
        written = period.write(view, outdir, formats)
    except PdfError as exc:
        err.print(line(lang, "error", exc), highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    terminal.written(outdir, t["period.written"], written)
