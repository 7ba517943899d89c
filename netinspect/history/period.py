"""The period report (`netinspect history report`): a semiannual or annual review of one site built from
its recorded inspections - devices inspected, problems raised and resolved per quarter, what is still
open and since when, baseline items fixed, per-device trends with a projection to the next inspection,
and recommendations. HTML, PDF and XLSX in zh or en, with the report machinery of the inspection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from statistics import median
from typing import Any

from netinspect import __version__
from netinspect.checks.objects import is_health, split_key, title
from netinspect.core.i18n import labels
from netinspect.core.results import SEVERITY_RANK
from netinspect.history.compare import per_day, settings
from netinspect.history.store import DeviceRow, HistoryStore
from netinspect.report import charts
from netinspect.report.document import document_info
from netinspect.report.jinja import render

FORMATS = ("html", "pdf", "xlsx", "docx")
TREND_METRICS = ("cpu", "memory", "temperature", "interface_errors")


class PeriodError(Exception):
    """The period or the site cannot be used: one line naming what and why."""


def quarter(day: str) -> str:
    d = date.fromisoformat(day[:10])
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def _quarter_start(label: str) -> date:
    year, q = int(label[:4]), int(label[-1])
    return date(year, 3 * (q - 1) + 1, 1)


def _quarter_end(label: str) -> date:
    start = _quarter_start(label)
    nxt = date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1)
    return nxt - timedelta(days=1)


def last_period(spec: str, latest: str) -> tuple[str, str]:
    """`--last 2q` / `6m` / `1y`: the quarters (months, years) ending with the one of `latest` (a date)."""
    m = re.fullmatch(r"\s*(\d+)\s*([qmy])\s*", spec.lower())
    if not m or int(m.group(1)) < 1:
        raise ValueError(f"--last {spec!r}: a number and q, m or y (2q, 6m, 1y)")
    n, unit = int(m.group(1)), m.group(2)
    end_q = quarter(latest)
    months = n * {"q": 3, "m": 1, "y": 12}[unit]
    end = _quarter_end(end_q) if unit != "m" else _month_end(date.fromisoformat(latest[:10]))
    first_month = (end.year * 12 + end.month - 1) - months + 1
    start = date(first_month // 12, first_month % 12 + 1, 1)
    return start.isoformat(), end.isoformat()


def _month_end(d: date) -> date:
    nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _device_key(row: DeviceRow) -> str:
    return (row.serial or row.hostname or row.name).lower()


@dataclass
class Inspection:
    run: dict[str, Any]
    day: str  # YYYY-MM-DD
    devices: dict[str, DeviceRow]  # device key -> row


def _inspections(store: HistoryStore, customer: str | None, site: str) -> list[Inspection]:
    runs = store.runs(customer, site)
    rows = store.devices()
    by_run: dict[int, dict[str, DeviceRow]] = {}
    for r in rows:
        by_run.setdefault(r.run, {})[_device_key(r)] = r
    return [Inspection(r, r["started"][:10], by_run.get(r["id"], {})) for r in runs]


@cache
def _limits() -> dict[str, float]:
    from netinspect.checks.catalog import load_catalog

    spec, out = settings()["projection"], {}
    catalog = load_catalog("health")
    for metric in TREND_METRICS:
        entry = spec[metric]
        out[metric] = float(catalog[entry["check"]].thresholds[entry["threshold"]]) if "check" in entry \
            else float(entry["limit"])
    return out


def project(points: list[tuple[str, float | None]], interval: int) -> dict[str, Any] | None:
    """Least-squares line through the dated values; its value `interval` days after the last point."""
    known = [(date.fromisoformat(d), v) for d, v in points if v is not None]
    if len(known) < 2:
        return None
    x0 = known[0][0]
    xs, ys = [(d - x0).days for d, _ in known], [v for _, v in known]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    at = xs[-1] + interval
    value = my + slope * (at - mx)
    return {"slope_per_day": slope, "next_date": (known[-1][0] + timedelta(days=interval)).isoformat(),
            "value": round(value, 1)}


def _trend(metric: str, points: list[tuple[str, float | None]], interval: int, t: dict[str, str]) -> dict[str, Any] | None:
    series = per_day(points) if metric in settings()["counters"] else points
    values = [v for _, v in series if v is not None]
    if not values:
        return None
    limit = _limits()[metric]
    proj = project(series, interval)
    crosses = bool(proj and proj["value"] >= limit and proj["slope_per_day"] > 0)
    return {"metric": metric, "label": t[f"metric.{metric}"] + (t["per_day"] if metric in settings()["counters"] else ""),
            "first": values[0], "last": values[-1], "limit": limit, "chart": charts.sparkline(series),
            "projected": proj["value"] if proj else None, "next_date": proj["next_date"] if proj else None,
            "crosses": crosses, "points": series}


def _changes(prev: Inspection | None, cur: Inspection) -> dict[str, int]:
    out = {"health_raised": 0, "health_resolved": 0, "baseline_raised": 0, "baseline_resolved": 0}
    before = {(k, p) for k, row in (prev.devices if prev else {}).items() for p in row.problems}
    now = {(k, p) for k, row in cur.devices.items() for p in row.problems}
    cats = {(k, p): row.problems[p][1] for src in ((prev.devices if prev else {}), cur.devices)
            for k, row in src.items() for p in row.problems}
    for item in now - before:
        if prev is None or item[0] in prev.devices:  # a device first seen now: its problems are found, not raised
            out[("health" if is_health(cats[item], split_key(item[1]).check) else "baseline") + "_raised"] += 1
    for item in before - now:
        if item[0] in cur.devices:  # a device not inspected now: its problems are not known to be resolved
            out[("health" if is_health(cats[item], split_key(item[1]).check) else "baseline") + "_resolved"] += 1
    return out


def build(store: HistoryStore, site: str, customer: str | None, start: str, end: str, lang: str) -> dict[str, Any]:
    """The report's view: every figure of it, language-resolved."""
    t = labels(lang, "common", "history")
    every = _inspections(store, customer, site)
    if not every:
        raise PeriodError(f"no inspection of site {site!r}" + (f" of customer {customer!r}" if customer else "")
                          + f" in {store.path}")
    period = [i for i in every if start <= i.day <= end]
    if not period:
        days = ", ".join(i.day for i in every)
        raise PeriodError(f"no inspection of site {site!r} between {start} and {end} (recorded: {days})")
    first_index = every.index(period[0])
    previous = every[first_index - 1] if first_index else None
    last = period[-1]
    gaps = [(date.fromisoformat(b.day) - date.fromisoformat(a.day)).days for a, b in zip(period, period[1:])]
    interval = int(median(gaps)) if gaps else int(settings()["projection"]["default_interval_days"])
    # devices inspected
    devices: dict[str, dict[str, Any]] = {}
    for insp in period:
        for key, row in insp.devices.items():
            entry = devices.setdefault(key, {"name": row.name, "model": row.model or "-", "serial": row.serial or "-",
                                             "first": insp.day, "last": insp.day, "count": 0})
            entry["last"], entry["count"] = insp.day, entry["count"] + 1
    # problems raised / resolved per quarter
    quarters: dict[str, dict[str, Any]] = {}
    prev = previous
    for insp in period:
        q = quarters.setdefault(quarter(insp.day), {"quarter": quarter(insp.day), "inspections": 0, "dates": [],
                                                    "health_raised": 0, "health_resolved": 0,
                                                    "baseline_raised": 0, "baseline_resolved": 0})
        q["inspections"] += 1
        q["dates"].append(insp.day)
        for k, v in _changes(prev, insp).items():
            q[k] += v
        prev = insp
    # open items with their age: present in the last inspection, since the first of an unbroken run
    open_items = []
    for key, row in last.devices.items():
        for pkey, (severity, category) in row.problems.items():
            since = last.day
            for insp in reversed(every[:every.index(last)]):
                other = insp.devices.get(key)
                if other is None or pkey not in other.problems:
                    break
                since = insp.day
            k = split_key(pkey)
            open_items.append({"device": row.name, "title": title(k.check, k.obj, lang), "check": k.check,
                               "severity": severity, "severity_text": t.get(f"severity.{severity}", severity),
                               "health": is_health(category, k.check), "since": since,
                               "age": (date.fromisoformat(last.day) - date.fromisoformat(since)).days})
    open_items.sort(key=lambda i: (not i["health"], -SEVERITY_RANK.get(i["severity"], 0), -i["age"], i["device"]))
    # baseline items fixed during the period
    fixed = []
    seen: set[tuple[str, str]] = set()
    chain = ([previous] if previous else []) + period
    for a, b in zip(chain, chain[1:]):
        for key, row in a.devices.items():
            now = b.devices.get(key)
            if now is None:
                continue
            for pkey, (_, category) in row.problems.items():
                k = split_key(pkey)
                if not is_health(category, k.check) and pkey not in now.problems and (key, pkey) not in seen:
                    seen.add((key, pkey))
                    fixed.append({"device": row.name, "title": title(k.check, k.obj, lang), "check": k.check,
                                  "fixed": b.day})
    # trends per device with the projection to the next inspection
    trends = []
    for key, dev in devices.items():
        rows = [(i.day, i.devices[key]) for i in period if key in i.devices]
        items = [tr for metric in TREND_METRICS
                 if (tr := _trend(metric, [(d, r.metrics[metric]) for d, r in rows], interval, t)) is not None]
        if items:
            trends.append({"device": dev["name"], "items": items})
    projected = [(tr["device"], it) for tr in trends for it in tr["items"] if it["crosses"]]
    open_high = [i for i in open_items if i["health"] and SEVERITY_RANK.get(i["severity"], 0) >= SEVERITY_RANK["high"]]
    aged = [i for i in open_items if i["age"] > int(settings()["aged_days"])]
    baseline_open = [i for i in open_items if not i["health"]]
    counts = {"open_high": len(open_high), "projected": len(projected), "aged": len(aged),
              "baseline_open": len(baseline_open)}
    recommendations = [r[lang].format(n=counts[r["when"]]) for r in settings()["recommendations"]
                       if r["when"] != "none" and counts[r["when"]]]
    if not recommendations:
        recommendations = [r[lang] for r in settings()["recommendations"] if r["when"] == "none"]
    site_info = dict(last.run["site"])
    site_info.setdefault("customer", last.run["customer"])
    site_info.setdefault("site", last.run["site_name"])
    site_info["period"] = f"{start} ~ {end}"
    site_info["date"] = date.today().isoformat()
    toc = [(a, f"{n} {t['period.' + a]}") for n, a in enumerate(
        ("summary", "devices", "quarters", "open", "fixed", "trends", "recommendations"), 1)]
    toc.append(("signoff", f"{len(toc) + 1} {labels(lang, 'document')['signoff.title']}"))
    return {
        "lang": lang, "t": t, "d": labels(lang, "document"), "tool_version": __version__,
        "doc": document_info(t["period.title"], site_info, lang, f"R-{last.run['id']}", site_info["date"], toc),
        "start": start, "end": end, "interval": interval,
        "inspections": [{"id": i.run["id"], "day": i.day, "devices": len(i.devices)} for i in period],
        "previous": previous.day if previous else None,
        "devices": list(devices.values()), "quarters": list(quarters.values()),
        "open_items": open_items, "fixed": fixed, "trends": trends,
        "projected": [{"device": d, **it} for d, it in projected], "recommendations": recommendations,
        "summary": {"inspections": len(period), "devices": len(devices), "open": len(open_items),
                    "open_health": len([i for i in open_items if i["health"]]), "fixed": len(fixed),
                    "raised": sum(q["health_raised"] + q["baseline_raised"] for q in quarters.values()),
                    "resolved": sum(q["health_resolved"] + q["baseline_resolved"] for q in quarters.values())},
    }


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".removesuffix(".0")


def write_xlsx(view: dict[str, Any], path: Path) -> Path:
    from netinspect.report.xlsx import add_sheet, new_workbook

    t = view["t"]
    wb = new_workbook()
    add_sheet(wb, t["period.quarters"], [t["period.quarter"], t["period.dates"], t["period.health_raised"],
                                         t["period.health_resolved"], t["period.baseline_raised"],
                                         t["period.baseline_resolved"]],
              [[q["quarter"], ", ".join(q["dates"]), q["health_raised"], q["health_resolved"], q["baseline_raised"],
                q["baseline_resolved"]] for q in view["quarters"]], widths=[10, 28, 14, 14, 14, 14])
    add_sheet(wb, t["period.open"], [t["col.device"], t["col.severity"], t["col.check"], t["period.kind"],
                                     t["period.since"], t["period.age"]],
              [[i["device"], i["severity_text"], i["title"], t["period.kind_health" if i["health"] else "period.kind_baseline"],
                i["since"], i["age"]] for i in view["open_items"]], widths=[22, 10, 44, 12, 12, 10],
              severity_col=1, severity_keys=[i["severity"] for i in view["open_items"]])
    add_sheet(wb, t["period.fixed"], [t["col.device"], t["col.check"], t["period.fixed_on"]],
              [[f["device"], f["title"], f["fixed"]] for f in view["fixed"]], widths=[22, 44, 12])
    add_sheet(wb, t["period.trends"], [t["col.device"], t["period.metric"], t["period.first"], t["period.last"],
                                       t["period.projected"], t["period.limit"], t["period.crosses"]],
              [[tr["device"], it["label"], _num(it["first"]), _num(it["last"]), _num(it["projected"]), _num(it["limit"]),
                t["period.yes"] if it["crosses"] else ""] for tr in view["trends"] for it in tr["items"]],
              widths=[22, 30, 10, 10, 12, 10, 10])
    add_sheet(wb, t["period.devices"], [t["col.device"], t["period.model"], t["period.serial"], t["period.count"],
                                        t["period.first_seen"], t["period.last_seen"]],
              [[d["name"], d["model"], d["serial"], d["count"], d["first"], d["last"]] for d in view["devices"]],
              widths=[22, 20, 24, 10, 12, 12])
    add_sheet(wb, t["period.recommendations"], [t["period.recommendations"]], [[r] for r in view["recommendations"]],
              widths=[100])
    wb.save(path)
    return path


def write(view: dict[str, Any], outdir: Path, formats: list[str]) -> list[Path]:
    from netinspect.report.pdf import write_pdf

    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    html = render("history/period.html.j2", **view)
    for fmt in formats:
        path = outdir / f"period-report.{fmt}"
        if fmt == "html":
            path.write_text(html, encoding="utf-8")
        elif fmt == "pdf":
            write_pdf(html, path, view["lang"], view["doc"]["header"])
        elif fmt == "xlsx":
            write_xlsx(view, path)
        elif fmt == "docx":  # Word: the same HTML as the PDF (headings as Word styles, tables, sign-off)
            from netinspect.report.docx import write_docx

            write_docx(html, path, view["lang"], view["doc"]["header"])
        written.append(path)
    return written
