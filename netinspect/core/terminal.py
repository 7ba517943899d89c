"""Where the command line writes (README "On the terminal").

- stdout: the result of the command: its summary table and verdict lines, the output folder and the files
  written there, the commands to run next. ``netinspect demo > f`` leaves all of it in ``f``.
- stderr: what happens on the way: progress (bar or one line per device), log lines, warnings, errors.
- ``-q``: stdout holds only the output folder; stderr only errors.

When stdout is not a terminal, tables are as wide as their content (COLUMNS, when set, wins), and lines
holding a path or a command are never wrapped.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console

WIDE = 1000  # columns of a console that is not a terminal: tables keep their natural width
_state = {"quiet": False}


def is_quiet() -> bool:
    """True inside :func:`quiet` (``-q``): only the output folder on stdout, only errors on stderr."""
    return _state["quiet"]


@contextmanager
def quiet(on: bool = True) -> Iterator[None]:
    """Run a command with ``-q`` (on) or without; restores the previous state when it ends."""
    before = _state["quiet"]
    _state["quiet"] = bool(on) or before
    try:
        yield
    finally:
        _state["quiet"] = before


def quiet_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a command that has a ``quiet`` (``-q``) parameter: it runs inside :func:`quiet`."""
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        with quiet(bool(kwargs.get("quiet"))):
            return command(*args, **kwargs)
    return run


def width_for(stream: Any) -> int | None:
    """Console width: COLUMNS when set, the terminal's (None: rich asks it), else WIDE."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return None if tty else WIDE


class LogConsole(Console):
    """The stderr console: under ``-q`` it prints only error lines (those starting with ``[red]``)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:  # noqa: A003 - rich's name
        if is_quiet() and not (objects and isinstance(objects[0], str) and objects[0].startswith("[red]")):
            return
        super().print(*objects, **kwargs)


def stderr() -> LogConsole:
    """Progress, logs, warnings and errors: one line each, never wrapped."""
    return LogConsole(stderr=True, soft_wrap=True, highlight=False)


def stdout() -> Console:
    """The result console (a new one per call: stdout may have been replaced, e.g. by a test runner)."""
    return Console(file=sys.stdout, width=width_for(sys.stdout), highlight=False)


def result(*renderables: Any) -> None:
    """Print part of the result (a table, a verdict line: plain text, no markup) on stdout; nothing under ``-q``."""
    if is_quiet():
        return
    console = stdout()
    for item in renderables:
        text = isinstance(item, str)
        console.print(item, soft_wrap=text, markup=not text)


def command(text: str) -> None:
    """A command to run next (or a line holding one) on stdout, never wrapped; nothing under ``-q``."""
    if not is_quiet():
        stdout().print(text, soft_wrap=True, markup=False)


def written(outdir: Path, label: str, files: Iterable[Path] = ()) -> None:
    """The output folder: "label: DIR" and the files under it; under ``-q`` the folder alone."""
    console = stdout()
    if is_quiet():
        console.print(str(outdir), soft_wrap=True, markup=False)
        return
    console.print(f"{label}: {outdir}", soft_wrap=True, markup=False)
    for path in files:
        console.print(f"  {path}", soft_wrap=True, markup=False)
