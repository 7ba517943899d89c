"""Exposure: whether the feature an advisory's vulnerability needs is configured on the device
(data/advisories/exposure.yaml, extendable by the user). A condition is read on the running configuration
only; without it the exposure is "not evaluated", never "not exposed"."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from netinspect.advisories.catalog import data
from netinspect.advisories.records import Advisory

EXPOSURE_ENV = "NETINSPECT_EXPOSURE"


def user_exposure_path() -> Path:
    from platformdirs import user_config_dir

    return Path(os.environ.get(EXPOSURE_ENV) or Path(user_config_dir("netinspect")) / "advisory-exposure.yaml")


def _check(entry: dict[str, Any], where: str) -> dict[str, Any]:
    for key in ("exposed_if", "exposed_unless"):
        for pattern in entry.get(key) or []:
            re.compile(str(pattern))
    if not (entry.get("exposed_if") or entry.get("exposed_unless")) or not (entry.get("advisories") or entry.get("cves")):
        raise ValueError(f"{where}: condition {entry.get('id')!r} needs advisories/cves and exposed_if/exposed_unless")
    return entry


@cache
def conditions() -> tuple[dict[str, Any], ...]:
    """The user's conditions first, then the shipped ones; a broken user file raises ValueError naming it."""
    out: list[dict[str, Any]] = []
    path = user_exposure_path()
    if path.is_file():
        try:
            user = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            out += [_check(dict(e), str(path)) for e in user.get("conditions") or []]
        except (OSError, yaml.YAMLError, AttributeError, TypeError, re.error) as exc:
            raise ValueError(f"{path}: not a usable exposure file ({exc})") from exc
    out += [_check(dict(e), "exposure.yaml") for e in data("exposure")["conditions"]]
    return tuple(out)


def condition_for(adv: Advisory, os_id: str | None) -> dict[str, Any] | None:
    ids = {adv.id.lower(), *(c.upper() for c in adv.cves)}
    for cond in conditions():
        named = {str(a).lower() for a in cond.get("advisories") or []} | {str(c).upper() for c in cond.get("cves") or []}
        if ids & named and (not cond.get("os") or os_id in cond["os"] or _family(os_id) in cond["os"]):
            return cond
    return None


def _family(os_id: str | None) -> str | None:
    from netinspect.advisories.catalog import os_family

    return os_family(os_id)


def exposure(adv: Advisory, os_id: str | None, config: str | None) -> tuple[str, dict[str, Any] | None, str | None]:
    """(state, condition, evidence line): state is exposed | none_found | not_evaluated | no_condition."""
    cond = condition_for(adv, os_id)
    if cond is None:
        return "no_condition", None, None
    if not config:
        return "not_evaluated", cond, None
    lines = [ln.rstrip() for ln in config.splitlines()]
    if cond.get("exposed_if"):
        hit = _first(lines, cond["exposed_if"])
        return ("exposed", cond, hit) if hit else ("none_found", cond, None)
    off = _first(lines, cond["exposed_unless"])
    return ("none_found", cond, off) if off else ("exposed", cond, None)


def _first(lines: list[str], patterns: list[str]) -> str | None:
    for line in lines:
        if any(re.fullmatch(str(p), line.strip() if not str(p).startswith("\\s") else line, re.I) for p in patterns):
            return line.strip()
    return None
