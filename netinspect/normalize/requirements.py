"""What a parse must find to be "ok": the declarations in data/parse_requirements.yaml.

A handler that fills only part of what the checks need must not yield a pass: :func:`missing` names
the first declared value that is absent, and the caller turns the command into a parse_error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from netinspect.core.model import Device
from netinspect.core.paths import DATA_DIR


@dataclass(frozen=True)
class Requirement:
    """The values one (OS, command) parser must produce."""

    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    may_be_empty: frozenset[str] = frozenset()
    any_of: tuple[str, ...] = ()
    # values kept even when the parse fails (a cut output whose version line survived: issue 20), as
    # (group, field); the command is still a parse_error
    keep: tuple[tuple[str, str], ...] = ()

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
