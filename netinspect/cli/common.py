"""Option parsing every command shares: a bad value is one error line in the run's language, exit 2."""

from __future__ import annotations

import typer

from netinspect.core import options, terminal
from netinspect.core.errors import EXIT_USAGE
from netinspect.core.messages import line, terminal_language

err = terminal.stderr()  # errors go to stderr (netinspect.core.terminal)

FORMATS = ("html", "md", "json", "xlsx", "pdf", "docx")


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


_LEAVE = {"at_once": False}


def leave_at_once(on: bool = True) -> None:
    """Called by a command that has written and closed everything: the console entry point then ends the
    process without the interpreter's teardown (:func:`exit_now`), which costs 0.3-0.5 s after a large
    collection on a loaded machine. Only :func:`netinspect.cli.app.main` acts on it (not in-process tests)."""
    _LEAVE["at_once"] = on


def exit_now(code: object) -> None:
    """End the process with the exit code of SystemExit(`code`) if a command asked to leave at once."""
    if not _LEAVE["at_once"]:
        return
    import logging
    import os
    import sys

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    logging.shutdown()
    os._exit(code or 0)
