"""The inspection report (巡检报告): a language-resolved view of a Run, rendered to HTML, Markdown, XLSX.

The view holds only texts and numbers taken from the results; no verdict is computed here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from netinspect import __version__
from netinspect.checks.health_suite import duration_text
from netinspect.messages import localize
from netinspect.report import charts
from netinspect.report.document import document_info
from netinspect.report.jinja import labels, render
from netinspect.results import SEVERITIES, SEVERITY_RANK, CheckResult, DeviceResult, Run, run_to_json

FORMATS = ("html", "md", "json", "xlsx", "pdf")
_SECTIONS = ("site", "summary", "problems", "baseline", "results", "risks", "resources", "conclusion", "inputs", "signoff")
_STATUS_ORDER = {"fail": 0, "error": 1, "insufficient_data": 2, "skipped": 3, "pass": 4}


def verdict_key(run: Run) -> str:
    by_sev = run.by_severity()
    if by_sev["critical"]:
        return "critical"
    if by_sev["high"]:
        return "serious"
    if by_sev["medium"] or by_sev["low"]:
        return "attention"
    if any(d.raw.status != "ok" for d in run.devices) or any(
            r.status in ("insufficient_data", "error") for d in run.devices for r in d.results):
        return "incomplete"
    return "good"


def _problem_rows(run: Run) -> list[dict[str, Any]]:
    """Device problems (health, version); baseline findings are listed as risk items instead."""
    failed = sorted(((d, r) for d, r in run.failed_results() if r.category != "hardening"),
                    key=lambda dr: (-SEVERITY_RANK[dr[1].severity], dr[0].name))
    return [{"no": i, "device": d.name, "title": r.title or r.check, "check": r.check, "severity": r.severity,
             "message": r.message, "evidence": r.evidence[:8], "more_evidence": max(0, len(r.evidence) - 8),
             "advice": r.advice or "", "category": r.category}
            for i, (d, r) in enumerate(failed, 1)]


def _plan_numbers(run: Run) -> dict[tuple[str, str], int]:
    """(device, rule) -> the item's number in the hardening plan written from the same results."""
    from netinspect.harden.report import plans

    numbers, no = {}, 0
    for plan in plans(run):
        for step in plan.steps:
            no += 1
            numbers[(plan.device, step.result.check)] = no
    return numbers


def _plan_ref(text: dict[str, str], numbers: list[int], check: str) -> str:
    return text["baseline.plan_ref"].format(items="、".join(map(str, numbers)) if text["lang"] == "zh"
                                            else ", ".join(map(str, numbers)), check=check)


def _baseline_rows(run: Run, text: dict[str, str], numbers: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    """Baseline findings: evidence, the fix commands and the hardening plan's item, device by device."""
    failed = sorted(((d, r) for d, r in run.failed_results() if r.category == "hardening"),
                    key=lambda dr: (-SEVERITY_RANK[dr[1].severity], dr[0].name, dr[1].check))
    rows = []
    for i, (d, r) in enumerate(failed, 1):
        no = numbers.get((d.name, r.check))
        rows.append({"no": i, "device": d.name, "title": r.title or r.check, "check": r.check,
                     "severity": r.severity, "evidence": r.evidence[:8], "more_evidence": max(0, len(r.evidence) - 8),
                     "fix": r.remediation.commands if r.remediation else [], "advice": r.advice or "",
                     "plan_ref": _plan_ref(text, [no], r.check) if no else ""})
    return rows


def _risk_rows(run: Run, text: dict[str, str] | None = None,
               numbers: dict[tuple[str, str], int] | None = None) -> list[dict[str, Any]]:
    """Failed results grouped by check: one risk item per check with the devices it touches.

    Device problems (health, versions) come before baseline findings, then by severity.
    """
    groups: dict[str, list[tuple[DeviceResult, CheckResult]]] = {}
    for d, r in run.failed_results():
        groups.setdefault(r.check, []).append((d, r))
    rows = []
    for check_id, items in groups.items():
        severity = max((r.severity for _, r in items), key=SEVERITY_RANK.__getitem__)
        first = items[0][1]
        advice = first.advice or ""
        if first.category == "hardening" and text is not None and numbers is not None:
            refs = sorted(numbers[(d.name, r.check)] for d, r in items if (d.name, r.check) in numbers)
            advice = " ".join(x for x in (advice, _plan_ref(text, refs, check_id) if refs else "") if x)
        rows.append({"check": check_id, "title": first.title or check_id, "severity": severity,
                     "devices": sorted({d.name for d, _ in items}), "advice": advice,
                     "category": first.category})
    return sorted(rows, key=lambda r: (r["category"] == "hardening", -SEVERITY_RANK[r["severity"]], r["check"]))


def _priority(run: Run) -> list[dict[str, Any]]:
    """What to handle first: every high/critical device problem, else the worst few items."""
    risks = _risk_rows(run)
    urgent = [r for r in risks if r["category"] != "hardening" and SEVERITY_RANK[r["severity"]] >= SEVERITY_RANK["high"]]
    return urgent[:8] if urgent else risks[:3]


def _observed_text(r: CheckResult) -> str:
    return r.message


def _device_section(d: DeviceResult, lang: str) -> dict[str, Any]:
    results = sorted(d.results, key=lambda r: (_STATUS_ORDER.get(r.status, 9), r.check))
    counts = Counter(r.status for r in d.results)
    return {
        "name": d.name, "status": d.raw.status, "problems": len(d.problems),
        "counts": counts,
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
            "version": ident.version or "", "role": ident.role or "", "os": ident.os or "",
            "uptime": duration_text(ident.uptime_seconds, lang) if ident.uptime_seconds is not None else "",
            "status": d.raw.status,
            "message": "; ".join(m for m in (localize(d.raw.message, lang), identity_note(d, lang)) if m),
            "commands": f"{ok_commands}/{len(d.commands)}", "source": d.raw.source or ""}


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


def _conclusion(run: Run, text: dict[str, str], sev_text: dict[str, str]) -> list[str]:
    by_sev = run.by_severity()
    problems = sum(by_sev.values())
    all_results = [r for d in run.devices for r in d.results]
    ok = sum(1 for d in run.devices if d.raw.status == "ok")
    sev_list = "、" if run.lang == "zh" else ", "
    sev_summary = sev_list.join(f"{sev_text[f'severity.{s}']} {n}" for s, n in by_sev.items() if n) or text["none"]
    lines = [text["conclusion.intro"].format(devices=len(run.devices), ok=ok, checks=len(all_results),
                                             problems=problems, by_severity=sev_summary)]
    if problems == 0:
        lines.append(text["conclusion.none"])
    else:
        risks = _priority(run)
        items = sev_list.join(f"{r['title']}（{', '.join(r['devices'][:3])}）" if run.lang == "zh"
                              else f"{r['title']} ({', '.join(r['devices'][:3])})" for r in risks)
        lines.append(text["conclusion.priority"].format(items=items))
    insufficient = sum(1 for r in all_results if r.status in ("insufficient_data", "error"))
    incomplete = sum(1 for d in run.devices if d.raw.status != "ok")
    if insufficient or incomplete:
        lines.append(text["conclusion.incomplete"].format(count=insufficient, devices=incomplete))
    rejected = sum(1 for i in run.inputs if i.status == "rejected")
    if rejected:
        lines.append(text["conclusion.rejected"].format(count=rejected))
    return lines


def build_view(run: Run) -> dict[str, Any]:
    """Everything the templates need, in the run's language."""
    lang = run.lang
    text = labels(lang, "common", "inspection")
    by_sev = run.by_severity()
    status_counts = Counter(r.status for d in run.devices for r in d.results)
    site = dict(run.site)
    site.setdefault("date", run.started[:10])
    util_rows = [(d.name, _max_percent(d.device.cpu), _max_percent(d.device.memory)) for d in run.devices]
    has_baseline = any(r.category == "hardening" for _, r in run.failed_results())
    toc = [(s, text[f"section.{s}"]) for s in _SECTIONS
           if (s != "inputs" or run.inputs) and (s != "baseline" or has_baseline)]
    doc = document_info(text["title"], site, lang, run.id, run.started[:10], toc)
    text = {**text, "lang": lang}
    numbers = _plan_numbers(run)
    return {
        "lang": lang, "t": text, "run": run, "site": site, "tool_version": __version__,
        "doc": doc, "d": labels(lang, "document"),
        "source_label": text.get(f"source.{run.source}", run.source),
        "summary": {
            "devices": len(run.devices),
            "collected": sum(1 for d in run.devices if d.raw.status == "ok"),
            "problems": sum(1 for _, r in run.failed_results() if r.category != "hardening"),
            "baseline": sum(1 for _, r in run.failed_results() if r.category == "hardening"),
            "by_severity": by_sev,
            "status_counts": {s: status_counts.get(s, 0) for s in ("pass", "fail", "insufficient_data",
                                                                    "skipped", "error")},
            "verdict": verdict_key(run),
        },
        "severity_chart": charts.severity_bars(by_sev, {s: text[f"severity.{s}"] for s in SEVERITIES}),
        "util_chart": charts.utilisation_bars(util_rows, ("CPU", "内存" if lang == "zh" else "Memory"),
                                              text["summary.no_data"]) if util_rows else "",
        "problems": _problem_rows(run),
        "risks": _risk_rows(run, text, numbers),
        "baseline": _baseline_rows(run, text, numbers),
        "devices": [_device_section(d, lang) for d in run.devices],
        "resources": [_resource_row(d, lang) for d in run.devices],
        "inputs": [{"name": i.name, "status": i.status, "message": localize(i.message, lang)} for i in run.inputs],
        "conclusion": _conclusion(run, text, text),
    }


def write_json(run: Run, path: Path) -> Path:
    path.write_text(json.dumps(run_to_json(run), ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


def write_html(view: dict[str, Any], path: Path) -> Path:
    path.write_text(render("inspection/report.html.j2", **view), encoding="utf-8")
    return path


def write_pdf_report(view: dict[str, Any], path: Path) -> Path:
    from netinspect.report.pdf import write_pdf
    return write_pdf(render("inspection/report.html.j2", **view), path, view["lang"], view["doc"]["header"])


def write_markdown(view: dict[str, Any], path: Path) -> Path:
    path.write_text(render("inspection/report.md.j2", **view), encoding="utf-8")
    return path


def write_reports(run: Run, outdir: Path, formats: list[str], history: dict[str, Any] | None = None) -> list[Path]:
    """results.json always, then each requested format; returns the paths written.

    `history`: the "since the last inspection" part (netinspect.history.compare.since_last), or None.
    """
    from netinspect.report.xlsx import write_inspection_xlsx

    outdir.mkdir(parents=True, exist_ok=True)
    written = [write_json(run, outdir / "results.json")]
    view = build_view(run) if set(formats) - {"json"} else {}
    if view and history:
        view["history"], view["history_t"] = history, labels(run.lang, "common", "history")
        toc = view["doc"]["toc"]
        at = next((i + 1 for i, (anchor, _) in enumerate(toc) if anchor == "summary"), len(toc))
        toc.insert(at, ("history", view["history_t"]["section"]))  # the part sits after the summary
    stem = "inspection-report"
    for fmt in formats:
        if fmt == "html":
            written.append(write_html(view, outdir / f"{stem}.html"))
        elif fmt == "md":
            written.append(write_markdown(view, outdir / f"{stem}.md"))
        elif fmt == "xlsx":
            written.append(write_inspection_xlsx(view, outdir / f"{stem}.xlsx"))
        elif fmt == "pdf":
            written.append(write_pdf_report(view, outdir / f"{stem}.pdf"))
    return written
