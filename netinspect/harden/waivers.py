"""Waivers: accepted risks that turn a failed hardening item into `skipped`, until they expire.

File format (YAML)::

    waivers:
      - rule: harden.telnet            # rule id (or a glob: harden.*)
        devices: [core-sw1, "acc-*"]   # device names or globs; or roles: [switch]
        reason: Legacy NMS needs telnet until migration
        by: Zhang San
        until: 2026-12-31              # inclusive; after it the waiver no longer applies
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from netinspect.core.i18n import labels
from netinspect.core.results import CheckResult, DeviceResult


class WaiverError(ValueError):
    """A waiver file that cannot be used."""


@dataclass(frozen=True)
class Waiver:
    rule: str
    devices: tuple[str, ...]
    roles: tuple[str, ...]
    reason: str
    by: str
    until: date

    def matches(self, check: str, device: DeviceResult) -> bool:
        names = {device.name, device.device.identity.hostname or ""}
        if not fnmatch.fnmatch(check, self.rule):
            return False
        if self.devices and not any(fnmatch.fnmatch(n, p) for n in names for p in self.devices):
            return False
        return not self.roles or (device.device.identity.role or device.raw.role) in self.roles


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise WaiverError(f"{where}: until: {value!r} is not a date (YYYY-MM-DD)") from exc


def parse_waivers(data: Any, source: str = "waivers") -> list[Waiver]:
    items = data.get("waivers") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise WaiverError(f"{source}: expected a waivers: list")
    out = []
    for i, item in enumerate(items, 1):
        where = f"{source}: waiver {i}"
        if not isinstance(item, dict) or not item.get("rule") or not item.get("reason") or not item.get("until"):
            raise WaiverError(f"{where}: rule, reason and until are required")
        as_tuple = lambda v: tuple(str(x) for x in (v if isinstance(v, list) else [v] if v else []))  # noqa: E731
        out.append(Waiver(rule=str(item["rule"]), devices=as_tuple(item.get("devices") or item.get("device")),
                          roles=as_tuple(item.get("roles")), reason=str(item["reason"]), by=str(item.get("by", "")),
                          until=_date(item["until"], where)))
    return out


def load_waivers(source: str | Path | list[Waiver] | None) -> list[Waiver]:
    if source is None:
        return []
    if isinstance(source, list):
        return source
    path = Path(source)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WaiverError(f"{path}: {exc}") from exc
    return parse_waivers(data, str(path))


def apply_waivers(device: DeviceResult, results: list[CheckResult], waivers: list[Waiver], lang: str,
                  today: date | None = None) -> None:
    """Failed results covered by a valid waiver become `skipped`; an expired one is noted on the result."""
    today = today or date.today()
    text = labels(lang, "harden")
    for result in results:
        if result.status != "fail":
            continue
        for waiver in (w for w in waivers if w.matches(result.check, device)):
            info = {"rule": waiver.rule, "reason": waiver.reason, "by": waiver.by, "until": waiver.until.isoformat()}
            if waiver.until >= today:
                result.status, result.severity = "skipped", "info"
                result.message = text["msg_waived"].format(**info)
                result.extra["waiver"] = {**info, "expired": False}
                break
            result.extra["waiver"] = {**info, "expired": True}
            result.message = f"{result.message}; {text['msg_waiver_expired'].format(**info)}"
