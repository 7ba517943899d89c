"""``netinspect harden``: the hardening plan from session logs, a bundle, live SSH or configuration files.

Registered by netinspect/cli/app.py with ``app.command("harden")(harden_command)``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from netinspect.core import terminal
from netinspect.core.messages import line, localize, say
from netinspect.core.options import OptionError, parse_formats

if TYPE_CHECKING:  # the work is imported when the command runs (start-up, issue 22)
    from rich.console import Console

    from netinspect.core.raw import SourceResult
    from netinspect.core.results import Run

FORMATS = ("html", "md", "json", "xlsx", "sarif", "pdf", "docx")
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class HardenUsageError(Exception):
    """Bad usage or unusable input (exit 2)."""


def _formats(value: str) -> list[str]:
    try:
        return parse_formats(value, FORMATS)
    except OptionError as exc:
        raise HardenUsageError(str(exc)) from None


def _load_source(logs: list[Path] | None, bundle: Path | None, inventory: Path | None, configs: Path | None,
                 platform: str | None) -> tuple[SourceResult, str]:
    chosen = [n for n, v in (("--logs", logs), ("--bundle", bundle), ("-i", inventory), ("--configs", configs)) if v]
    if len(chosen) != 1:
        raise HardenUsageError(f"give exactly one of --logs, --bundle, -i, --configs (got {', '.join(chosen) or 'none'})")
    if configs is not None:
        from netinspect.sources.configs import read_configs
        if not configs.exists():
            raise HardenUsageError(f"{configs}: no such file or folder")
        return read_configs(configs, platform), "configs"
    try:
        from netinspect import sources
        from netinspect.core.errors import UsageError
    except ImportError as exc:  # pragma: no cover - depends on what is installed
        raise HardenUsageError(f"this source is not available in this installation: {exc}") from exc
    try:
        return sources.load(logs=logs, inventory=inventory, bundle=bundle)
    except UsageError as exc:
        raise HardenUsageError(str(exc)) from exc
    except ImportError as exc:
        raise HardenUsageError(f"this source is not available in this installation: {exc}") from exc


def _site(path: Path | None) -> dict:
    if path is None:
        return {}
    from netinspect.core.errors import UsageError
    from netinspect.workflow import load_site
    try:
        return load_site(path)
    except UsageError as exc:
        raise HardenUsageError(str(exc)) from exc


def harden(source: SourceResult, kind: str, *, out: Path, formats: list[str], lang: str = "zh",
           site: dict | None = None, rules_dir: Path | None = None, waivers: Path | None = None,
           configs_base: Path | None = None, console: Console | None = None,
           baseline: str | Path | None = None, advisories: Path | None = None) -> tuple[Run, list[Path]]:
    """Audit what the source read and write results.json, the plan report and the scripts.

    `baseline`: a baseline profile file (or the name of a shipped one) choosing rules, roles and parameters.
    `advisories`: an advisory store: the version assessment runs too and the workaround of each advisory
    that is affected and exposed becomes a plan step (data/harden/workarounds.yaml).
    """
    from netinspect.checks.context import AnalysisContext
    from netinspect.core.results import run_to_json
    from netinspect.core.runtime import now_iso
    from netinspect.harden.baseline import BaselineError, load_baseline
    from netinspect.harden.report import write_plan_reports
    from netinspect.harden.sarif import to_sarif
    from netinspect.harden.waivers import WaiverError
    from netinspect.pipeline import analyse
    from netinspect.workflow import report_faults

    console = console or terminal.stderr()
    started = now_iso()
    options: dict = {k: v for k, v in (("rules_dir", rules_dir), ("waivers", waivers)) if v is not None}
    suites = ["hardening"]
    if advisories is not None:
        if not advisories.is_file():
            raise HardenUsageError(f"{advisories}: no advisory store there; run `netinspect advisories import` first")
        options["advisories"], suites = str(advisories), ["hardening", "version"]
    profile = None
    if baseline is not None:
        try:
            profile = options["hardening_baseline"] = load_baseline(baseline)
        except BaselineError as exc:
            raise HardenUsageError(str(exc)) from exc
    ctx = AnalysisContext(lang=lang, site=site or {}, options=options)
    try:
        run = analyse(source, "logs" if kind == "configs" else kind, ctx, suites, started=started)
    except WaiverError as exc:
        raise HardenUsageError(str(exc)) from exc
    errors = ctx.options.get("harden_rule_errors", [])
    for error in errors:
        console.print(line(lang, "rule_file", error), highlight=False)
    out.mkdir(parents=True, exist_ok=True)
    report_faults(run, out, console)
    written = write_plan_reports(run, out, formats, errors, baseline=profile)
    data = run_to_json(run)
    data["run"]["input_kind"] = kind  # results.json run.source has no "configs": the kind is kept here
    (out / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(out / "results.json")
    if "sarif" in formats:
        if kind != "configs":
            console.print(line(lang, "warning", say(lang, "harden.sarif_configs_only")), highlight=False)
        else:
            path = out / "hardening.sarif"
            path.write_text(json.dumps(to_sarif(run, configs_base), ensure_ascii=False, indent=2), encoding="utf-8")
            written.append(path)
    return run, written


@terminal.quiet_option
def harden_command(
    logs: Annotated[Optional[list[Path]], typer.Option("--logs", "-l", help="Session logs: a folder or files.")] = None,
    bundle: Annotated[Optional[Path], typer.Option("--bundle", "-b", help="A saved run bundle folder.")] = None,
    inventory: Annotated[Optional[Path], typer.Option("--inventory", "-i", help="Inventory YAML: collect over SSH.")] = None,
    configs: Annotated[Optional[Path], typer.Option("--configs", help="Configuration files, one per device (Oxidized/RANCID).")] = None,
    platform: Annotated[Optional[str], typer.Option(help="With --configs: the platform of every file (default: from content).")] = None,
    site: Annotated[Optional[Path], typer.Option(help="Site facts YAML: mgmt_networks, syslog_servers, ntp_servers, snmpv3_user, banner, admin_user.")] = None,
    rules: Annotated[Optional[Path], typer.Option(help="Folder of extra rule files (YAML).")] = None,
    baseline: Annotated[Optional[str], typer.Option(help="Baseline profile YAML choosing rules, roles and parameters, or a shipped one: baseline-dengbao2-level3, baseline-cis-like (default: every rule).")] = None,
    waivers: Annotated[Optional[Path], typer.Option(help="Accepted risks (waivers YAML).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html,md,json,xlsx,sarif,pdf,docx.")] = "html,md,json,xlsx",
    lang: Annotated[str, typer.Option(help="Language: zh or en.")] = "zh",
    fail_on: Annotated[str, typer.Option(help="Exit 1 when a failed item is at or above this severity.")] = "high",
    advisories: Annotated[Optional[Path], typer.Option("--advisories", help="Advisory store: add the workaround of each advisory a device is affected and exposed by as a plan step.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output folder.")] = False,
) -> None:
    """Audit configurations against the hardening baseline and write the hardening plan (网络加固方案)."""
    from netinspect.core.i18n import labels
    from netinspect.core.results import SEVERITIES, at_or_above
    from netinspect.report.pdf import PdfError
    from netinspect.workflow import default_outdir

    console = terminal.stderr()
    try:
        if lang not in ("zh", "en"):
            raise HardenUsageError(f"--lang must be zh or en, not {lang!r}")
        if fail_on not in SEVERITIES:
            raise HardenUsageError(f"--fail-on must be one of {', '.join(SEVERITIES)}")
        formats = _formats(fmt)
        source, kind = _load_source(logs, bundle, inventory, configs, platform)
        for record in source.inputs:
            if record.status != "ok":
                prefix = record.status if record.status in ("rejected", "partial") else "warning"
                console.print(line(lang, prefix, f"{record.name}: {localize(record.message, lang)}"), highlight=False)
        if not source.devices:
            raise HardenUsageError("no usable input: no device found in what was given")
        outdir = out or default_outdir("harden")
        base = configs if configs is not None and configs.is_dir() else None
        run, written = harden(source, kind, out=outdir, formats=formats, lang=lang, site=_site(site),
                              rules_dir=rules, waivers=waivers, configs_base=base, console=console,
                              baseline=baseline, advisories=advisories)
    except (HardenUsageError, PdfError) as exc:
        console.print(line(lang, "error", exc), highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    failed = [r for _, r in run.iter_failed() if r.category == "hardening"]
    terminal.result(say(lang, "harden.summary", devices=len(run.devices), failed=len(failed)))
    terminal.written(outdir, labels(lang, "inspection")["written"], written)
    faults = [f for d in run.devices for f in d.faults]
    if any(f.internal for f in faults):
        raise typer.Exit(EXIT_INTERNAL)
    problems = faults or any(at_or_above(r.severity, fail_on) for r in failed)
    raise typer.Exit(EXIT_PROBLEMS if problems else EXIT_OK)
