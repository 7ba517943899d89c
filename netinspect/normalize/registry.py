"""The handlers of each (OS, command) and the finishers of each OS, registered by the vendor modules
(:func:`handles`, :func:`finishes`) and run by :func:`netinspect.normalize.normalize`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from netinspect.core.model import Device


class ParseFailure(Exception):
    """Raised by a handler when the output is not what it expects; the message is the reason."""


@dataclass
class Parsed:
    """One command's output as a handler sees it."""

    os: str
    command: str
    text: str
    rows: list[dict[str, object]] = field(default_factory=list)
    template: str | None = None
    _lines: list[str] | None = field(default=None, repr=False, compare=False)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # a handler's per-output cache
    cut: str | None = None  # set by a handler that sees the output was cut short: the parse is "partial"

    def lines(self) -> list[str]:
        """The output's lines (split once, then cached)."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines


Handler = Callable[[Device, Parsed], None]
Finisher = Callable[[Device], None]


@dataclass(frozen=True)
class _Registration:
    handler: Handler
    textfsm: bool


_REGISTRY: dict[tuple[str, str], _Registration] = {}
_FINISHERS: dict[str, list[Finisher]] = {}


def handles(os_ids: str | tuple[str, ...], command: str, *, textfsm: bool = True) -> Callable[[Handler], Handler]:
    """Register a handler for `command` on each OS in `os_ids`.

    With ``textfsm=True`` the framework parses the output first and the handler reads
    ``parsed.rows``; with ``textfsm=False`` the handler reads ``parsed.text`` itself.
    """
    ids = (os_ids,) if isinstance(os_ids, str) else os_ids

    def register(func: Handler) -> Handler:
        for os_id in ids:
            _REGISTRY[(os_id, command)] = _Registration(func, textfsm)
        return func

    return register


def finishes(os_ids: str | tuple[str, ...]) -> Callable[[Finisher], Finisher]:
    """Register a step that runs once all of a device's outputs are handled (facts from several commands)."""
    ids = (os_ids,) if isinstance(os_ids, str) else os_ids

    def register(func: Finisher) -> Finisher:
        for os_id in ids:
            _FINISHERS.setdefault(os_id, []).append(func)
        return func

    return register
