"""The inspection job from a source's raw outputs to reports, a terminal summary and an exit code."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from netinspect.checks.catalog import load_catalog
from netinspect.checks.config import ConfigError, load_user_config
from netinspect.checks.context import AnalysisContext
from netinspect.core import terminal
from netinspect.core.barrier import fault_of, write_errors_log
from netinspect.core.coverage import coverage_text
from netinspect.core.errors import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError
from netinspect.core.i18n import labels
from netinspect.core.messages import line, localize, say
from netinspect.core.options import OptionError, read_yaml
from netinspect.core.raw import RawDevice, SourceResult
from netinspect.core.results import Run, at_or_above
from netinspect.core.runtime import now_iso
from netinspect.harden.plan import plan_steps
from netinspect.pipeline import EarlyJudge, add_fault, analyse, user_file_errors
from netinspect.report.inspection import write_reports
from netinspect.report.pdf import PdfError


@contextmanager
def user_files_checked() -> Iterator[None]:
    """A broken file of the user's own (waivers, rules, check config) is bad usage, never an internal error."""
    try:
        yield
    except user_file_errors() as exc:
        raise UsageError(str(exc)) from None


@dataclass
class InspectOptions:
    out: Path | None = None
    formats: list[str] = field(default_factory=lambda: ["html", "md", "json", "xlsx"])
    lang: str = "zh"
    fail_on: str = "high"
    site_file: Path | None = None
    config_file: Path | None = None
    hardening: bool = True
    suite_options: dict[str, Any] = field(default_factory=dict)  # rules_dir, waivers, advisories, today ...
    quiet: bool = False
    history: Path | None = None  # history store (None: the default one, NETINSPECT_HISTORY or the user data folder)
    record_history: bool = True  # record the run and add "since the last inspection" to the report
    export_unparsed: Path | None = None  # write the outputs not understood here, redacted, as corpus entries
    require_complete: bool = False  # exit 1 when a device is partly inspected (a core check lacked data)
    detail: str = "summary"  # the per-check section: summary (what did not pass) or full (every check)
    hardening_baseline: str | Path | None = None  # a baseline profile (file or shipped name) for the hardening suite


INCOMPLETE = ".netinspect-incomplete"  # in an output folder while its run has not finished


def prepare_outdir(path: Path, lang: str) -> None:
    """Check the output folder before any collection or analysis and mark it incomplete (a marker file,
    removed by finish_outdir): an existing file, a folder that cannot be created or written is a
    UsageError (one line, exit 2) now, not an internal error after the whole analysis (issue 24)."""
    if path.exists() and not path.is_dir():
        raise UsageError(say(lang, "outdir.is_file", path=path))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(say(lang, "outdir.cannot_create", path=path, reason=exc.strerror or exc)) from None
    try:
        (path / INCOMPLETE).write_text(f"netinspect run started {now_iso()} (pid {os.getpid()}); not finished: "
                                       "the files here may be partial\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(say(lang, "outdir.not_writable", path=path, reason=exc.strerror or exc)) from None


def finish_outdir(path: Path) -> None:
    """The run that wrote `path` finished: the incomplete marker goes and a bundle manifest says complete."""
    from netinspect.collect.bundle import MANIFEST, mark_complete

    if (path / MANIFEST).is_file():
        mark_complete(path)
    (path / INCOMPLETE).unlink(missing_ok=True)


def default_outdir(command: str = "inspect") -> Path:
    """The output folder of every command: ``netinspect-<command>-<YYYYMMDD-HHMMSS>`` under the current
    directory (``-2``, ``-3`` ... when it exists); ``--out`` overrides it."""
    base = Path.cwd() / f"netinspect-{command}-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def load_site(path: Path | None) -> dict[str, Any]:
    """Site facts for the report header (customer, site, engineer, date, ...)."""
    if path is None:
        return {}
    try:
        data = read_yaml(path) or {}
    except OptionError as exc:
        raise UsageError(str(exc)) from exc
    if not isinstance(data, dict):
        raise UsageError(f"{path}: site file must be a mapping (customer: ..., site: ..., engineer: ...)")
    # YAML reads `date: 2026-11-20` as a date: keep it as written, so results.json and reports can hold it
    return {str(k): v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in data.items()}


def _suite_available(name: str) -> bool:
    from netinspect.pipeline import SUITES
    try:
        return importlib.util.find_spec(SUITES[name]) is not None
    except ModuleNotFoundError:
        return False


def suites_for(opts: InspectOptions) -> list[str]:
    suites = ["health"]
    if opts.hardening and _suite_available("hardening"):
        suites.append("hardening")
    if _suite_available("version"):
        suites.append("version")
    return suites


def build_context(opts: InspectOptions, console: Console) -> AnalysisContext:
    user_config: dict[str, Any] = {}
    if opts.config_file is not None:
        try:
            user_config, warnings = load_user_config(opts.config_file, load_catalog("health"))
        except ConfigError as exc:
            raise UsageError(str(exc)) from exc
        for warning in warnings:
            console.print(line(opts.lang, "warning", warning), markup=True, highlight=False)
    options = dict(opts.suite_options)
    if opts.hardening and opts.hardening_baseline is not None:
        options["hardening_baseline"] = _load_hardening_baseline(opts.hardening_baseline)
    return AnalysisContext(lang=opts.lang, site=load_site(opts.site_file), user_config=user_config,
                           options=options)


def _load_hardening_baseline(value: str | Path) -> Any:
    """The baseline profile choosing the hardening rules; a broken one is bad usage (one line, exit 2)."""
    from netinspect.harden.baseline import BaselineError, load_baseline

    try:
        return load_baseline(value)
    except BaselineError as exc:
        raise UsageError(str(exc)) from exc


def report_inputs(source: SourceResult, console: Console, lang: str = "en") -> None:
    """One line per input that was not fully usable."""
    for record in source.inputs:
        if record.status != "ok":
            kind = record.status if record.status in ("rejected", "partial") else "warning"
            console.print(line(lang, kind, f"{record.name}: {localize(record.message, lang)}"), highlight=False)


def summary_table(run: Run) -> Table:
    text = labels(run.lang, "common", "inspection")
    table = Table(title=text["title"], show_lines=False)
    for header in (text["col.device"], text["col.model"], text["col.status"], text["col.severity"],
                   text["summary.problems"], text["summary.baseline"], text["col.coverage"]):
        table.add_column(header)
    colours = {"critical": "magenta", "high": "red", "medium": "yellow", "low": "cyan"}
    for d in run.devices:
        sev = d.worst_severity
        sev_text = f"[{colours.get(sev, 'white')}]{text['severity.' + sev]}[/]" if sev else "-"
        status = text[f"collection.{d.raw.status}"]
        baseline = sum(1 for r in d.problems if r.category == "hardening")
        cov = d.coverage
        table.add_row(d.name, d.device.identity.model or "-",
                      status if d.raw.status == "ok" else f"[yellow]{status}[/]", sev_text,
                      str(len(d.problems) - baseline), str(baseline),
                      text[f"coverage.{cov.state}"] if cov.complete else f"[yellow]{text[f'coverage.{cov.state}']}[/]")
    return table


def coverage_lines(run: Run) -> list[str]:
    """One line per partly inspected device: what its core checks lacked (printed under the summary)."""
    sep = "：" if run.lang == "zh" else ": "
    return [f"{d.name}{sep}{coverage_text(d, cov, run.lang)}" for d in run.devices
            for cov in (d.coverage,) if cov.state == "partial"]


def _history(run: Run, opts: InspectOptions, console: Console, collected: str | None = None) -> dict[str, Any] | None:
    """Compare the run with the last inspection of the same customer and site, then record it, both by the
    inspection date (site file, else collection time); a store problem is a warning, not a failure."""
    import sqlite3

    from netinspect.history.compare import since_last
    from netinspect.history.dates import inspection_date
    from netinspect.history.store import HistoryStore, default_path

    path = opts.history or default_path()
    text = labels(run.lang, "history")
    inspected, how = inspection_date(run.site, collected, run.started)
    try:
        store = HistoryStore(path)
        part = since_last(store, run, inspected)
        store.record(run, inspected, how)
    except (sqlite3.Error, OSError) as exc:
        console.print(line(run.lang, "warning", text['record_failed'].format(path=path, reason=exc)), highlight=False)
        return None
    if not opts.quiet:
        console.print(text["recorded"].format(path=path), highlight=False)
    return part


def exit_code(run: Run, fail_on: str, require_complete: bool = False) -> int:
    """3 when a device's analysis hit a bug; 1 for findings at or above `fail_on`, or a device not analysed;
    with `require_complete`, 1 also when a device was only partly inspected (or not at all)."""
    faults = [f for d in run.devices for f in d.faults]
    if any(f.internal for f in faults):
        return EXIT_INTERNAL
    failing = any(at_or_above(r.severity, fail_on) for _, r in run.iter_failed())
    partial = require_complete and any(not d.coverage.complete for d in run.devices)
    return EXIT_PROBLEMS if failing or faults or partial else EXIT_OK


def write_reports_guarded(run: Run, outdir: Path, formats: list[str], **kwargs: Any) -> list[Path]:
    """write_reports behind per-device barriers: a device that breaks a renderer keeps only its error result."""
    import tempfile
    from dataclasses import replace
    try:
        return write_reports(run, outdir, formats, **kwargs)
    except PdfError:
        raise  # the PDF engine is missing: a usage error for the whole run
    except OSError:
        raise  # the output folder (full disk, read-only, removed): no device's fault
    except Exception as exc:  # noqa: BLE001 - find the device at fault below
        first = exc
    with tempfile.TemporaryDirectory() as scratch:
        for i, d in enumerate(run.devices):
            try:
                write_reports(replace(run, devices=[d]), Path(scratch), formats, **kwargs)
            except PdfError:
                raise
            except Exception as exc:  # noqa: BLE001 - the barrier
                d.results, d.commands = [], {}
                d.raw = replace(d.raw, outputs={}, message=None)
                add_fault(d, fault_of("report", exc), run.lang)
                run.devices[i] = d  # type: ignore[index]  # written back: the devices may be a spool on disk
    if not any(f.stage == "report" for d in run.devices for f in d.faults):
        raise first
    return write_reports(run, outdir, formats, **kwargs)


def report_faults(run: Run, outdir: Path, console: Console) -> None:
    """One line per device whose analysis failed; where the details of internal errors are."""
    entries = [(d.name, f) for d in run.devices for f in d.faults]
    for name, fault in entries:
        console.print(line(run.lang, "error", f"{name}: {fault.stage}: {fault.reason}"), highlight=False)
    log = write_errors_log(outdir, entries)
    if log is not None:
        console.print(line(run.lang, "internal_error", f"{labels(run.lang, 'inspection')['analysis.errors_log']} {log}"),
                      highlight=False)


def _collected(source: SourceResult) -> str | None:
    """When the source's outputs were collected (bundle, device clock, log file name or time), or None."""
    from netinspect.sources.when import collection_time

    if source.collected:
        return source.collected
    when, _ = collection_time(source.devices)
    if when is None and source.log_paths:  # read by the analysis' workers: the files' names or times
        when, _ = collection_time([RawDevice(name=p.name, source=str(p)) for p in source.log_paths])
    return when


def _export_unparsed(run: Run, folder: Path, console: Console) -> None:
    """--export-unparsed: the outputs not understood, redacted, in the corpus layout; one line says where."""
    from netinspect.normalize.unparsed import export_unparsed

    written = export_unparsed(run.devices, folder)
    text = labels(run.lang, "inspection")["unparsed.exported"].format(count=len(written), folder=folder)
    console.print(line(run.lang, "export", text, "green"), highlight=False)


def inspect_source(source: SourceResult, kind: str, opts: InspectOptions, console: Console | None = None,
                   started: str | None = None) -> int:
    """Analyse what a source read, write results.json and the reports, print the summary; exit code."""
    with terminal.quiet(opts.quiet), user_files_checked():
        return _inspect(source, kind, opts, console or terminal.stderr(), started)


def inspect_inventory(inventory: Path, ssh_options: dict[str, Any], opts: InspectOptions,
                      console: Console | None = None) -> int:
    """`inspect -i`: each device is judged as soon as it is collected (pipeline.EarlyJudge), while the
    others are still being collected; then the fleet checks, results.json and reports as inspect_source."""
    from netinspect.sources import load

    console = console or terminal.stderr()
    with terminal.quiet(opts.quiet), user_files_checked():
        ctx = build_context(opts, console)  # before connecting: a bad --config or waivers file stops here
        with EarlyJudge(ctx, suites_for(opts)) as early:
            source, kind = load(inventory=inventory, ssh_options={**ssh_options, "on_device": early,
                                                                  "on_start": early.expect})
            return _inspect(source, kind, opts, console, None, early)


def _inspect(source: SourceResult, kind: str, opts: InspectOptions, console: Console, started: str | None,
             early: EarlyJudge | None = None) -> int:
    collected = started
    started = started or now_iso()
    ctx = early.ctx if early is not None else build_context(opts, console)
    if source.log_paths:  # a large folder of logs: read during the analysis, in worker processes
        run = analyse(source, kind, ctx, suites_for(opts), started=started)
    report_inputs(source, console, opts.lang)
    if not source.devices:
        console.print(line(opts.lang, "error", say(opts.lang, "no_usable_input")), highlight=False)
        if any(r.status == "rejected" and "no device prompt" in (r.message or "") for r in source.inputs):
            console.print(labels(opts.lang, "guide")["cmd.bare_outputs"], highlight=False)
        return EXIT_USAGE
    if not source.log_paths:
        run = analyse(source, kind, ctx, suites_for(opts), started=started, early=early)
    outdir = opts.out or default_outdir()
    if opts.export_unparsed is not None:
        _export_unparsed(run, opts.export_unparsed, console)
    history = _history(run, opts, console, collected or _collected(source)) if opts.record_history else None
    try:
        written = write_reports_guarded(run, outdir, opts.formats, history=history, plan_steps=plan_steps,
                                        detail=opts.detail)
    except PdfError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # full disk, folder removed or made read-only during the run: one line, exit 2
        where = exc.filename or outdir
        raise UsageError(say(opts.lang, "outdir.write_failed", path=where, reason=exc.strerror or exc)) from None
    report_faults(run, outdir, console)
    finish_outdir(outdir)
    terminal.result(summary_table(run))
    for entry in coverage_lines(run):
        console.print(line(run.lang, "warning", entry), highlight=False)
    terminal.written(outdir, labels(run.lang, "inspection")["written"], written)
    return exit_code(run, opts.fail_on, opts.require_complete)
