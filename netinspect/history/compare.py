"""The report's "since the last inspection" part: problems new, resolved and persisting per device, and
per-device trends over the recorded runs. Devices are matched across runs by serial, then hostname."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import yaml

from netinspect.checks.objects import is_health, problem_keys, split_key, title
from netinspect.core.i18n import labels
from netinspect.core.paths import DATA_DIR
from netinspect.core.results import DeviceResult, Run
from netinspect.history.store import METRICS, DeviceRow, HistoryStore, metrics_of, site_key
from netinspect.report import charts


@cache
def settings() -> dict[str, Any]:
    """data/history.yaml: counters, projection limits, recommendations of the period report."""
    return yaml.safe_load((DATA_DIR / "history.yaml").read_text(encoding="utf-8"))


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


def _day(when: str) -> date | None:
    try:
        return date.fromisoformat(when[:10])
    except ValueError:
        return None


def per_day(points: list[tuple[str, float | None]]) -> list[tuple[str, float | None]]:
    """Cumulative counters -> their increase per day between consecutive inspections. A counter that went
    down (cleared, device restarted) or a missing value gives no point: it cannot be told."""
    out: list[tuple[str, float | None]] = []
    for (d0, v0), (d1, v1) in zip(points, points[1:]):
        start, end = _day(d0), _day(d1)
        days = (end - start).days if start and end else 0
        ok = v0 is not None and v1 is not None and v1 >= v0 and days > 0
        out.append((d1, round((v1 - v0) / days, 1) if ok else None))  # type: ignore[operator]
    return out


def _changes(now: dict[str, tuple[str, str]], before: dict[str, tuple[str, str]], matched: bool,
             lang: str) -> dict[str, dict[str, list[str]]]:
    """New / resolved / persisting problem titles, health and baseline apart (in `lang`)."""
    out = {group: {"new": [], "resolved": [], "persisting": []} for group in ("health", "baseline")}

    def put(key: str, category: str, which: str) -> None:
        k = split_key(key)
        out["health" if is_health(category, k.check) else "baseline"][which].append(title(k.check, k.obj, lang))

    for key, (_, category) in now.items():
        if key in before:
            put(key, category, "persisting")
        elif matched:
            put(key, category, "new")
    for key, (_, category) in before.items():
        if key not in now:
            put(key, category, "resolved")
    return out


def since_last(store: HistoryStore, run: Run, inspected: str | None = None,
               max_points: int = 8) -> dict[str, Any] | None:
    """The comparison of `run` with the latest earlier inspection of the same customer and site (by the
    inspection date `inspected`, not the analysis time); None when there is none."""
    when = inspected or run.started
    key = site_key(run.site)
    earlier = [r for r in store.runs() if site_key({"customer": r["customer"], "site": r["site_name"]}) == key
               and r["started"] < when]
    if not earlier:
        return None
    last = earlier[-1]
    ids = {r["id"] for r in earlier}
    rows = RowIndex([r for r in store.devices() if r.run in ids])
    t = labels(run.lang, "common", "history")
    counters = set(settings()["counters"])
    devices, totals = [], {f"{g}_{k}": 0 for g in ("health", "baseline") for k in ("new", "resolved", "persisting")}
    for d in run.devices:
        past = rows.history_of(d)
        previous = next((r for r in reversed(past) if r.run == last["id"]), None)
        now = {k.text(): (r.severity, r.category) for k, r in problem_keys(d)}
        changes = _changes(now, previous.problems if previous else {}, previous is not None, run.lang)
        entry = {"name": d.name, "matched": previous is not None, **changes["health"],
                 "baseline": changes["baseline"], "trends": []}
        for group, found in changes.items():
            for which, items in found.items():
                totals[f"{group}_{which}"] += len(items)
        current = metrics_of(d)
        for metric in METRICS:
            points = [(r.started[:10], r.metrics[metric]) for r in past[-(max_points - 1):]]
            points.append((when[:10], current[metric]))
            if metric in counters:
                points = per_day(points)
            if sum(1 for _, v in points if v is not None) >= (1 if metric in counters else 2):
                label = t[f"metric.{metric}"] + (t["per_day"] if metric in counters else "")
                entry["trends"].append({"metric": label, "chart": charts.sparkline(points),
                                        "last": _num(points[-1][1]), "first": _num(points[0][1]),
                                        "from": points[0][0], "to": points[-1][0],
                                        # the report draws a trend only where the metric moved (a counter's
                                        # increase per day: where it grew)
                                        "moved": len({v for _, v in points if v is not None}) > 1
                                        or (metric in counters and any(v for _, v in points))})
        devices.append(entry)
    totals.update(new=totals["health_new"], resolved=totals["health_resolved"],
                  persisting=totals["health_persisting"])
    return {"previous": last, "devices": devices, "totals": totals, "runs": len(earlier)}
