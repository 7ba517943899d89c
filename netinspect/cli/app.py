"""The netinspect command line: options in, one call into the workflow, exit code out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from netinspect import __version__
from netinspect.cli.common import check_choice, exit_now, leave_at_once, parse_formats
from netinspect.cli.help import TidyGroup
from netinspect.core import terminal
from netinspect.core.errors import EXIT_USAGE, UsageError
from netinspect.core.messages import line, say, set_terminal_language, terminal_language

# The workflow (and through it parsing, checks, reports) is imported when a command runs, not when the
# program starts: `netinspect --help` and shell completion stay fast (issue 22). Tests may replace these.
_LAZY = {"InspectOptions": "InspectOptions", "default_outdir": "default_outdir", "inspect_source": "inspect_source",
         "inspect_live": "inspect_inventory", "prepare_outdir": "prepare_outdir"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from netinspect import workflow

        return getattr(workflow, _LAZY[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

EXIT_CODES_HELP = ("Exit codes: 0 no failed result at or above --fail-on; 1 some (or, with --require-complete, "
                   "a partly inspected device); "
                   "2 bad usage or no usable input; 3 internal error (a bug: the message says where the details are).")

app = typer.Typer(
    name="netinspect",
    help="Inspection (巡检), hardening plans and version assessment for H3C, Huawei and Cisco networks.\n\n"
         + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    cls=TidyGroup,
)
err = terminal.stderr()  # progress, logs, warnings, errors; results go to stdout (netinspect.core.terminal)

def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"netinspect {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """netinspect: read-only inspection of network devices."""


@app.command(epilog=EXIT_CODES_HELP)
@terminal.quiet_option
def inspect(
    logs: Annotated[Optional[list[Path]], typer.Option("--logs", "-l", help="Session logs: a folder or files (repeatable).")] = None,
    inventory: Annotated[Optional[Path], typer.Option("--inventory", "-i", help="Inventory YAML: collect over SSH.")] = None,
    bundle: Annotated[Optional[Path], typer.Option("--bundle", "-b", help="Re-analyse a saved run bundle.")] = None,
    limit: Annotated[Optional[str], typer.Option(help="With -i: name pattern, group, role or tag.")] = None,
    workers: Annotated[Optional[int], typer.Option(help="With -i: parallel SSH sessions.")] = None,
    ask_pass: Annotated[bool, typer.Option("--ask-pass", help="With -i: prompt once for a password.")] = False,
    commands: Annotated[Optional[list[Path]], typer.Option("--commands", help="With -i: extra read-only commands (YAML, repeatable).")] = None,
    known_hosts: Annotated[Optional[Path], typer.Option(help="With -i: known-hosts file (default: netinspect's own).")] = None,
    no_host_key_check: Annotated[bool, typer.Option("--no-host-key-check", help="With -i: accept any host key (labs only).")] = False,
    shard: Annotated[Optional[str], typer.Option(help="With -i: K/N, collect and inspect only shard K of N (stable by device name).")] = None,
    transport: Annotated[str, typer.Option(help="With -i: SSH transport: auto (asyncssh for the platforms it serves, else netmiko), netmiko or asyncssh.")] = "auto",
    site: Annotated[Optional[Path], typer.Option(help="Site facts YAML (customer, site, engineer, date).")] = None,
    config: Annotated[Optional[Path], typer.Option(help="Thresholds and check switches YAML.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder (default: a new dated folder here).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html,md,json,xlsx,pdf,docx.")] = "html,md,json,xlsx",
    lang: Annotated[str, typer.Option(help="Report language: zh or en.")] = "zh",
    fail_on: Annotated[str, typer.Option(help="Exit 1 when a failed result is at or above this severity.")] = "high",
    no_hardening: Annotated[bool, typer.Option("--no-hardening", help="Skip the configuration baseline checks.")] = False,
    rules: Annotated[Optional[Path], typer.Option(help="Extra hardening rule files (folder).")] = None,
    waivers: Annotated[Optional[Path], typer.Option(help="Accepted risks (waivers YAML).")] = None,
    baseline: Annotated[Optional[str], typer.Option(help="Hardening baseline profile YAML, or a shipped one: baseline-dengbao2-level3, baseline-cis-like (default: every rule).")] = None,
    advisories: Annotated[Optional[Path], typer.Option(help="Advisory store (default: NETINSPECT_ADVISORIES or the user store).")] = None,
    lifecycle: Annotated[Optional[Path], typer.Option(help="End-of-sale / end-of-support dates YAML (extends data/lifecycle.yaml).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output folder.")] = False,
    history: Annotated[Optional[Path], typer.Option(help="History store (SQLite; default: NETINSPECT_HISTORY or the user data folder).")] = None,
    no_history: Annotated[bool, typer.Option("--no-history", help="Do not record this run in the history store.")] = False,
    export_unparsed: Annotated[Optional[Path], typer.Option("--export-unparsed", help="Write every output not understood here, redacted, as a corpus entry to send to the maintainers.")] = None,
    require_complete: Annotated[bool, typer.Option("--require-complete", help="Exit 1 when a device is only partly inspected (a core check of its platform lacked data).")] = False,
    detail: Annotated[str, typer.Option(help="Per-check section of the report: summary (checks not passed) or full (every check).")] = "summary",
) -> None:
    """Inspect devices from session logs, a run bundle or live over SSH, and write the inspection report."""
    from netinspect.core.results import SEVERITIES

    this = sys.modules[__name__]  # the workflow's functions, looked up here (see _LAZY)
    chosen = [name for name, value in (("--logs", logs), ("--inventory", inventory), ("--bundle", bundle)) if value]
    if len(chosen) != 1:
        got = ", ".join(chosen) or say(lang, "none")
        err.print(line(lang, "error", say(lang, "one_source", got=got)), highlight=False)
        raise typer.Exit(EXIT_USAGE)
    set_terminal_language(lang)
    out = out or this.default_outdir()
    opts = this.InspectOptions(
        out=out, formats=parse_formats(fmt), lang=check_choice(lang, ("zh", "en"), "--lang"),
        fail_on=check_choice(fail_on, SEVERITIES, "--fail-on"), site_file=site, config_file=config,
        hardening=not no_hardening, quiet=quiet, history=history, record_history=not no_history,
        export_unparsed=export_unparsed, require_complete=require_complete,
        detail=check_choice(detail, ("summary", "full"), "--detail"), hardening_baseline=baseline,
        suite_options={k: v for k, v in (("rules_dir", rules), ("waivers", waivers), ("advisories", advisories),
                                         ("lifecycle", lifecycle))
                       if v is not None},
    )
    try:
        from netinspect import sources
        this.prepare_outdir(out, lang)  # before any collection or analysis: one line, exit 2
        ssh_options = {"limit": limit, "workers": workers, "ask_pass": ask_pass, "command_files": commands or (),
                       "known_hosts": known_hosts, "host_key_check": not no_host_key_check, "run_dir": out,
                       "shard": shard, "transport": check_choice(transport, ("auto", "netmiko", "asyncssh"), "--transport")}
        if inventory is not None:  # live: each device judged while the others are collected
            code = this.inspect_live(inventory, ssh_options, opts, err)
        else:
            source, kind = sources.load(logs=logs, bundle=bundle, stream=True)
            code = this.inspect_source(source, kind, opts, err)
    except UsageError as exc:
        err.print(line(lang, "error", exc), highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    raise typer.Exit(code)


# ---- commands of other modules are registered below ----
from netinspect.cli.advisories import advisories_app, versions_command  # noqa: E402

app.add_typer(advisories_app, name="advisories")
app.command("versions")(versions_command)
from netinspect.cli.live import collect_command, demo_command, inventory_app, lab_app, merge_command  # noqa: E402

app.command("collect")(collect_command)
app.command("merge", epilog=EXIT_CODES_HELP)(merge_command)
app.command("demo")(demo_command)
app.add_typer(lab_app, name="lab")
app.add_typer(inventory_app, name="inventory")
from netinspect.cli.harden import harden_command  # noqa: E402

app.command("harden")(harden_command)
from netinspect.cli.diff import HELP_EXIT as DIFF_EXIT_HELP  # noqa: E402
from netinspect.cli.diff import diff_command  # noqa: E402

app.command("diff", epilog=DIFF_EXIT_HELP)(diff_command)
from netinspect.cli.change import change_app  # noqa: E402
from netinspect.cli.history import history_app  # noqa: E402

app.add_typer(change_app, name="change")
app.add_typer(history_app, name="history")
from netinspect.cli.guide import commands_command, guide_command  # noqa: E402

app.command("commands")(commands_command)
app.command("guide")(guide_command)
from netinspect.cli.schema import schema_command  # noqa: E402

app.command("schema")(schema_command)


def main() -> None:
    """The console entry point: a crash is exit 3 with one line and the path of the details, never exit 1."""
    from netinspect.core.barrier import one_line, write_crash_log
    from netinspect.core.errors import EXIT_INTERNAL
    from netinspect.core.runtime import stop_on_sigterm

    stop_on_sigterm()
    leave_at_once(False)  # only a command of this call may ask for it
    try:
        app()
    except SystemExit as done:
        exit_now(done.code)  # a command that asked to end at once (see cli.common.leave_at_once)
        raise
    except Exception as exc:  # noqa: BLE001 - the last barrier: a bug must not look like findings
        path = write_crash_log(exc)
        lang = terminal_language()
        where = say(lang, "crash", error=one_line(exc), path=path) if path else say(lang, "crash_unwritten",
                                                                                     error=one_line(exc))
        err.print(line(lang, "internal_error", where), highlight=False)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
