"""`netinspect change check PLAN`: review a change plan; writes review.md and review.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from netinspect.core import terminal
from netinspect.core.messages import line

err = terminal.stderr()  # progress, logs, warnings, errors; results go to stdout (netinspect.core.terminal)
change_app = typer.Typer(help="Change assurance: review a change plan before the window.", no_args_is_help=True)
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _current_configs(logs: list[Path] | None, bundle: Path | None) -> dict[str, tuple[str | None, str | None]]:
    """Device name and hostname -> (running configuration, management address) from a bundle or logs."""
    from netinspect.checks.context import AnalysisContext
    from netinspect.pipeline import analyse

    if bundle is not None:
        from netinspect.collect.bundle import read_bundle
        source = read_bundle(bundle)
    elif logs:
        from netinspect.sources.logs import read_logs
        source = read_logs(list(logs))
    else:
        return {}
    run = analyse(source, "bundle" if bundle else "logs", AnalysisContext(), [])
    out: dict[str, tuple[str | None, str | None]] = {}
    for d in run.devices:
        for key in (d.name, d.device.identity.hostname):
            if key:
                out[key] = (d.device.running_config, d.raw.host, d.device.identity.os)
    return out


def _redact_plan(plan, findings) -> None:
    """Plan text is copied from the user into the review: secrets in it (passwords, keys) are masked."""
    from netinspect.core.redact import redact, redact_line

    plan.sections = {k: redact(v) for k, v in plan.sections.items()}
    for d in plan.devices:
        d.steps = [redact_line(c) for c in d.steps]
        d.rollback = None if d.rollback is None else [redact_line(c) for c in d.rollback]
    for f in findings:
        f.lines = [redact_line(ln) for ln in f.lines]


@change_app.command("check", epilog="Exit codes: 0 no finding at or above --fail-on; 1 some; 2 bad usage or unreadable plan.")
@terminal.quiet_option
def check_command(
    plan_file: Annotated[Path, typer.Argument(help="The change plan: Markdown/text or YAML (docs/change.md).")],
    logs: Annotated[Optional[list[Path]], typer.Option("--logs", "-l", help="Session logs with the devices' current configuration.")] = None,
    bundle: Annotated[Optional[Path], typer.Option("--bundle", "-b", help="Run bundle with the devices' current configuration.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder (default: a new dated folder).")] = None,
    lang: Annotated[str, typer.Option(help="Language: zh or en.")] = "zh",
    fail_on: Annotated[Optional[str], typer.Option(help="Exit 1 when a finding is at or above this severity (default: medium).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output folder.")] = False,
) -> None:
    """Review a change plan: session-cutting and destructive steps, rollback, save, verification; check commands."""
    from rich.table import Table

    from netinspect.change.plan import PlanError, read_plan
    from netinspect.change.review import review, rules
    from netinspect.core import options
    from netinspect.core.i18n import labels
    from netinspect.core.results import SEVERITIES, at_or_above
    from netinspect.report.jinja import render
    from netinspect.workflow import default_outdir

    try:
        lang = options.check_choice(lang, ("zh", "en"), "--lang")
        threshold = options.check_choice(fail_on or rules()["fail_on"], SEVERITIES, "--fail-on")
        plan = read_plan(plan_file)
    except (options.OptionError, PlanError) as exc:
        err.print(line(lang, "error", exc), highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    result = review(plan, _current_configs(logs, bundle))
    _redact_plan(plan, result.findings)
    t = labels(lang, "common", "change")
    devices = [{"name": d.name, "platform": d.platform, "platform_source": d.platform_source, "steps": d.steps,
                "rollback": d.rollback,
                "features": result.checks[d.name]["features"], "checks": result.checks[d.name]["commands"],
                "management": result.management[d.name].source,
                "features_text": ("、" if lang == "zh" else ", ").join(
                    t[f"feature.{f}"] for f in result.checks[d.name]["features"]) or "-"} for d in plan.devices]
    outdir = out or default_outdir("change")
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "review.md").write_text(render("change/review.md.j2", t=t, plan=plan, findings=result.findings,
                                             devices=devices), encoding="utf-8")
    (outdir / "review.json").write_text(json.dumps(
        {"plan": str(plan_file), "form": plan.form, "findings": [f.to_json() for f in result.findings],
         "unknown_headings": plan.unknown_headings, "devices": devices},
        ensure_ascii=False, indent=2), encoding="utf-8")
    table = Table(title=t["title"])
    for col in ("col.device", "col.severity", "col.rule", "col.lines"):
        table.add_column(t[col], no_wrap=col == "col.lines")  # configuration commands: never wrapped
    for f in result.findings:
        lines = [t[f"name.{f.lines[0]}"]] if f.rule == "section_missing" else f.lines[:5]
        table.add_row(f.device or t["plan.all"], t[f"severity.{f.severity}"], t[f"rule.{f.rule}"], "\n".join(lines))
    terminal.result(table if result.findings else t["none"])
    terminal.written(outdir, t["written"], [outdir / "review.md", outdir / "review.json"])
    failing = [f for f in result.findings if at_or_above(f.severity, threshold)]
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


@change_app.command("template")
@terminal.quiet_option
def template_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or docx.")] = "md",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write (default: change-plan.<format>).")] = None,
    lang: Annotated[str, typer.Option(help="Language: zh or en.")] = "zh",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the file written.")] = False,
) -> None:
    """Write the blank change-plan template with the service's sections (概述 ... 业务总体测试)."""
    from netinspect.change.template import write_template
    from netinspect.core import options
    from netinspect.core.i18n import labels

    try:
        fmt = options.check_choice(fmt, ("md", "docx"), "--format")
        lang = options.check_choice(lang, ("zh", "en"), "--lang")
    except options.OptionError as exc:
        err.print(line(lang if lang in ("zh", "en") else "zh", "error", exc), highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    path = write_template(out or Path(f"change-plan.{fmt}"), fmt, lang)
    t = labels(lang, "common", "change")
    terminal.written(path.parent, t["template.written"], [path])
