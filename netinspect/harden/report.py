"""The hardening plan report (网络加固方案): summary and checklist in HTML, Markdown and XLSX, and per
device ``DEVICE.fix.txt`` / ``DEVICE.rollback.txt``. One language per report (zh or en)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from netinspect.core.filenames import UniqueNames, safe_stem
from netinspect.core.i18n import labels
from netinspect.core.results import SEVERITIES, Run
from netinspect.harden.plan import DevicePlan, build_plan
from netinspect.harden.roles import role_names
from netinspect.report.document import document_info
from netinspect.report.jinja import render
from netinspect.report.xlsx import add_sheet, new_workbook


def safe_name(name: str) -> str:
    return safe_stem(name)


def plans(run: Run) -> list[DevicePlan]:
    out = []
    for dev in run.devices:
        plan = build_plan(dev, run.lang)
        if plan is not None:
            out.append(plan)
    return out


FAMILY_ORDER = ("management", "access", "control_plane", "routing")


def _item(no: int, plan: DevicePlan, step: Any, t: dict[str, str]) -> dict[str, Any]:
    r = step.result
    info = step.info
    level = info.get("impact_level", "none")
    return {"family": info.get("family", "management"), "impact_level": level,
            "impact_level_label": t[f"impact_{level}"], "no": no, "device": plan.device, "check": r.check,
            "title": r.title, "references": r.references,
            "severity": r.severity, "severity_label": t[f"sev_{r.severity}"], "risk": info.get("risk", ""),
            "current": r.evidence, "fix": r.remediation.commands, "rollback": r.remediation.rollback,
            "verify": r.remediation.verify, "expected": r.expected or "", "impact": info.get("impact", ""),
            "warning": step.warning, "placeholders": info.get("placeholders", [])}


def _families(items: list[dict[str, Any]], t: dict[str, str]) -> list[dict[str, Any]]:
    """The checklist grouped by family (management, access, control plane, routing) with their clauses."""
    out = []
    for family in FAMILY_ORDER:
        members = sorted((i for i in items if i["family"] == family), key=lambda i: i["no"])
        if not members:
            continue
        refs = dict.fromkeys(ref for i in members for ref in i["references"])
        clauses = sorted(refs, key=lambda ref: (not ref.startswith("GB/T"), ref))
        out.append({"family": family, "label": t[f"family_{family}"], "items": members, "count": len(members),
                    "clauses": clauses})
    return out


def _roles(run: Run, lang: str) -> dict[str, str]:
    names = role_names()
    out = {}
    for dev in run.devices:
        roles = next((r.extra.get("roles") for r in dev.results
                      if r.category == "hardening" and "roles" in r.extra), [])
        out[dev.name] = ", ".join(names[r][lang] for r in roles) if roles else ""
    return out


def _item_toc(families: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Every family of the checklist and every item in it (number, device, title), for the contents."""
    toc: list[tuple[str, str]] = []
    for n, family in enumerate(families, 1):
        toc.append((f"item-family-{n}-device", f"2.{n} {family['label']}"))
        toc += [(f"item-{i['no']}", f"{i['no']}. {i['device']}: {i['title']}") for i in family["items"]]
    return toc


def view(run: Run, rule_errors: list[Any] | None = None, baseline: Any = None) -> dict[str, Any]:
    """Everything the templates need, in the run's language."""
    t = labels(run.lang, "harden")
    device_plans = plans(run)
    # numbered device by device in the order of the fix scripts (the inspection report cites these numbers);
    # the checklist shows them grouped by family
    items, no = [], 0
    for plan in device_plans:
        for step in plan.steps:
            no += 1
            items.append(_item(no, plan, step, t))
    sev = Counter(i["severity"] for i in items)
    by_rule: dict[str, dict[str, Any]] = {}
    for i in items:
        entry = by_rule.setdefault(i["check"], {"check": i["check"], "title": i["title"], "count": 0,
                                                "severity": i["severity"], "severity_label": i["severity_label"]})
        entry["count"] += 1
    to_fill: dict[str, list[str]] = {}
    for plan in device_plans:
        for p in plan.placeholders:
            to_fill.setdefault(p, []).append(plan.device)
    order = list(dict.fromkeys(i["title"] for i in sorted(items, key=lambda i: i["no"])))
    phases = sorted({(s.info.get("phase", 90), s.result.check, s.result.title) for p in device_plans for s in p.steps})
    d = labels(run.lang, "document")
    families = _families(items, t)
    toc = [("summary", f"1 {t['summary']}"), ("checklist", f"2 {t['checklist']}"), *_item_toc(families),
           ("signoff", f"3 {d['signoff.title']}")]
    return {
        "t": t, "lang": run.lang, "run": run, "site": run.site, "plans": device_plans, "items": items,
        "doc": document_info(t["plan_title"], run.site, run.lang, run.id, run.started[:10], toc), "d": d,
        "by_severity": [(t[f"sev_{s}"], sev.get(s, 0)) for s in SEVERITIES if s != "info"],
        "by_rule": sorted(by_rule.values(), key=lambda e: -e["count"]),
        "to_fill": to_fill, "order": [title for _, _, title in dict.fromkeys(phases)] or order,
        "waived": [(p.device, r) for p in device_plans for r in p.waived],
        "expired": [(p.device, r) for p in device_plans for r in p.expired],
        "rule_errors": [str(e) for e in rule_errors or []],
        "families": families, "roles": _roles(run, run.lang),
        "baseline": baseline.title(run.lang) if baseline is not None else t["baseline_default"],
    }


def write_scripts(run: Run, outdir: Path) -> list[Path]:
    """DEVICE.fix.txt and DEVICE.rollback.txt per device with steps; names safe and unique (SW:1, SW/1, SW_1)."""
    written = []
    names = UniqueNames()
    for plan in plans(run):
        if not plan.steps:
            continue
        stem = names.take(plan.device)
        for suffix, lines in (("fix", plan.fix_script), ("rollback", plan.rollback_script)):
            path = outdir / f"{stem}.{suffix}.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            written.append(path)
    return written


def write_xlsx(data: dict[str, Any], path: Path) -> Path:
    t = data["t"]
    wb = new_workbook()
    header = [t["number"], t["device"], t["family"], t["item"], t["reference"], t["severity"], t["risk"], t["current"],
              t["fix"], t["rollback"], t["verify"], t["impact"]]
    rows = [[i["no"], i["device"], t[f"family_{i['family']}"], f"{i['title']} ({i['check']})",
             "\n".join(i["references"]), i["severity_label"],
             i["risk"], "\n".join(i["current"]), "\n".join(i["fix"]), "\n".join(i["rollback"]),
             "\n".join(i["verify"]) + f"\n{t['verify_expect']}: {i['expected']}",
             f"{i['impact_level_label']}: {i['impact']}" if i["impact_level"] != "none" else i["impact"]]
            for i in data["items"]]
    add_sheet(wb, t["checklist"], header, rows, widths=[6, 16, 12, 28, 22, 8, 36, 36, 40, 40, 30, 30], severity_col=5,
              severity_keys=[i["severity"] for i in data["items"]])
    add_sheet(wb, t["summary"], [t["item"], t["count"]], [[e["title"], e["count"]] for e in data["by_rule"]],
              widths=[40, 10])
    wb.save(path)
    return path


def write_plan_reports(run: Run, outdir: Path, formats: list[str], rule_errors: list[Any] | None = None,
                       baseline: Any = None) -> list[Path]:
    """The plan report in the given formats (html, md, xlsx) plus the per-device scripts."""
    outdir.mkdir(parents=True, exist_ok=True)
    data = view(run, rule_errors, baseline)
    written = write_scripts(run, outdir)
    if "md" in formats:
        path = outdir / "hardening-plan.md"
        path.write_text(render("harden/plan.md.j2", **data), encoding="utf-8")
        written.append(path)
    if "html" in formats:
        path = outdir / "hardening-plan.html"
        path.write_text(render("harden/plan.html.j2", **data), encoding="utf-8")
        written.append(path)
    if "xlsx" in formats:
        written.append(write_xlsx(data, outdir / "hardening-plan.xlsx"))
    if "docx" in formats:
        from netinspect.report.docx import write_docx
        written.append(write_docx(render("harden/plan.html.j2", **data), outdir / "hardening-plan.docx", run.lang,
                                  data["doc"]["header"]))
    if "pdf" in formats:
        from netinspect.report.pdf import write_pdf
        written.append(write_pdf(render("harden/plan.html.j2", **data), outdir / "hardening-plan.pdf", run.lang,
                                 data["doc"]["header"]))
    return written
