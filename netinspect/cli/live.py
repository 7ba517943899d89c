"""CLI commands of live collection: `collect`, `demo`, `lab serve`, `inventory import|check`.

Registered in netinspect/cli/app.py; each is a thin shell over a library function.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from netinspect.cli.common import leave_at_once
from netinspect.core import terminal
from netinspect.core.messages import line as term_line
from netinspect.core.paths import DATA_DIR

err = terminal.stderr()  # progress, logs, warnings, errors; results go to stdout (netinspect.core.terminal)

lab_app = typer.Typer(help="Simulated devices on loopback (for trying netinspect and for tests).",
                      no_args_is_help=True)
inventory_app = typer.Typer(help="Inventory files: import from Excel/CSV, check.", no_args_is_help=True)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SNAPSHOT_FILE = DATA_DIR / "snapshot.yaml"


@terminal.quiet_option
def collect_command(
    inventory: Annotated[Path, typer.Option("--inventory", "-i", help="Inventory YAML.")],
    limit: Annotated[Optional[str], typer.Option(help="Name glob, group, role, tag or site; comma-separated; !x excludes.")] = None,
    workers: Annotated[int, typer.Option(help="Parallel SSH sessions.")] = 16,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Run bundle folder (default: a new dated folder).")] = None,
    ask_pass: Annotated[bool, typer.Option("--ask-pass", help="Prompt once for the password of devices without one.")] = False,
    commands: Annotated[Optional[list[Path]], typer.Option("--commands", help="Extra read-only commands (YAML, repeatable).")] = None,
    connect_timeout: Annotated[float, typer.Option(help="Seconds to connect and log in.")] = 10.0,
    command_timeout: Annotated[float, typer.Option(help="Seconds to wait for one command's output.")] = 60.0,
    known_hosts: Annotated[Optional[Path], typer.Option(help="Known-hosts file (default: netinspect's own).")] = None,
    no_host_key_check: Annotated[bool, typer.Option("--no-host-key-check", help="Accept any host key (labs only).")] = False,
    keep_secrets: Annotated[bool, typer.Option("--keep-secrets", help="Store configurations unredacted.")] = False,
    shard: Annotated[Optional[str], typer.Option(help="K/N: collect only shard K of N (stable by device name); join the bundles with `netinspect merge`.")] = None,
    snapshot: Annotated[bool, typer.Option("--snapshot", help="Add the state snapshot commands (routes, neighbours, peers, VRRP, STP; for `netinspect diff`).")] = False,
    transport: Annotated[str, typer.Option(help="SSH transport: auto (asyncssh for the platforms it serves, else netmiko), netmiko or asyncssh.")] = "auto",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output folder.")] = False,
    lang: Annotated[str, typer.Option(help="Language of the messages: zh or en.")] = "zh",
) -> None:
    """Collect over SSH and write a run bundle only (analyse it later with `inspect --bundle`)."""
    from rich.table import Table

    from netinspect.collect.ssh import collect_inventory
    from netinspect.core.errors import UsageError
    from netinspect.core.messages import localize, say, set_terminal_language
    from netinspect.workflow import default_outdir, finish_outdir, prepare_outdir

    lang = _lang_or_exit(lang)
    set_terminal_language(lang)

    run_dir = out or default_outdir("collect")
    try:
        prepare_outdir(run_dir, lang)  # before connecting: one line, exit 2
        source = collect_inventory(inventory, limit=limit, workers=workers, ask_pass=ask_pass,
                                   connect_timeout=connect_timeout, command_timeout=command_timeout,
                                   known_hosts=known_hosts, host_key_check=not no_host_key_check,
                                   command_files=[*(commands or []), *([SNAPSHOT_FILE] if snapshot else [])],
                                   redact_configs=not keep_secrets,
                                   run_dir=run_dir, console=err, shard=shard,
                                   transport=_transport(transport))
    except UsageError as exc:
        err.print(term_line(lang, "error", exc), highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    table = Table(title=say(lang, "collect.title"))
    for column in ("device", "status", "commands_ok", "message"):
        table.add_column(say(lang, f"collect.col.{column}"))
    for raw in source.devices:
        ok = sum(1 for o in raw.outputs.values() if o.status == "ok")
        table.add_row(raw.name, say(lang, f"collect.status.{raw.status}"), f"{ok}/{len(raw.outputs)}",
                      localize(raw.message, lang))
    finish_outdir(run_dir)
    terminal.result(table)
    terminal.written(run_dir, say(lang, "collect.bundle"))
    terminal.command(say(lang, "collect.analyse", path=run_dir))
    failed = any(d.status not in ("ok", "partial") for d in source.devices)
    leave_at_once()  # everything is written: no interpreter teardown (0.3-0.5 s measured under load)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


def _transport(value: str) -> str:
    from netinspect.cli.common import check_choice
    from netinspect.collect.transport import TRANSPORTS

    return check_choice(value, TRANSPORTS, "--transport")


@terminal.quiet_option
def demo_command(
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder (default: a new dated folder).")] = None,
    lang: Annotated[str, typer.Option(help="Report language: zh or en.")] = "zh",
    fmt: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html,md,json,xlsx,pdf,docx.")] = "html,md,json,xlsx",
    latency: Annotated[float, typer.Option(help="Simulated latency per command, ms.")] = 5.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output folder.")] = False,
) -> None:
    """Start a built-in fleet of simulated devices, inspect it over SSH on loopback, write the reports."""
    from netinspect.core.options import OptionError, parse_formats
    from netinspect.lab.demo import run_demo

    lang = _lang_or_exit(lang)
    try:
        formats = parse_formats(fmt, ("html", "md", "json", "xlsx", "pdf", "docx"))
    except OptionError as exc:
        err.print(term_line(lang, "error", exc), highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    raise typer.Exit(run_demo(out=out, lang=lang, formats=formats, latency_ms=latency, console=err))


@lab_app.command("serve")
def serve_command(
    fleet: Annotated[Optional[list[Path]], typer.Option("--fleet", help="Fleet YAML, or session-log files/folders (default: built-in fleet).")] = None,
    latency: Annotated[Optional[float], typer.Option(help="Latency per command for every device, ms.")] = None,
    port_base: Annotated[int, typer.Option(help="First port for devices without one (0: any free port).")] = 0,
    endpoints_json: Annotated[Optional[Path], typer.Option(help="Write {device: port} here once listening.")] = None,
) -> None:
    """Serve simulated devices on 127.0.0.1 until Ctrl-C."""
    import asyncio
    from dataclasses import replace

    from rich.table import Table

    from netinspect.lab.fleet import load_fleet
    from netinspect.lab.server import LOOPBACK, serve_forever

    loaded = load_fleet(list(fleet) if fleet else None)
    for problem in loaded.problems:
        err.print(f"[yellow]fleet:[/] {problem}", highlight=False)
    if not loaded.devices:
        err.print("[red]error:[/] no device to serve")
        raise typer.Exit(EXIT_USAGE)
    devices = [replace(d, port=d.port or (port_base + i if port_base else 0),
                       latency_ms=d.latency_ms if latency is None else latency)
               for i, d in enumerate(loaded.devices)]

    def ready(endpoints: dict[str, int]) -> None:
        if endpoints_json is not None:
            endpoints_json.write_text(json.dumps(endpoints), encoding="utf-8")
        table = Table(title=f"simulated devices on {LOOPBACK} (Ctrl-C stops)")
        for column in ("device", "platform", "port", "login", "faults"):
            table.add_column(column)
        for d in devices:
            table.add_row(d.name, d.os, str(endpoints[d.name]), f"{d.username}/{d.password}",
                          ", ".join(d.faults) or "-")
        terminal.result(table)
        first = devices[0]
        terminal.command(f"Try: ssh -p {endpoints[first.name]} {first.username}@{LOOPBACK}")

    try:
        asyncio.run(serve_forever(devices, ready=ready))
    except KeyboardInterrupt:
        err.print("stopped")


def _lang_or_exit(lang: str) -> str:
    if lang not in ("zh", "en"):
        err.print(term_line("zh", "error", f"--lang must be zh or en, not {lang!r}"), highlight=False)
        raise typer.Exit(EXIT_USAGE)
    return lang


@inventory_app.command("import")
def import_command(
    table: Annotated[Path, typer.Argument(help="devices.xlsx or devices.csv")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="YAML to write (default: print).")] = None,
    lang: Annotated[str, typer.Option(help="Language of the messages: zh or en.")] = "zh",
) -> None:
    """Turn a device spreadsheet into an inventory YAML (passwords are never copied)."""
    from netinspect.collect.inventory import dump_inventory, import_table
    from netinspect.core.messages import localize, say

    lang = _lang_or_exit(lang)
    if not table.is_file():
        err.print(term_line(lang, "error", f"{table}: no such file"), highlight=False)
        raise typer.Exit(EXIT_USAGE)
    try:
        data, problems = import_table(table)
    except Exception as exc:  # noqa: BLE001 - a broken workbook/CSV is the user's input: one line, exit 2
        from netinspect.core.barrier import one_line
        err.print(term_line(lang, "error", say(lang, "inventory.unreadable", path=table, why=one_line(exc))),
                  highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    for problem in problems:
        err.print(term_line(lang, "import", localize(problem, lang)), highlight=False)
    text = dump_inventory(data)
    if out is None:
        typer.echo(text)
    else:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            err.print(term_line(lang, "error", say(lang, "inventory.cannot_write", path=out, why=exc.strerror or exc)),
                      highlight=False)
            raise typer.Exit(EXIT_USAGE) from None
        terminal.result(say(lang, "inventory.written", count=len(data["devices"]), path=out))


@inventory_app.command("check")
def check_command(
    inventory: Annotated[Path, typer.Argument(help="Inventory YAML.")],
    no_resolve: Annotated[bool, typer.Option("--no-resolve", help="Do not look host names up in DNS.")] = False,
    lang: Annotated[str, typer.Option(help="Language of the messages: zh or en.")] = "zh",
) -> None:
    """Report duplicates, unknown platforms, missing fields, unresolvable hosts and missing credentials."""
    from netinspect.collect.inventory import check_inventory, load_inventory
    from netinspect.core.messages import localize, say

    lang = _lang_or_exit(lang)
    load = load_inventory(inventory)
    problems = check_inventory(load, resolve=not no_resolve)
    for problem in problems:
        terminal.result(localize(problem, lang))
    terminal.result(say(lang, "inventory.checked", devices=len(load.devices), problems=len(problems)))
    raise typer.Exit(EXIT_FAILED if problems else EXIT_OK)


@terminal.quiet_option
def merge_command(
    bundles: Annotated[list[Path], typer.Argument(help="Run bundle folders (e.g. one per shard).")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder: merged bundle and reports (default: a new dated folder).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html,md,json,xlsx.")] = "html,md,json,xlsx",
    lang: Annotated[str, typer.Option(help="Report language: zh or en.")] = "zh",
    site: Annotated[Optional[Path], typer.Option(help="Site facts YAML (customer, site, engineer, date).")] = None,
    config: Annotated[Optional[Path], typer.Option(help="Thresholds and check switches YAML.")] = None,
    fail_on: Annotated[str, typer.Option(help="Exit 1 when a failed result is at or above this severity.")] = "high",
    no_hardening: Annotated[bool, typer.Option("--no-hardening", help="Skip the configuration baseline checks.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output folder.")] = False,
) -> None:
    """Join run bundles (shards collected on several jump hosts) into one bundle, one analysis and one report."""
    from netinspect.cli.common import check_choice, parse_formats  # the same option parsing as `inspect`
    from netinspect.collect.bundle import write_bundle
    from netinspect.collect.shards import merge_bundles
    from netinspect.collect.ssh import manifest_for
    from netinspect.core.errors import UsageError
    from netinspect.core.messages import set_terminal_language
    from netinspect.core.results import SEVERITIES
    from netinspect.workflow import InspectOptions, default_outdir, inspect_source, prepare_outdir

    set_terminal_language(lang)
    missing = [str(b) for b in bundles if not b.is_dir()]
    for name in missing:
        err.print(term_line(lang, "error", f"{name}: not a run bundle folder"), highlight=False, soft_wrap=True)
    if len(missing) == len(bundles):
        raise typer.Exit(EXIT_USAGE)
    out = out or default_outdir("merge")
    opts = InspectOptions(out=out, formats=parse_formats(fmt), lang=check_choice(lang, ("zh", "en"), "--lang"),
                          fail_on=check_choice(fail_on, SEVERITIES, "--fail-on"), site_file=site, config_file=config,
                          hardening=not no_hardening, quiet=quiet)
    try:
        prepare_outdir(out, lang)  # before reading the shards: one line, exit 2
    except UsageError as exc:
        err.print(term_line(lang, "error", exc), highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    merged = merge_bundles([b for b in bundles if b.is_dir()])
    for duplicate in merged.duplicates:
        err.print(term_line(lang, "duplicate", duplicate), highlight=False, soft_wrap=True)
    write_bundle(out, merged.source, keep_secrets=merged.secrets_kept,
                 manifest_extra={**manifest_for(_started(merged.manifests), []), "source": "merge",
                                 "shards": merged.manifests})
    raise typer.Exit(inspect_source(merged.source, "bundle", opts, err))


def _started(manifests: list[dict]) -> str:
    """The earliest start among the merged bundles (the run began when the first shard did)."""
    from netinspect.core.runtime import now_iso

    return min((str(m["started"]) for m in manifests if m.get("started")), default=now_iso())
