"""`netinspect diff BEFORE AFTER`: thin shell over load -> compare -> expect -> report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from netinspect.core import terminal
from netinspect.core.messages import line

err = terminal.stderr()  # progress, logs, warnings, errors; results go to stdout (netinspect.core.terminal)
EXIT_OK, EXIT_DIFF, EXIT_USAGE = 0, 1, 2
HELP_EXIT = ("Exit codes: 0 no unexpected difference at or above --fail-on; 1 some (or an intended one "
             "did not happen at that level); 2 bad usage or unreadable input.")


@terminal.quiet_option
def diff_command(
    before: Annotated[Path, typer.Argument(help="Run bundle, session-log folder/file, or results.json before the change.")],
    after: Annotated[Path, typer.Argument(help="The same after the change.")],
    expect: Annotated[Optional[Path], typer.Option("--expect", "-e", help="Intended differences (YAML).")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Tolerances and severities (YAML, the keys of data/diff.yaml).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder (default: a new dated folder).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html,md,json,xlsx.")] = "html,md,json,xlsx",
    lang: Annotated[str, typer.Option(help="Report language: zh or en.")] = "zh",
    fail_on: Annotated[Optional[str], typer.Option(help="Exit 1 when an unexpected difference is at or above this severity (default: medium).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output folder.")] = False,
) -> None:
    """Compare the network before and after a change: what went down, disappeared or changed role."""
    from rich.table import Table

    from netinspect.core import options
    from netinspect.core.i18n import labels
    from netinspect.core.results import SEVERITIES
    from netinspect.diff import engine, report
    from netinspect.diff import expect as expect_mod
    from netinspect.diff.load import LoadError, load_side
    from netinspect.workflow import default_outdir

    try:
        formats = options.parse_formats(fmt, report.FORMATS)
        lang = options.check_choice(lang, ("zh", "en"), "--lang")
        threshold = options.check_choice(fail_on or engine.settings()["fail_on"], SEVERITIES, "--fail-on")
        engine.use_config(options.read_yaml(config) if config else None, str(config))
        expectations = expect_mod.load_expectations(expect) if expect else []
        log_sev = int(engine.settings()["log_severity"])
        sides = [load_side(before, lang, log_sev), load_side(after, lang, log_sev)]
    except (options.OptionError, expect_mod.ExpectError, engine.ConfigError, LoadError) as exc:
        err.print(line(lang, "error", exc), highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    t = labels(lang, "common", "diff")
    for side in sides:
        for problem in side.problems:
            err.print(line(lang, "input", problem), highlight=False)
        if side.kind == "results":
            err.print(line(lang, "warning", t['warning.results_only'].format(path=side.path)), highlight=False)
    pairs, diffs = engine.compare(sides[0].devices, sides[1].devices)
    diffs += expect_mod.apply(expectations, pairs, diffs)
    diffs = engine.group(diffs)
    meta = {s_name: {"path": str(s.path), "kind": s.kind, "started": s.started, "started_how": s.started_how}
            for s_name, s in zip(("before", "after"), sides)}
    outdir = out or default_outdir("diff")
    written = report.write_reports(pairs, diffs, meta, outdir, formats, lang, threshold)
    if not quiet:
        view = report.build_view(pairs, diffs, meta, lang, threshold)
        table = Table(title=t["title"])
        for col in ("col.device", "col.severity", "col.kind", "col.item", "col.before", "col.after", "col.expected"):
            table.add_column(t[col])
        for r in view["rows"]:
            table.add_row(r["device"], r["severity_text"], r["kind_text"], r["item"], r["before"], r["after"],
                          r["expected_text"])
        terminal.result(table, *view["verdict"])
    terminal.written(outdir, t["written"], written)
    raise typer.Exit(EXIT_DIFF if report.failing(diffs, threshold) else EXIT_OK)
