"""The report's "since the last inspection" part: problems new, resolved and persisting per device, and
per-device trends over the recorded runs. Devices are matched across runs by serial, then hostname."""

from __future__ import annotations

from typing import Any

from netinspect.core.i18n import labels
from netinspect.core.results import DeviceResult, Run
from netinspect.history.store import METRICS, DeviceRow, HistoryStore, metrics_of
from netinspect.report import charts


def _num(value: float | None) -> str | None:
    return None if value is None else f"{value:.1f}".removesuffix(".0")


def same_device(row: DeviceRow, serial: str | None, hostname: str | None, name: str) -> str | None:
    """How `row` is the same device: 'serial', 'hostname', 'name', or None."""
    if serial and row.serial:
        return "serial" if row.serial.lower() == serial.lower() else None
    if hostname and row.hostname:
        return "hostname" if row.hostname.lower() == hostname.lower() else None
    return "name" if row.name == name else None


class RowIndex:
    """Recorded device rows by serial, hostname and name, so that finding a device's rows does not scan
    every row of every run (a large fleet's history is devices x runs rows)."""

    def __init__(self, rows: list[DeviceRow]) -> None:
        self.rows = rows
        self.by: dict[tuple[str, str], list[int]] = {}
        for i, r in enumerate(rows):
            for key in (("serial", (r.serial or "").lower()), ("hostname", (r.hostname or "").lower()),
                        ("name", r.name)):
                if key[1]:
                    self.by.setdefault(key, []).append(i)

    def history_of(self, d: DeviceResult) -> list[DeviceRow]:
        """The rows same_device() takes for `d`, in recorded order."""
        ident = d.device.identity
        keys = (("serial", (ident.serial or "").lower()), ("hostname", (ident.hostname or "").lower()),
                ("name", d.name))
        found = sorted({i for key in keys if key[1] for i in self.by.get(key, ())})
        return [self.rows[i] for i in found if same_device(self.rows[i], ident.serial, ident.hostname, d.name)]


def since_last(store: HistoryStore, run: Run, max_points: int = 8) -> dict[str, Any] | None:
    """The comparison of `run` with the last recorded run before it; None when there is none."""
    earlier = [r for r in store.runs() if r["started"] < run.started]
    if not earlier:
        return None
    last = earlier[-1]
    rows = RowIndex([r for r in store.devices() if r.started < run.started])
    t = labels(run.lang, "common", "history")
    devices, totals = [], {"new": 0, "resolved": 0, "persisting": 0}
    for d in run.devices:
        past = rows.history_of(d)
        previous = next((r for r in reversed(past) if r.run == last["id"]), None)
        now = {r.check: (r.severity, r.title or r.check) for r in d.problems}
        before = previous.problems if previous else {}
        entry = {"name": d.name, "matched": previous is not None,
                 "new": [now[c][1] for c in now if c not in before] if previous else [],
                 "resolved": [before[c][1] for c in before if c not in now],
                 "persisting": [now[c][1] for c in now if c in before],
                 "trends": []}
        for key in ("new", "resolved", "persisting"):
            totals[key] += len(entry[key])
        current = metrics_of(d)
        for metric in METRICS:
            points = [(r.started[:10], r.metrics[metric]) for r in past[-(max_points - 1):]]
            points.append((run.started[:10], current[metric]))
            if sum(1 for _, v in points if v is not None) >= 2:
                entry["trends"].append({"metric": t[f"metric.{metric}"], "chart": charts.sparkline(points),
                                        "last": _num(points[-1][1]), "first": _num(points[0][1])})
        devices.append(entry)
    return {"previous": last, "devices": devices, "totals": totals, "runs": len(earlier)}
