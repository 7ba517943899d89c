"""Option parsing every command shares: a bad value is one error line in the run's language, exit 2."""

from __future__ import annotations

import typer

from netinspect.core import options, terminal
from netinspect.core.errors import EXIT_USAGE
from netinspect.core.messages import line, terminal_language

err = terminal.stderr()  # errors go to stderr (netinspect.core.terminal)

FORMATS = ("html", "md", "json", "xlsx", "pdf")


def parse_formats(value: str) -> list[str]:
    try:
        return options.parse_formats(value, FORMATS)
    except options.OptionError as exc:
        raise _bad_option(exc) from None


def check_choice(value: str, choices: tuple[str, ...], option: str) -> str:
    try:
        return options.check_choice(value, choices, option)
    except options.OptionError as exc:
        raise _bad_option(exc) from None


def _bad_option(exc: Exception) -> typer.Exit:
    """A bad option value: one error line in the run's language (set_terminal_language), exit 2."""
    err.print(line(terminal_language(), "error", exc), highlight=False)
    return typer.Exit(EXIT_USAGE)
