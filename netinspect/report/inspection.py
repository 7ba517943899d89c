"""The inspection report (巡检报告): a language-resolved view of a Run, rendered to HTML, Markdown, XLSX.

The view holds only texts and numbers taken from the results; no verdict is computed here.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netinspect import __version__
from netinspect.core.coverage import coverage_text, missing_titles
from netinspect.core.i18n import duration_text, labels
from netinspect.core.messages import localize
from netinspect.core.results import (
    SEVERITIES,
    SEVERITY_RANK,
    CheckResult,
    DeviceResult,
    ResultsWriter,
    Run,
    not_understood,
)
from netinspect.core.spool import Spool
from netinspect.report import charts
from netinspect.report.document import document_info
from netinspect.report.jinja import render, write_stream

FORMATS = ("html", "md", "json", "xlsx", "pdf", "docx")
# the annexes (inputs, outputs not understood) after the numbered sections and the sign-off: "附" never
# comes before "八"
# comes before "八"; the spare-parts list by part number sits with the resources, its item-by-item list (with
# slots and serials) and the AP radios are annexes of the full report (--detail full) and sheets of the XLSX
_SECTIONS = ("site", "summary", "problems", "baseline", "results", "risks", "resources", "parts", "conclusion",
             "signoff", "spares", "radios", "inputs", "unparsed")
JSON_ASIDE_FROM = 64  # spooled devices; from this many, results.json is written in a worker process
RISK_DEVICES = 8  # devices named per risk item; the rest are counted (the tables above name them all)
EVIDENCE_LINES = 5  # evidence lines per problem in the report (results.json keeps them all)
_SUBSECTIONS = ("baseline", "parts")  # h3 parts of a section: indented in the contents
_KIND_ORDER = ("spares.chassis", "spares.board", "spares.optic")
_STATUS_ORDER = {"fail": 0, "error": 1, "insufficient_data": 2, "skipped": 3, "pass": 4}


def verdict_key(run: Run) -> str:
    by_sev = run.by_severity()
    incomplete = any(d.raw.status != "ok" or not d.coverage.complete
                     or any(r.status in ("insufficient_data", "error") for r in d.results) for d in run.devices)
    return _verdict(by_sev, incomplete)


def _verdict(by_sev: dict[str, int], incomplete: bool) -> str:
    if by_sev["critical"]:
        return "critical"
    if by_sev["high"]:
        return "serious"
    if by_sev["medium"] or by_sev["low"]:
        return "attention"
    return "incomplete" if incomplete else "good"


def _problem_row(d: DeviceResult, r: CheckResult) -> dict[str, Any]:
    """A device problem (health, version) with the evidence of the checks that saw the same fault
    (a log line, an alarm: netinspect.checks.causes); baseline findings are listed as risk items instead."""
    related = r.extra.get("related") or []
    evidence = list(r.evidence) + [line for rel in related for line in rel.get("evidence", [])]
    return {"device": d.name, "title": r.title or r.check, "check": r.check, "severity": r.severity,
            "message": r.message, "evidence": evidence[:EVIDENCE_LINES],
            "more_evidence": max(0, len(evidence) - EVIDENCE_LINES),
            "also_seen": [rel.get("title") or rel.get("check") for rel in related],
            "advice": r.advice or "", "category": r.category}


PlanSteps = Callable[[DeviceResult], list[CheckResult]]  # a device's hardening plan items, in plan order


def plan_numbers(d: DeviceResult, first: int, plan_steps: PlanSteps | None) -> dict[str, int]:
    """rule -> the item's number in the hardening plan written from the same results, for one device whose
    plan starts at item `first`; `plan_steps` (harden.plan.plan_steps, given by the caller) orders them."""
    return {r.check: no for no, r in enumerate(plan_steps(d), first)} if plan_steps else {}


def _plan_ref(text: dict[str, str], numbers: list[int], check: str) -> str:
    return text["baseline.plan_ref"].format(items="、".join(map(str, numbers)) if text["lang"] == "zh"
                                            else ", ".join(map(str, numbers)), check=check)


def _baseline_row(d: DeviceResult, r: CheckResult, text: dict[str, str], numbers: dict[str, int]) -> dict[str, Any]:
    """A baseline finding: evidence, the fix commands and the hardening plan's item."""
    no = numbers.get(r.check)
    return {"device": d.name, "title": r.title or r.check, "check": r.check,
            "severity": r.severity, "evidence": r.evidence[:8], "more_evidence": max(0, len(r.evidence) - 8),
            "fix": r.remediation.commands if r.remediation else [], "advice": r.advice or "",
            "plan_ref": _plan_ref(text, [no], r.check) if no else "", "plan_no": no}


@dataclass
class _Risk:
    """Failed results of one check across the fleet: one risk item with the devices it touches."""

    first: CheckResult
    severity: str
    devices: set[str] = field(default_factory=set)
    plan_items: list[int] = field(default_factory=list)
    advices: dict[str, set[str]] = field(default_factory=dict)  # advice -> devices (version advice is per device)

    def row(self, text: dict[str, str] | None) -> dict[str, Any]:
        first, check = self.first, self.first.check
        advice = first.advice or ""
        if first.category == "version" and len(self.advices) > 1:  # one device's upgrade is not another's
            advice = " / ".join(f"{', '.join(sorted(names))}: {text_}" for text_, names in self.advices.items() if text_)
        if first.category == "hardening" and text is not None and self.plan_items:
            advice = " ".join(x for x in (advice, text["baseline.plan_see"].format(check=check)) if x)
        devices = sorted(self.devices)
        return {"check": check, "title": first.title or check, "severity": self.severity,
                "devices": devices, "devices_short": devices[:RISK_DEVICES], "devices_more": len(devices) - RISK_DEVICES,
                "advice": advice, "category": first.category}


def _sorted_risks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Device problems (health, versions) come before baseline findings, then by severity."""
    return sorted(rows, key=lambda r: (r["category"] == "hardening", -SEVERITY_RANK[r["severity"]], r["check"]))


def _risk_rows(run: Run) -> list[dict[str, Any]]:
    """Failed results grouped by check: one risk item per check with the devices it touches."""
    risks: dict[str, _Risk] = {}
    for d, r in run.iter_problems():
        _add_risk(risks, d, r, None)
    return _sorted_risks([risk.row(None) for risk in risks.values()])


def _add_risk(risks: dict[str, _Risk], d: DeviceResult, r: CheckResult, plan_item: int | None) -> None:
    risk = risks.get(r.check)
    if risk is None:
        risk = risks[r.check] = _Risk(first=r, severity=r.severity)
    elif SEVERITY_RANK[r.severity] > SEVERITY_RANK[risk.severity]:
        risk.severity = r.severity
    risk.devices.add(d.name)
    risk.advices.setdefault(r.advice or "", set()).add(d.name)
    if plan_item is not None:
        risk.plan_items.append(plan_item)


def _priority(risks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What to handle first: every high/critical device problem, else the worst few items."""
    urgent = [r for r in risks if r["category"] != "hardening" and SEVERITY_RANK[r["severity"]] >= SEVERITY_RANK["high"]]
    return urgent[:8] if urgent else risks[:3]


def _observed_text(r: CheckResult) -> str:
    return r.message


def _device_section(d: DeviceResult, lang: str, detail: str = "summary") -> dict[str, Any]:
    """One device's checks (every one: the PDF/HTML/MD list those not passed unless `detail` is `full`;
    the XLSX lists every one)."""
    results = sorted(d.results, key=lambda r: (_STATUS_ORDER.get(r.status, 9), r.check))
    counts = Counter(r.status for r in d.results)
    cov = d.coverage
    return {
        "name": d.name, "status": d.raw.status, "problems": sum(1 for r in d.results if r.is_problem),
        "counts": counts, "coverage": cov.state, "coverage_text": coverage_text(d, cov, lang),
        "counts_text": labels(lang, "inspection")["device_counts"].format(**cov.counts),
        "passed": counts.get("pass", 0), "detail": detail,
        "baseline_failed": sum(1 for r in d.results if r.failed and r.category == "hardening"),
        "failed_titles": [r.title or r.check for r in results if r.failed and r.category != "hardening"],
        "unknown": [{"title": r.title or r.check, "reason": r.message} for r in results
                    if r.status in ("insufficient_data", "error")],
        "skipped": counts.get("skipped", 0),
        "results": [{"title": r.title or r.check, "check": r.check, "command": r.command or "",
                     "criterion": r.expected if isinstance(r.expected, str) else json.dumps(r.expected,
                                                                                           ensure_ascii=False),
                     "observed": _observed_text(r), "status": r.status,
                     "severity": r.severity, "category": r.category} for r in results],
    }


def _resource_row(d: DeviceResult, lang: str) -> dict[str, Any]:
    ident = d.device.identity
    ok_commands = sum(1 for c in d.commands.values() if c.status == "ok")
    return {"name": d.name, "host": d.raw.host or "", "model": ident.model or "", "serial": ident.serial or "",
            "version": " ".join(v for v in (ident.version, f"({ident.patch})" if ident.patch else "") if v),
            "role": ident.role or "", "os": ident.os or "",
            "uptime": duration_text(ident.uptime_seconds, lang) if ident.uptime_seconds is not None else "",
            "status": d.raw.status,
            "message": "; ".join(m for m in (localize(d.raw.message, lang), identity_note(d, lang),
                                             transport_note(d, lang)) if m),
            "commands": f"{ok_commands}/{len(d.commands)}", "source": d.raw.source or "",
            "coverage": d.coverage.state, "coverage_text": coverage_text(d, d.coverage, lang)}


def transport_note(d: DeviceResult, lang: str) -> str:
    """One line when the device was collected over Telnet (clear text), else ''."""
    return labels(lang, "inspection")["transport.telnet"] if (d.raw.source or "").startswith("telnet://") else ""


def spare_rows(d: DeviceResult, lang: str) -> list[dict[str, Any]]:
    """The spare-parts list (备件清单) of one device: chassis, boards and optical modules with their part
    number and serial, as the device printed them."""
    text = labels(lang, "inspection")
    ident, rows = d.device.identity, []
    if ident.model:
        rows.append({"order": 0, "kind": text["spares.chassis"], "where": "-", "part": ident.model,
                     "serial": ident.serial or ""})
    for b in d.device.boards or []:
        if b.type and b.type != ident.model or b.serial and b.serial != ident.serial:
            rows.append({"order": 1, "kind": text["spares.board"], "where": b.slot, "part": b.type or "",
                         "serial": b.serial or ""})
    for m in d.device.optics or []:
        part = " ".join(p for p in (m.vendor, m.part_number or m.type) if p)
        if part or m.serial:  # a module printed without its identity is in the optics check only
            rows.append({"order": 2, "kind": text["spares.optic"], "where": m.interface, "part": part,
                         "serial": m.serial or ""})
    return [{"device": d.name, **r} for r in rows]


def radio_rows(d: DeviceResult, lang: str) -> list[dict[str, Any]]:
    """The radio summary of one wireless controller: per AP radio its band, state, channel and transmit power,
    as the controller printed them (Cisco 9800 show ap dot11 5ghz/24ghz summary)."""
    text = labels(lang, "inspection")
    rows = []
    for r in sorted(d.device.radios or [], key=lambda r: (r.ap, r.band)):
        power = f"{r.tx_power_dbm:g} dBm" if r.tx_power_dbm is not None else "-"
        state = r.oper if r.admin.lower() == "enabled" else f"{r.admin} / {r.oper}"
        rows.append({"device": d.name, "ap": r.ap, "band": r.band, "state": state, "channel": r.channel or "-",
                     "width": f"{r.width_mhz} MHz" if r.width_mhz else "-",
                     "power": power + (f" ({r.tx_level})" if r.tx_level else ""),
                     "down": r.up is False and r.admin.lower() == "enabled",
                     "note": text["radios.down"] if r.up is False and r.admin.lower() == "enabled" else ""})
    return rows


def identity_note(d: DeviceResult, lang: str) -> str:
    """One line when the device printed another identity than the inventory gave, else ''."""
    ident = d.device.identity
    if not ident.declared:
        return ""
    text = labels(lang, "inspection")
    parts = [text["identity.mismatch"].format(field=text.get(f"identity.field.{k}", k), declared=v,
                                              printed=getattr(ident, k, None) or "?")
             for k, v in ident.declared.items()]
    return ("；" if lang == "zh" else "; ").join(parts)


def _max_percent(readings: list[Any] | None) -> float | None:
    return max((r.percent for r in readings), default=None) if readings else None


class _Numbered(Sequence[dict[str, Any]]):
    """Spooled rows walked in `order` and numbered from 1 (`no`), read one at a time."""

    def __init__(self, rows: Spool[dict[str, Any]], keys: list[tuple[Any, ...]]) -> None:
        self.rows, self.order = rows, [key[-1] for key in sorted(keys)]

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [{"no": i + 1, **self.rows[self.order[i]]} for i in range(*index.indices(len(self)))]
        return {"no": range(1, len(self) + 1)[index], **self.rows[self.order[index]]}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for no, i in enumerate(self.order, 1):
            yield {"no": no, **self.rows[i]}


class _Fleet:
    """What the report needs from every device, gathered in one walk over the run's devices.

    Fleet-wide parts (counts, risks, chart rows) are kept here; the per-device parts (result tables,
    resource rows, problem and baseline rows) go to spools on disk and are read back while rendering,
    so memory stays flat with the fleet's size."""

    def __init__(self, run: Run, text: dict[str, str], plan_steps: PlanSteps | None = None,
                 detail: str = "summary") -> None:
        self.run, self.text, self.lang, self.plan_steps = run, text, run.lang, plan_steps
        self.detail = detail
        self.devices = self.collected = self.checks = self.insufficient = self.incomplete = 0
        self.partial: list[tuple[str, list[str]]] = []  # partly inspected devices and their missing core checks
        self.not_inspected: list[str] = []
        self.by_sev: Counter[str] = Counter()
        self.status_counts: Counter[str] = Counter()
        self.problem_count = self.baseline_count = 0
        self.util_rows: list[tuple[str, float | None, float | None]] = []
        self.risks: dict[str, _Risk] = {}
        self.sections: Spool[dict[str, Any]] = Spool()
        self.resources: Spool[dict[str, Any]] = Spool()
        self.spares: Spool[dict[str, Any]] = Spool()
        self.radios: Spool[dict[str, Any]] = Spool()
        self.problems: Spool[dict[str, Any]] = Spool()
        self.baseline: Spool[dict[str, Any]] = Spool()
        self.problem_keys: list[tuple[int, str, int]] = []
        self.baseline_keys: list[tuple[int, str, str, int]] = []
        self.plan_items = 0
        self.baseline_devices: list[dict[str, Any]] = []  # per device: findings by severity, plan items
        self.unknown: dict[tuple[str, str], list[str]] = {}  # (check title, reason) -> devices not evaluated
        self.parts: dict[tuple[int, str], set[str]] = {}  # (kind, part number) -> devices holding it
        self.part_counts: Counter[tuple[int, str]] = Counter()
        self.has_host = False
        self.unparsed: list[dict[str, Any]] = []  # outputs not understood: device, command, first line
        for d in run.devices:
            self.add(d)

    def add(self, d: DeviceResult) -> None:
        self.devices += 1
        self.collected += d.raw.status == "ok"
        cov = d.coverage
        self.incomplete += d.raw.status != "ok" or not cov.complete
        if cov.state == "partial":
            self.partial.append((d.name, missing_titles(d, cov, self.lang)))
        elif cov.state == "not_inspected":
            self.not_inspected.append(d.name)
        self.checks += len(d.results)
        self.util_rows.append((d.name, _max_percent(d.device.cpu), _max_percent(d.device.memory)))
        numbers = plan_numbers(d, self.plan_items + 1, self.plan_steps)
        self.plan_items += len(numbers)
        baseline: Counter[str] = Counter()
        for r in d.results:
            self.status_counts[r.status] += 1
            self.insufficient += r.status in ("insufficient_data", "error")
            if r.status in ("insufficient_data", "error"):
                self.unknown.setdefault((r.title or r.check, r.message), []).append(d.name)
            if r.is_problem:
                self._add_failed(d, r, numbers)
                baseline[r.severity] += r.category == "hardening"
        if sum(baseline.values()):
            self.baseline_devices.append(_baseline_device_row(d.name, baseline, numbers))
        self.sections.append(_device_section(d, self.lang, self.detail))
        self.resources.append(_resource_row(d, self.lang))
        self.has_host = self.has_host or bool(d.raw.host)
        self.unparsed += [{"device": d.name, **entry} for entry in not_understood(d)]
        for row in spare_rows(d, self.lang):
            self.spares.append(row)
            key = (row["order"], row["part"] or "-")
            self.parts.setdefault(key, set()).add(d.name)
            self.part_counts[key] += 1
        for row in radio_rows(d, self.lang):
            self.radios.append(row)

    def _add_failed(self, d: DeviceResult, r: CheckResult, numbers: dict[str, int]) -> None:
        self.by_sev[r.severity] += 1
        _add_risk(self.risks, d, r, numbers.get(r.check))
        rank = -SEVERITY_RANK[r.severity]
        if r.category == "hardening":
            self.baseline_count += 1
            self.baseline_keys.append((rank, d.name, r.check, len(self.baseline)))
            self.baseline.append(_baseline_row(d, r, self.text, numbers))
        else:
            self.problem_count += 1
            self.problem_keys.append((rank, d.name, len(self.problems)))
            self.problems.append(_problem_row(d, r))

    def by_severity(self) -> dict[str, int]:
        return {sev: self.by_sev.get(sev, 0) for sev in SEVERITIES}

    def unknown_rows(self) -> list[dict[str, Any]]:
        """Checks not evaluated, one row per check and reason with the devices it holds for."""
        return [{"title": title, "reason": reason, **_short_devices(devices)}
                for (title, reason), devices in sorted(self.unknown.items())]

    def part_rows(self) -> list[dict[str, Any]]:
        """The spare parts counted by kind and part number, with the devices holding them."""
        return [{"kind": self.text[_KIND_ORDER[kind]], "part": part, "count": self.part_counts[(kind, part)],
                 **_short_devices(sorted(devices))} for (kind, part), devices in sorted(self.parts.items())]

    def close(self) -> None:
        for spool in (self.sections, self.resources, self.spares, self.radios, self.problems, self.baseline):
            spool.close()


def _short_devices(devices: list[str]) -> dict[str, Any]:
    """A list of devices as a table cell shows it: the first RISK_DEVICES named, the rest counted."""
    return {"devices": devices, "devices_short": devices[:RISK_DEVICES], "devices_more": len(devices) - RISK_DEVICES}


def _baseline_profile(run: Run, text: dict[str, str]) -> str:
    """The sentence naming the baseline the findings were judged against (the profile's file by name only)."""
    if not run.baseline:
        return text["baseline.builtin"]
    return text["baseline.profile"].format(name=run.baseline["name"], file=Path(run.baseline["file"]).name)


def _baseline_device_row(name: str, by_severity: Counter[str], numbers: dict[str, int]) -> dict[str, Any]:
    """One device's baseline findings counted by severity, and its items' numbers in the hardening plan."""
    items = sorted(numbers.values())
    span = "" if not items else str(items[0]) if len(items) == 1 else f"{items[0]}–{items[-1]}"
    return {"device": name, "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
            "total": sum(by_severity.values()), "plan_items": span}


def _conclusion(fleet: _Fleet, risks: list[dict[str, Any]], text: dict[str, str]) -> list[str]:
    run, by_sev = fleet.run, fleet.by_severity()
    problems = sum(by_sev.values())
    sev_list = "、" if run.lang == "zh" else ", "
    sev_summary = sev_list.join(f"{text[f'severity.{s}']} {n}" for s, n in by_sev.items() if n) or text["none"]
    lines = [text["conclusion.intro"].format(devices=fleet.devices, ok=fleet.collected, checks=fleet.checks,
                                             problems=problems, by_severity=sev_summary)]
    if problems == 0:
        lines.append(text["conclusion.none_partial" if fleet.partial or fleet.not_inspected else "conclusion.none"])
    else:
        items = sev_list.join(f"{r['title']}（{', '.join(r['devices'][:3])}）" if run.lang == "zh"
                              else f"{r['title']} ({', '.join(r['devices'][:3])})" for r in _priority(risks))
        lines.append(text["conclusion.priority"].format(items=items))
    lines += _coverage_lines(fleet, text)
    if fleet.insufficient or fleet.incomplete:
        lines.append(text["conclusion.incomplete"].format(count=fleet.insufficient, devices=fleet.incomplete))
    rejected = sum(1 for i in run.inputs if i.status == "rejected")
    if rejected:
        lines.append(text["conclusion.rejected"].format(count=rejected))
    return lines


def _coverage_lines(fleet: _Fleet, text: dict[str, str]) -> list[str]:
    """Which devices were only partly inspected and what they lack; which were not inspected at all."""
    zh, lines = fleet.lang == "zh", []
    sep = "、" if zh else ", "
    if fleet.partial:
        shown = [f"{name}（{sep.join(items)}）" if zh else f"{name} ({sep.join(items)})"
                 for name, items in fleet.partial[:20]]
        more = len(fleet.partial) - len(shown)
        items = ("；" if zh else "; ").join(shown) + (f" …(+{more})" if more else "")
        lines.append(text["conclusion.partial"].format(count=len(fleet.partial), items=items))
    if fleet.not_inspected:
        names = sep.join(fleet.not_inspected[:20]) + (" …" if len(fleet.not_inspected) > 20 else "")
        lines.append(text["conclusion.not_inspected"].format(count=len(fleet.not_inspected), items=names))
    return lines


def build_view(run: Run, plan_steps: PlanSteps | None = None, detail: str = "summary") -> dict[str, Any]:
    """Everything the templates need, in the run's language (one walk over the devices).

    `plan_steps`: the hardening plan's items of a device in order (harden.plan.plan_steps), so that each
    baseline finding names its item in the plan; None: no item numbers.

    `devices`, `resources`, `problems` and `baseline` are sequences read from disk as they are walked;
    close_view() removes them."""
    lang = run.lang
    text = {**labels(lang, "common", "inspection"), "lang": lang}
    fleet = _Fleet(run, text, plan_steps, detail)
    by_sev = fleet.by_severity()
    site = dict(run.site)
    site.setdefault("date", run.started[:10])
    has_baseline = fleet.baseline_count > 0
    shown = {"inputs": bool(run.inputs), "baseline": has_baseline, "unparsed": bool(fleet.unparsed),
             "parts": bool(fleet.parts), "spares": bool(len(fleet.spares)) and detail == "full"}
    toc = [(s, text[f"section.{s}"]) for s in _SECTIONS if shown.get(s, True)]
    doc = document_info(text["title"], site, lang, run.id, run.started[:10], toc)
    doc["toc_sub"] = _SUBSECTIONS
    risks = _sorted_risks([risk.row(text) for risk in fleet.risks.values()])
    return {
        "lang": lang, "t": text, "run": run, "site": site, "tool_version": __version__, "detail": detail,
        "doc": doc, "d": labels(lang, "document"),
        "source_label": text.get(f"source.{run.source}", run.source),
        "summary": {
            "devices": fleet.devices,
            "collected": fleet.collected,
            "partial": len(fleet.partial),
            "problems": fleet.problem_count,
            "baseline": fleet.baseline_count,
            "by_severity": by_sev,
            "status_counts": {s: fleet.status_counts.get(s, 0) for s in ("pass", "fail", "insufficient_data",
                                                                          "skipped", "error")},
            "verdict": _verdict(by_sev, bool(fleet.incomplete or fleet.insufficient or fleet.partial)),
        },
        "severity_chart": charts.severity_bars(by_sev, {s: text[f"severity.{s}"] for s in SEVERITIES}),
        "util_chart": charts.utilisation_bars(fleet.util_rows, ("CPU", "内存" if lang == "zh" else "Memory"),
                                              text["summary.no_data"]) if fleet.util_rows else "",
        "problems": _Numbered(fleet.problems, fleet.problem_keys),
        "risks": risks,
        "baseline": _Numbered(fleet.baseline, fleet.baseline_keys),
        "baseline_profile": _baseline_profile(run, text),
        "baseline_devices": fleet.baseline_devices,
        "baseline_severities": [s for s in SEVERITIES if any(row["by_severity"][s] for row in fleet.baseline_devices)],
        "unknown_reasons": fleet.unknown_rows(),
        "parts": fleet.part_rows(),
        "show_host": fleet.has_host,
        "devices": fleet.sections,
        "resources": fleet.resources,
        "spares": fleet.spares,
        "radios": fleet.radios,
        "inputs": [{"name": i.name, "status": i.status, "message": localize(i.message, lang)} for i in run.inputs],
        "unparsed": fleet.unparsed,
        "conclusion": _conclusion(fleet, risks, text),
        "_fleet": fleet,
    }


def close_view(view: dict[str, Any]) -> None:
    """Remove the spools a view reads from."""
    fleet = view.get("_fleet")
    if fleet is not None:
        fleet.close()


def write_json(run: Run, path: Path) -> Path:
    """results.json, written device by device as the devices are read."""
    with path.open("w", encoding="utf-8") as handle:
        writer = ResultsWriter(run, handle)
        for d in run.devices:
            writer.add(d)
        writer.finish()
    return path


def write_html(view: dict[str, Any], path: Path) -> Path:
    return write_stream("inspection/report.html.j2", view, path)


def write_pdf_report(view: dict[str, Any], path: Path) -> Path:
    from netinspect.report.pdf import write_pdf
    return write_pdf(render("inspection/report.html.j2", **view), path, view["lang"], view["doc"]["header"])


def write_markdown(view: dict[str, Any], path: Path) -> Path:
    return write_stream("inspection/report.md.j2", view, path)


def write_reports(run: Run, outdir: Path, formats: list[str], history: dict[str, Any] | None = None,
                  plan_steps: PlanSteps | None = None, detail: str = "summary") -> list[Path]:
    """results.json always, then each requested format; returns the paths written.

    `history`: the "since the last inspection" part (netinspect.history.compare.since_last), or None.
    `plan_steps`: see build_view.
    `detail`: the per-check section lists every check (`full`) or those not passed (`summary`).
    """
    outdir.mkdir(parents=True, exist_ok=True)
    json_path = outdir / "results.json"
    pending = _write_json_aside(run, json_path) if set(formats) - {"json"} else None
    written = [json_path if pending else write_json(run, json_path)]
    try:
        written += _write_formats(run, outdir, formats, history, plan_steps, detail)
    finally:
        if pending is not None:
            pending.result()  # its error, if any, is this call's
    return written


def _write_json_aside(run: Run, path: Path) -> Future[Path] | None:
    """results.json written by a worker process while this one writes the other formats, for a run whose
    devices are spooled on disk (both read the spool; nothing large is sent). None for other runs."""
    if not isinstance(run.devices, Spool) or len(run.devices) < JSON_ASIDE_FROM:
        return None
    from netinspect.core.runtime import worker_pool

    pool = worker_pool(1)
    try:
        return pool.submit(write_json, run, path)
    finally:
        pool.shutdown(wait=False)


def _write_formats(run: Run, outdir: Path, formats: list[str], history: dict[str, Any] | None,
                   plan_steps: PlanSteps | None, detail: str = "summary") -> list[Path]:
    from netinspect.report.xlsx import write_inspection_xlsx

    written = []
    view = build_view(run, plan_steps, detail) if set(formats) - {"json"} else {}
    if view and history:
        view["history"], view["history_t"] = history, labels(run.lang, "common", "history")
        toc = view["doc"]["toc"]
        at = next((i + 1 for i, (anchor, _) in enumerate(toc) if anchor == "summary"), len(toc))
        toc.insert(at, ("history", view["history_t"]["section"]))  # the part sits after the summary
    stem = "inspection-report"
    try:
        for fmt in formats:
            if fmt == "html":
                written.append(write_html(view, outdir / f"{stem}.html"))
            elif fmt == "md":
                written.append(write_markdown(view, outdir / f"{stem}.md"))
            elif fmt == "xlsx":
                written.append(write_inspection_xlsx(view, outdir / f"{stem}.xlsx"))
            elif fmt == "pdf":
                written.append(write_pdf_report(view, outdir / f"{stem}.pdf"))
            elif fmt == "docx":
                from netinspect.report.docx import write_docx
                written.append(write_docx(render("inspection/report.html.j2", **view), outdir / f"{stem}.docx",
                                          view["lang"], view["doc"]["header"]))
    finally:
        close_view(view)
    return written
