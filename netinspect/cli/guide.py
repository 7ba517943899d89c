"""``netinspect commands`` and ``netinspect guide``, registered by netinspect/cli/app.py."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from netinspect.core import terminal
from netinspect.core.i18n import labels
from netinspect.core.messages import line

EXIT_USAGE = 2
err = terminal.stderr()  # progress, logs, warnings, errors; results go to stdout (netinspect.core.terminal)


def _lang(lang: str) -> str:
    if lang not in ("zh", "en"):
        err.print(line("zh", "error", f"--lang: {lang!r} (zh, en)"))
        raise typer.Exit(EXIT_USAGE)
    return lang


def commands_command(
    platform: Annotated[str, typer.Argument(help="OS id or alias: huawei_vrp, huawei_vrp8, h3c_comware, cisco_ios, cisco_iosxe.",
                                            show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (to stdout), or printable sheets: html,md,pdf,docx (a comma-separated list).")] = "text",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Folder for the sheet (default: here).")] = None,
    lang: Annotated[str, typer.Option(help="Language: zh or en.")] = "zh",
) -> None:
    """The commands to paste when capturing session logs by hand (paging off first)."""
    from netinspect.guide.checklist import ChecklistError, command_text, resolve, write_sheet

    lang = _lang(lang)
    t = labels(lang, "guide")
    try:
        chosen = resolve(platform, lang)
        if fmt == "text":
            sys.stdout.write(command_text(chosen))
            err.print(f"# {t['cmd.stderr_hint']}")
            return
        formats = [f.strip() for f in fmt.split(",") if f.strip()]  # a list, as every other command takes
        wrong = [f for f in formats if f not in SHEET_FORMATS]
        if wrong or not formats:
            raise ChecklistError(f"--format: {fmt!r} (text, or a list of {', '.join(SHEET_FORMATS)})")
        paths = [write_sheet(chosen, lang, f, out or Path.cwd()) for f in formats]
    except ChecklistError as exc:
        err.print(line(lang, "error", exc))
        raise typer.Exit(EXIT_USAGE) from None
    except Exception as exc:  # PdfError and OSError: one line, no traceback
        from netinspect.report.pdf import PdfError
        if not isinstance(exc, (PdfError, OSError)):
            raise
        err.print(line(lang, "error", exc))
        raise typer.Exit(EXIT_USAGE) from None
    for path in paths:
        typer.echo(str(path))


GUIDE_FORMATS = ("html", "md", "pdf", "docx")
SHEET_FORMATS = GUIDE_FORMATS


def _fail(message: str, lang: str) -> typer.Exit:
    err.print(line(lang, "error", message))
    return typer.Exit(EXIT_USAGE)


@terminal.quiet_option
def guide_command(
    inventory: Annotated[Optional[Path], typer.Option("--inventory", "-i", help="Inventory YAML (read only; no connection).")] = None,
    bundle: Annotated[Optional[Path], typer.Option("--bundle", "-b", help="A saved run bundle.")] = None,
    logs: Annotated[Optional[list[Path]], typer.Option("--logs", "-l", help="Session logs: a folder or files (repeatable).")] = None,
    site: Annotated[Optional[Path], typer.Option(help="Site facts YAML (customer, site, engineer, date).")] = None,
    config: Annotated[Optional[Path], typer.Option(help="Thresholds YAML, as for inspect (the guide quotes them).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder (default: a new dated folder here).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html,md,pdf,docx.")] = "html,md",
    lang: Annotated[str, typer.Option(help="Language: zh or en.")] = "zh",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output folder.")] = False,
) -> None:
    """The daily maintenance guide (日常维护指导书) for each model of the fleet: checks, monitoring, record form."""
    from netinspect.core.options import OptionError, parse_formats

    lang = _lang(lang)
    t = labels(lang, "guide")
    chosen = [n for n, v in (("--inventory", inventory), ("--bundle", bundle), ("--logs", logs)) if v]
    if len(chosen) != 1:
        raise _fail(t["guide.one_source"].format(got=", ".join(chosen) or "-"), lang)
    try:
        formats = parse_formats(fmt, GUIDE_FORMATS)
    except OptionError as exc:
        raise _fail(str(exc), lang) from None
    models, warnings, site_facts, user_config = _load(inventory, bundle, logs, site, config, lang)
    for warning in warnings:
        err.print(f"[yellow]{t['guide.warning']}:[/] {warning}")
    if not models:
        raise _fail(t["guide.no_model"], lang)
    _write(models, lang, site_facts, user_config, out, formats, quiet)


def _load(inventory: Path | None, bundle: Path | None, logs: list[Path] | None, site: Path | None,
          config: Path | None, lang: str) -> tuple[list, list[str], dict, dict]:
    """The fleet's models, warnings, site facts and user thresholds; usage errors end the command."""
    from netinspect.checks.catalog import load_catalog
    from netinspect.checks.config import ConfigError, load_user_config
    from netinspect.core.errors import UsageError
    from netinspect.guide.fleet import from_inventory, from_source
    from netinspect.workflow import load_site

    try:
        if inventory is not None:
            if not inventory.is_file():
                raise UsageError(f"{inventory}: no such file")
            models, warnings = from_inventory(inventory)
        else:
            models, warnings = from_source(logs, bundle, lang)
        user_config: dict = {}
        if config is not None:
            user_config, more = load_user_config(config, load_catalog("health"))
            warnings += more
        return models, warnings, load_site(site), user_config
    except (UsageError, ConfigError) as exc:
        raise _fail(str(exc), lang) from None


def _write(models: list, lang: str, site: dict, config: dict, out: Path | None, formats: list[str],
           quiet: bool) -> None:
    from datetime import date

    from netinspect.guide.build import view, write_guide
    from netinspect.report.pdf import PdfError
    from netinspect.workflow import default_outdir

    outdir = out or default_outdir("guide")
    today = date.today().isoformat()
    data = view(models, lang, site, config, today, f"MG-{today.replace('-', '')}")
    try:
        written = write_guide(data, outdir, formats)
    except (PdfError, OSError) as exc:
        raise _fail(str(exc), lang) from None
    with terminal.quiet(quiet):
        terminal.written(outdir, labels(lang, "guide")["written"], written)
