"""``netinspect commands`` and ``netinspect guide``, registered by netinspect/cli.py."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from netinspect.report.jinja import labels

EXIT_USAGE = 2
err = Console(stderr=True, soft_wrap=True, highlight=False)


def _lang(lang: str) -> str:
    if lang not in ("zh", "en"):
        err.print(f"[red]error:[/] --lang: {lang!r} (zh, en)")
        raise typer.Exit(EXIT_USAGE)
    return lang


def commands_command(
    platform: Annotated[str, typer.Argument(help="OS id or alias: huawei_vrp, huawei_vrp8, h3c_comware, cisco_ios, cisco_iosxe.",
                                            show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (to stdout), or a printable sheet: html, md or pdf.")] = "text",
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
        if fmt not in ("html", "md", "pdf"):
            raise ChecklistError(f"--format: {fmt!r} (text, html, md, pdf)")
        path = write_sheet(chosen, lang, fmt, out or Path.cwd())
    except ChecklistError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except Exception as exc:  # PdfError and OSError: one line, no traceback
        from netinspect.report.pdf import PdfError
        if not isinstance(exc, (PdfError, OSError)):
            raise
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(str(path))
