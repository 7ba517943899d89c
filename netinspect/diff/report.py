"""The change verification report: a language-resolved view of a diff, as HTML, Markdown, JSON, XLSX."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from netinspect import __version__
from netinspect.core.i18n import labels
from netinspect.core.redact import redact_value
from netinspect.core.results import SEVERITIES, SEVERITY_RANK, at_or_above
from netinspect.diff.engine import DevicePair, Difference
from netinspect.report.jinja import render

FORMATS = ("html", "md", "json", "xlsx")


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict):
        return str(value.get("state", value))
    return str(value)


MEMBERS_SHOWN = 20


def _members(members: list[str], t: dict[str, str]) -> str:
    """The items of a grouped finding, the first MEMBERS_SHOWN of them ("… 33 more")."""
    text = ", ".join(members[:MEMBERS_SHOWN])
    if len(members) > MEMBERS_SHOWN:
        text += " " + t["members.more"].format(n=len(members) - MEMBERS_SHOWN)
    return text


def _collected(meta: dict[str, Any], t: dict[str, str]) -> dict[str, Any]:
    """Each side's collection time and where it comes from, for the report header."""
    out = {}
    for side, info in meta.items():
        how = info.get("started_how") or "unknown"
        out[side] = f"{info.get('started') or '-'} ({t.get(f'collected.{how}', how)})"
    return out


def unexpected(diffs: list[Difference]) -> list[Difference]:
    return [d for d in diffs if not d.expected]


def failing(diffs: list[Difference], fail_on: str) -> list[Difference]:
    return [d for d in unexpected(diffs) if at_or_above(d.severity, fail_on)]


def _state_counts(snap: Any) -> dict[str, int]:
    """Sizes of the compared state: interfaces up, prefixes per protocol, peers up, neighbours, tables."""
    if snap is None:
        return {}
    facts, out = snap.facts, {}
    if "interfaces" in facts:
        out["interfaces_up"] = sum(1 for f in facts["interfaces"].values() if f.value == "up")
    if "routes" in facts:
        for proto, n in sorted(Counter(f.value["protocol"] for f in facts["routes"].values()).items()):
            out[f"routes.{proto}"] = n
    peers = [f for aspect, group in facts.items() if aspect.startswith("peers.") for f in group.values()]
    if any(a.startswith("peers.") for a in facts):
        out["peers_up"] = sum(1 for f in peers if f.value["up"] is True)
    if any(a.startswith("neighbors.") for a in facts):
        out["neighbors"] = sum(len(g) for a, g in facts.items() if a.startswith("neighbors."))
    for aspect, group in facts.items():
        if aspect.startswith("counts."):
            for key, f in group.items():
                out[key] = f.value
    return out


def _state_rows(pairs: list[DevicePair], t: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for p in pairs:
        before, after = _state_counts(p.before), _state_counts(p.after)
        for key in dict.fromkeys([*before, *after]):
            base, _, proto = key.partition(".")
            label = t[f"state.{base}"] + (f" {proto}" if proto else "")
            rows.append({"device": p.name, "what": label, "before": before.get(key, "-"), "after": after.get(key, "-"),
                         "changed": before.get(key) != after.get(key)})
    return rows


def build_view(pairs: list[DevicePair], diffs: list[Difference], meta: dict[str, Any], lang: str,
               fail_on: str) -> dict[str, Any]:
    t = labels(lang, "common", "diff")
    ordered = sorted(diffs, key=lambda d: (d.expected, -SEVERITY_RANK[d.severity], d.device, d.kind, d.item))
    missing = [d for d in diffs if d.kind == "expected_missing"]
    happened = [d for d in diffs if d.expected]
    bad = [d for d in unexpected(diffs) if d.kind != "expected_missing"]
    lines = []
    if not diffs:
        lines.append(t["verdict.same"])
    elif bad:
        lines.append(t["verdict.unexpected"].format(count=len(bad), failing=len(failing(bad, fail_on)),
                                                    fail_on=t[f"severity.{fail_on}"]))
    elif happened and not missing:
        lines.append(t["verdict.expected"])
    if missing:
        lines.append(t["verdict.missing"].format(count=len(missing)))
    rows = [{"device": d.device, "severity": d.severity, "severity_text": t[f"severity.{d.severity}"],
             "kind": d.kind, "kind_text": t.get(f"kind.{d.kind}", d.kind), "item": d.item,
             "before": _text(d.before), "after": _text(d.after), "expected": d.expected,
             "expected_text": t["answer.yes"] if d.expected else t["answer.no"], "evidence": d.evidence[:4],
             "note": d.note or "", "members": _members(d.members, t)} for d in ordered]
    return {
        "lang": lang, "t": t, "meta": meta, "collected": _collected(meta, t), "tool_version": __version__, "rows": rows, "verdict": lines,
        "summary": {"devices": len(pairs), "unexpected": len(bad), "expected": len(happened),
                    "missing": len(missing),
                    "by_severity": {s: c for s, c in Counter(d.severity for d in bad).items()}},
        "severities": SEVERITIES,
        "state": _state_rows(pairs, t),
        "devices": [{"name": p.name, "before": p.before.name if p.before else "-",
                     "after": p.after.name if p.after else "-",
                     "matched_by": t[f"matched.{p.matched_by or 'none'}"]} for p in pairs],
    }


def to_json(pairs: list[DevicePair], diffs: list[Difference], meta: dict[str, Any], fail_on: str) -> dict[str, Any]:
    return {"schema_version": "1", "tool": {"name": "netinspect", "version": __version__}, "kind": "diff",
            "before": meta["before"], "after": meta["after"], "fail_on": fail_on,
            "devices": [{"name": p.name, "before": p.before.name if p.before else None,
                         "after": p.after.name if p.after else None, "matched_by": p.matched_by} for p in pairs],
            "differences": [d.to_json() for d in diffs],
            "summary": {"unexpected": len([d for d in unexpected(diffs) if d.kind != "expected_missing"]),
                        "expected": sum(1 for d in diffs if d.expected),
                        "expected_missing": sum(1 for d in diffs if d.kind == "expected_missing"),
                        "failing": len(failing(diffs, fail_on))}}


def _xlsx(view: dict[str, Any], path: Path) -> Path:
    from netinspect.report.xlsx import add_sheet, new_workbook

    t, rows = view["t"], view["rows"]
    wb = new_workbook()
    add_sheet(wb, t["sheet.differences"],
              [t["col.device"], t["col.severity"], t["col.kind"], t["col.item"], t["col.before"], t["col.after"],
               t["col.expected"], t["col.evidence"], t["col.note"]],
              [[r["device"], r["severity_text"], r["kind_text"],
                r["item"] + (f": {r['members']}" if r["members"] else ""), r["before"], r["after"],
                r["expected_text"], "\n".join(r["evidence"]), r["note"]] for r in rows],
              widths=[20, 10, 24, 40, 20, 20, 8, 60, 30], severity_col=1,
              severity_keys=[r["severity"] if not r["expected"] else "" for r in rows])
    add_sheet(wb, t["state.title"], [t["col.device"], t["state.what"], t["before"], t["after"]],
              [[r["device"], r["what"], r["before"], r["after"]] for r in view["state"]], widths=[24, 30, 12, 12])
    add_sheet(wb, t["sheet.devices"], [t["col.device"], t["before"], t["after"], t["matched_by"]],
              [[d["name"], d["before"], d["after"], d["matched_by"]] for d in view["devices"]],
              widths=[24, 24, 24, 16])
    wb.save(path)
    return path


def write_reports(pairs: list[DevicePair], diffs: list[Difference], meta: dict[str, Any], outdir: Path,
                  formats: list[str], lang: str, fail_on: str) -> list[Path]:
    """diff.json always, then each requested format; returns the paths written."""
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / "diff.json"
    document = redact_value(to_json(pairs, diffs, meta, fail_on))  # device text: secrets never written
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    written = [path]
    view = redact_value(build_view(pairs, diffs, meta, lang, fail_on))
    for fmt in formats:
        if fmt == "html":
            written.append(outdir / "diff-report.html")
            written[-1].write_text(render("diff/report.html.j2", **view), encoding="utf-8")
        elif fmt == "md":
            written.append(outdir / "diff-report.md")
            written[-1].write_text(render("diff/report.md.j2", **view), encoding="utf-8")
        elif fmt == "xlsx":
            written.append(_xlsx(view, outdir / "diff-report.xlsx"))
    return written
