"""The version assessment report: summary per model and version, detail per model, device table.

Built from DeviceResults (the ``version.advisories`` results and their extras), so it renders the
same from a fresh run or a saved one. HTML (self-contained, printable), Markdown, JSON, and the
device version summary table (设备版本汇总表) as XLSX.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from netinspect import __version__
from netinspect.core.i18n import labels
from netinspect.core.results import SEVERITY_RANK, DeviceResult, Run, run_to_json
from netinspect.report import charts
from netinspect.report.document import document_info
from netinspect.report.jinja import render
from netinspect.report.xlsx import add_sheet, new_workbook

FORMATS = ("html", "md", "json", "xlsx", "pdf", "docx")
_SECTIONS = ("summary", "new", "detail", "devices")
DEVICE_COLUMNS = ("device", "address", "model", "serial", "version", "patch", "recommended", "risk")


def _result(d: DeviceResult) -> Any:
    return next((r for r in d.results if r.check == "version.advisories"), None)


def _risk(d: DeviceResult) -> str:
    """critical..low for an affected device, none for a clean one, unknown without a verdict."""
    r = _result(d)
    if r is not None and r.extra.get("verdict") == "possibly" and r.status != "fail":
        return "possibly"
    if r is None or r.status not in ("pass", "fail"):
        return "unknown"
    return r.severity if r.status == "fail" else "none"


def _worst(risks: list[str]) -> str:
    real = [r for r in risks if r in SEVERITY_RANK]
    if real:
        return max(real, key=SEVERITY_RANK.__getitem__)
    for risk in ("possibly", "unknown"):
        if risk in risks:
            return risk
    return "none"


def device_rows(devices: list[DeviceResult]) -> list[dict[str, Any]]:
    rows = []
    for d in devices:
        ident, r = d.device.identity, _result(d)
        rows.append({"device": d.name, "address": d.raw.host, "model": ident.model, "serial": ident.serial,
                     "version": ident.version, "patch": ident.patch,
                     "recommended": r.extra.get("recommended_version") if r else None, "risk": _risk(d),
                     "message": r.message if r else None, "advice": (r.advice if r else None) or "",
                     "source": r.extra.get("recommendation_source") if r else None,
                     "advisories": [a["id"] for a in r.advisories] if r else [],
                     "new": r.extra.get("new_advisories", []) if r else []})
    return rows


def build(devices: list[DeviceResult]) -> dict[str, Any]:
    """The report's data: summary rows per (model, version), per-model advisories, device rows."""
    rows = device_rows(devices)
    groups: dict[tuple, list[tuple[DeviceResult, dict]]] = defaultdict(list)
    for d, row in zip(devices, rows):
        groups[(row["model"] or "?", row["version"] or "?")].append((d, row))
    summary, detail = [], defaultdict(dict)
    for (model, version), members in sorted(groups.items()):
        advs: dict[str, dict] = {}
        for d, _ in members:
            r = _result(d)
            for a in (r.advisories if r else []):
                merged = advs.setdefault(a["id"], {**a, "matched": [], "fixed_in": [], "versions": [], "exposures": []})
                if a.get("exposure_text"):
                    merged["exposures"].append({"device": d.name, "text": a["exposure_text"],
                                                "evidence": a.get("exposure_evidence"), "state": a.get("exposure")})
                merged["matched"] = sorted(set(merged["matched"]) | set(a.get("matched", [])))
                merged["fixed_in"] = sorted(set(merged["fixed_in"]) | set(a.get("fixed_in", [])))
                merged["versions"] = sorted(set(merged["versions"]) | {version})
        scores = [a["cvss"] for a in advs.values() if a.get("cvss") is not None]
        summary.append({"model": model, "version": version, "devices": len(members),
                        "advisories": sorted(advs), "max_cvss": max(scores) if scores else None,
                        "risk": _worst([row["risk"] for _, row in members]),
                        "recommended": sorted({row["recommended"] for _, row in members if row["recommended"]})})
        for adv_id, a in advs.items():
            prev = detail[model].get(adv_id)
            if prev:
                a["matched"] = sorted(set(prev["matched"]) | set(a["matched"]))
                a["fixed_in"] = sorted(set(prev["fixed_in"]) | set(a["fixed_in"]))
                a["versions"] = sorted(set(prev["versions"]) | set(a["versions"]))
                a["exposures"] = prev["exposures"] + a["exposures"]
            detail[model][adv_id] = a
    new = [{"device": r["device"], "advisories": r["new"]} for r in rows if r["new"]]
    return {"summary": summary, "models": _models(rows, detail), "advisories": _advisories(devices),
            "devices": rows, "new": new, "counts": _counts(rows)}


RISKS = ("critical", "high", "medium", "low", "possibly", "none", "unknown")


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Devices per risk, every risk present (zero included) so the summary reads the same each time."""
    return {risk: sum(1 for r in rows if r["risk"] == risk) for risk in RISKS}


def _models(rows: list[dict[str, Any]], detail: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Every model of the fleet: its running versions with the devices, the recommendation and why,
    the advisories that touch it, and for a device without a verdict the reason."""
    by_model: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_model[row["model"] or "?"].append(row)
    models = []
    for model, members in sorted(by_model.items()):
        running: dict[str, list[str]] = defaultdict(list)
        for m in members:
            running[m["version"] or "?"].append(m["device"])
        models.append({
            "model": model, "risk": _worst([m["risk"] for m in members]),
            "running": [{"version": v, "devices": sorted(d)} for v, d in sorted(running.items())],
            "recommended": sorted({m["recommended"] for m in members if m["recommended"]}),
            "advice": sorted({m["advice"] for m in members if m["advice"]}),
            "explained": [{"device": m["device"], "risk": m["risk"], "message": m["message"] or ""}
                          for m in members if m["risk"] in ("unknown", "none")],
            "advisories": sorted(detail.get(model, {}).values(), key=lambda a: -(a.get("cvss") or 0)),
        })
    return models


def _advisories(devices: list[DeviceResult]) -> list[dict[str, Any]]:
    """One entry per advisory that touches the fleet, with the devices (and their versions) it affects."""
    out: dict[str, dict[str, Any]] = {}
    for d in devices:
        r = _result(d)
        for a in (r.advisories if r else []):
            entry = out.setdefault(a["id"], {**a, "devices": []})
            entry["devices"].append({"device": d.name, "model": d.device.identity.model,
                                     "version": d.device.identity.version, "certainty": a.get("certainty"),
                                     "exposure": a.get("exposure"), "exposure_text": a.get("exposure_text")})
    return sorted(out.values(), key=lambda a: (not a.get("kev"), -SEVERITY_RANK.get(a.get("severity") or "info", 0),
                                               -(a.get("cvss") or 0), a["id"]))


def render_text(run: Run, fmt: str, lang: str, new_since: str | None = None) -> str:
    t = labels(lang, "common", "versions")
    data = build(run.devices)
    if fmt == "json":
        return json.dumps({"run": {"id": run.id, "finished": run.finished, "lang": lang}, **data},
                          ensure_ascii=False, indent=2)
    template = {"html": "versions/report.html.j2", "md": "versions/report.md.j2"}[fmt]
    chart = charts.severity_bars(data["counts"], {r: risk_label(r, t) for r in RISKS})
    return render(template, t=t, run=run, data=data, new_since=new_since, lang=lang, chart=chart,
                  tool_version=__version__,
                  risk_label=lambda r: risk_label(r, t), **document_view(run, lang, t))


def terminal_summary(run: Run, lang: str) -> Any:
    """The version summary on the terminal: one row per (model, version) with its devices, advisories,
    risk and recommended version (the report's first table)."""
    from rich.table import Table

    t = labels(lang, "common", "versions")
    table = Table(title=t["report.summary"], show_lines=False)
    for key in ("col.model", "col.version", "col.devices", "col.advisories", "col.risk", "col.recommended"):
        table.add_column(t[key])
    for row in build(list(run.devices))["summary"]:
        table.add_row(row["model"], row["version"], str(row["devices"]), ", ".join(row["advisories"]) or "-",
                      risk_label(row["risk"], t), ", ".join(row["recommended"]) or "-")
    return table


def risk_label(risk: str, t: dict[str, str]) -> str:
    return t.get(f"severity.{risk}") or t[f"risk.{risk}"]


def document_view(run: Run, lang: str, t: dict[str, str]) -> dict[str, Any]:
    """Cover, table of contents and sign-off data of the version report."""
    d = labels(lang, "document")
    toc = [("summary", t["report.summary"]), ("detail", t["report.detail"]),
           ("advisories", t["report.by_advisory"]), ("devices", t["report.device_table"]),
           ("signoff", d["signoff.title"])]
    return {"doc": document_info(t["report.title"], run.site, lang, run.id, run.started[:10], toc), "d": d}


def write_xlsx(run: Run, path: Path, lang: str) -> None:
    """Summary, per-device and per-advisory sheets; each with a frozen, filtered header."""
    t = labels(lang, "common", "versions")
    data = build(run.devices)
    book = new_workbook()
    add_sheet(book, t["sheet.summary"],
              [t["col.model"], t["col.version"], t["col.devices"], t["col.advisories"], t["col.max_cvss"],
               t["col.risk"], t["col.recommended"]],
              [[s["model"], s["version"], s["devices"], ", ".join(s["advisories"]), s["max_cvss"],
                risk_label(s["risk"], t), ", ".join(s["recommended"])] for s in data["summary"]],
              widths=[20, 28, 8, 40, 10, 10, 26])
    add_sheet(book, t["sheet.devices"],
              [t[f"col.{c}"] for c in DEVICE_COLUMNS] + [t["col.reason"], t["col.advice"]],
              [[row[c] if c != "risk" else risk_label(row["risk"], t) for c in DEVICE_COLUMNS]
               + [row["message"], row["advice"]] for row in data["devices"]],
              widths=[20, 16, 18, 18, 28, 18, 24, 10, 60, 40])
    add_sheet(book, t["sheet.advisories"],
              [t["col.id"], t["col.cves"], t["col.title"], t["col.score"], t["col.risk"], t["col.fixed"],
               t["col.affected_devices"], t["col.workaround"], t["col.link"]],
              [[a["id"], ", ".join(a.get("cves") or []), a.get("title"), a.get("cvss"),
                risk_label(a.get("severity") or "unknown", t), ", ".join(a.get("fixed_in") or []),
                "\n".join(f"{x['device']} ({x['model']} {x['version']})" for x in a["devices"]),
                a.get("workaround"), a.get("url")] for a in data["advisories"]],
              widths=[26, 22, 40, 8, 10, 24, 40, 40, 40])
    book.save(path)


def write_reports(run: Run, outdir: Path, formats: list[str], lang: str,
                  new_since: str | None = None) -> list[Path]:
    """results.json always, plus versions.<fmt> for each format asked for."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = [outdir / "results.json"]
    written[0].write_text(json.dumps(run_to_json(run), ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    for fmt in formats:
        path = outdir / f"versions.{fmt}"
        if fmt == "xlsx":
            write_xlsx(run, path, lang)
        elif fmt in ("pdf", "docx"):
            from netinspect.report.docx import write_docx
            from netinspect.report.pdf import write_pdf
            doc = document_view(run, lang, labels(lang, "common", "versions"))["doc"]
            (write_pdf if fmt == "pdf" else write_docx)(render_text(run, "html", lang, new_since), path, lang,
                                                         doc["header"])
        else:
            path.write_text(render_text(run, fmt, lang, new_since), encoding="utf-8")
        written.append(path)
    return written
