"""What a parse must find to be "ok": the declarations in data/parse_requirements.yaml.

A handler that fills only part of what the checks need must not yield a pass: :func:`missing` names
the first declared value that is absent, and the caller turns the command into a parse_error. An output
that parsed but shows it was cut short (:func:`cut_short`: no end marker, fewer rows than it announces)
is "partial": its facts stay, and a check built on them cannot pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from netinspect.core.model import Device
from netinspect.core.paths import DATA_DIR


@dataclass(frozen=True)
class Completeness:
    """How a complete output of a command shows it is whole (data/parse_requirements.yaml `complete`): an
    end marker every output of the layout prints last, or the number of items the output says it lists."""

    what: str  # what a cut output lacks, for the message ("the power-supply table", "Total: N")
    layout: re.Pattern[str] | None = None  # the rule applies to outputs this matches (None: to all)
    end: re.Pattern[str] | None = None  # a complete output matches this
    count: re.Pattern[str] | None = None  # one group: the number of items the output says it lists
    of: str = ""  # the fact group counted
    where: tuple[tuple[str, str], ...] = ()  # only its items with these field values (peers of one protocol)

    def problem(self, text: str, device: Device) -> str | None:
        """Why `text` (already parsed into `device`) is cut short, or None when it shows it is whole."""
        if self.layout is not None and not self.layout.search(text):
            return None
        if self.end is not None and not self.end.search(text):
            return f"output cut short: no {self.what} at its end"
        found = self.count.search(text) if self.count is not None else None
        items = getattr(device, self.of, None) if found else None
        if isinstance(items, list):
            items = [i for i in items if all(str(getattr(i, k, "")) == v for k, v in self.where)]
        if found and isinstance(items, list) and len(items) < int(found.group(1)):
            return f"output cut short: {len(items)} of the {found.group(1)} {self.what} it announces"
        return None


def _rule(spec: dict) -> Completeness:
    flags = re.MULTILINE
    pattern = {k: re.compile(spec[k], flags) if spec.get(k) else None for k in ("layout", "end", "count")}
    where = tuple((str(k), str(v)) for k, v in (spec.get("where") or {}).items())
    return Completeness(what=str(spec["what"]), of=str(spec.get("of") or ""), where=where, **pattern)


@dataclass(frozen=True)
class Requirement:
    """The values one (OS, command) parser must produce."""

    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    may_be_empty: frozenset[str] = frozenset()
    any_of: tuple[str, ...] = ()
    # values kept even when the parse fails (a cut output whose version line survived: issue 20), as
    # (group, field); the command is still a parse_error
    keep: tuple[tuple[str, str], ...] = ()
    # how a whole output shows it is whole; an output cut short parses "partial" (issue 20)
    complete: tuple[Completeness, ...] = ()

    @property
    def fed(self) -> tuple[str, ...]:
        """Every fact group the parser is declared to fill."""
        return tuple(dict.fromkeys([g for g, _ in self.groups] + list(self.any_of)))


@cache
def _load() -> dict[tuple[str, str], Requirement]:
    data = yaml.safe_load((DATA_DIR / "parse_requirements.yaml").read_text(encoding="utf-8")) or {}
    table: dict[tuple[str, str], Requirement] = {}
    for section in data.values():
        for command, spec in (section.get("commands") or {}).items():
            spec = dict(spec or {})
            requirement = Requirement(
                may_be_empty=frozenset(spec.pop("may_be_empty", []) or []),
                any_of=tuple(spec.pop("any_of", []) or []),
                keep=tuple((group, f) for group, fields in (spec.pop("keep_when_cut", {}) or {}).items()
                           for f in fields),
                complete=tuple(_rule(rule) for rule in spec.pop("complete", []) or []),
                groups=tuple((group, tuple(fields or [])) for group, fields in spec.items()))
            for os_id in section.get("os", []):
                table[(os_id, command)] = requirement
    return table


def requirement(os_id: str, command: str) -> Requirement | None:
    """The declaration for a parser, or None when the command declares nothing."""
    return _load().get((os_id, command))


def missing(device: Device, req: Requirement) -> str | None:
    """The first declared value the device model lacks, as a short phrase; None when all are there."""
    for group, fields in req.groups:
        problem = _group_problem(device, group, fields, group in req.may_be_empty)
        if problem:
            return problem
    if req.any_of and all(_group_problem(device, g, (), True) for g in req.any_of):
        return f"none of {', '.join(req.any_of)} found"
    return None


def _group_problem(device: Device, group: str, fields: tuple[str, ...], may_be_empty: bool) -> str | None:
    value = getattr(device, group, None)
    if value is None:
        return f"no {group} found"
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not value and not may_be_empty:
        return f"no {group} found"
    for item in items:
        for name in fields:
            if getattr(item, name, None) is None:
                label = getattr(item, "name", None) or getattr(item, "slot", None)
                return f"{group}{f' {label}' if label else ''}: no {name}"
    return None


def cut_short(text: str, device: Device, req: Requirement) -> str | None:
    """Why an output that parsed is not whole (its end marker or announced rows missing), or None."""
    for rule in req.complete:
        problem = rule.problem(text, device)
        if problem:
            return problem
    return None
