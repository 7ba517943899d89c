"""When a source's outputs were collected: the bundle's manifest, else the device's own clock in a
session log (display clock / show clock), else a date in the log's file name, else the file's
modification time - never when the analysis ran."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from netinspect.core.raw import RawDevice

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), 1)}
_TIME = r"(?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2})"
# VRP "2026-03-05 10:21:33+08:00"; Comware "10:21:33 UTC Thu 03/05/2026" (month/day/year);
# IOS "*10:21:33.123 UTC Thu Mar 5 2026"
_CLOCK = [
    re.compile(rf"(?P<y>\d{{4}})-(?P<mo>\d{{1,2}})-(?P<d>\d{{1,2}})\s+{_TIME}"),
    re.compile(rf"{_TIME}(?:\.\d+)?\s+\S+\s+\w{{3}}\s+(?P<mo>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>\d{{4}})"),
    re.compile(rf"{_TIME}(?:\.\d+)?\s+\S+\s+\w{{3}}\s+(?P<mon>[A-Za-z]{{3}})\s+(?P<d>\d{{1,2}})\s+(?P<y>\d{{4}})"),
]
_NAME_DATE = re.compile(r"(?<!\d)(?P<y>20\d{2})[-_.]?(?P<mo>[01]\d)[-_.]?(?P<d>[0-3]\d)(?!\d)")
CLOCK_COMMANDS = ("display clock", "show clock")


def clock_time(text: str) -> str | None:
    """The device clock printed by display/show clock, as ISO 'YYYY-MM-DDTHH:MM:SS' (device local time)."""
    for pattern in _CLOCK:
        m = pattern.search(text)
        if not m:
            continue
        g = m.groupdict()
        month = _MONTHS.get((g.get("mon") or "").lower()) if g.get("mon") else int(g["mo"])
        try:
            return datetime(int(g["y"]), month or 0, int(g["d"]), int(g["h"]), int(g["mi"]), int(g["s"])).isoformat()
        except ValueError:
            continue
    return None


def name_date(name: str) -> str | None:
    """A date written in a file name (CORE_20260305.log, 2026-03-05-core.txt), or None."""
    m = _NAME_DATE.search(Path(name).name)
    if not m:
        return None
    try:
        return date(int(m["y"]), int(m["mo"]), int(m["d"])).isoformat()
    except ValueError:
        return None


def _file_time(path: str | None) -> str | None:
    try:
        stamp = Path(path or "").stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(stamp, timezone.utc).replace(microsecond=0).isoformat()


def collection_time(devices: Iterable[RawDevice], manifest: dict[str, Any] | None = None) -> tuple[str | None, str]:
    """(when, how): how is bundle | device_clock | file_name | file_time | unknown."""
    if manifest and manifest.get("started"):
        return str(manifest["started"]), "bundle"
    devices = list(devices)
    for raw in devices:
        for command in CLOCK_COMMANDS:
            text = raw.text(command)
            when = clock_time(text) if text else None
            if when:
                return when, "device_clock"
    for raw in devices:
        when = name_date(raw.source or "")
        if when:
            return when, "file_name"
    for raw in devices:
        when = _file_time(raw.source)
        if when:
            return when, "file_time"
    return None, "unknown"
