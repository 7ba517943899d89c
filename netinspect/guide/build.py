"""The daily maintenance guide (日常维护指导书): per model of the fleet the product overview, the daily /
weekly / monthly checks, monitoring guidance and a maintenance record form.

Everything it lists comes from the check catalog (data/checks/health.yaml), the platform's command set
(data/platforms.yaml) and data/guide.yaml, so it never asks for a check the tool does not make.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from netinspect.checks.catalog import CheckSpec, load_catalog
from netinspect.checks.config import effective
from netinspect.core.i18n import labels
from netinspect.core.paths import DATA_DIR
from netinspect.core.results import SEVERITY_RANK
from netinspect.guide.fleet import FleetModel
from netinspect.platforms import Platform, get_platform
from netinspect.report.document import document_info

INTERVALS = ("daily", "weekly", "monthly")
RECORD_ROWS = 12


@cache
def guide_data() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "guide.yaml").read_text(encoding="utf-8"))


def check_commands(spec: CheckSpec, platform: Platform) -> list[str]:
    """The platform's commands whose output the check reads (empty: the check cannot be made there)."""
    return [c.command for c in platform.commands if set(c.facts) & set(spec.facts)]


def applies(spec: CheckSpec, role: str | None, platform: Platform) -> bool:
    """The check is made on this role and the platform has a command for it."""
    return (not spec.roles or role in spec.roles) and bool(check_commands(spec, platform))


def threshold_text(thresholds: dict[str, Any], t: dict[str, str]) -> str:
    """'Medium ≥ 80%; High ≥ 90%' for severity bands, the key's own wording for the others; '-' without."""
    parts = []
    for key, value in sorted(thresholds.items(), key=lambda kv: -SEVERITY_RANK.get(kv[0], -1)):
        if key in SEVERITY_RANK:
            parts.append(t["guide.band"].format(severity=t[f"severity.{key}"], value=value))
        else:
            parts.append(t[f"threshold.{key}"].format(value=value))
    return t["guide.threshold_sep"].join(reversed(parts)) or "-"


def check_row(spec: CheckSpec, platform: Platform, role: str | None, config: dict[str, Any],
              t: dict[str, str], lang: str) -> dict[str, Any]:
    thresholds = effective(spec, config, "", role).thresholds
    return {"id": spec.id, "title": spec.text("title", lang), "commands": check_commands(spec, platform),
            "normal": spec.criterion(lang, thresholds), "threshold": threshold_text(thresholds, t),
            "action": spec.text("advice", lang)}


def intervals(platform: Platform, role: str | None, config: dict[str, Any], t: dict[str, str],
              lang: str) -> list[dict[str, Any]]:
    """The checks of each interval that apply to this model, and the fleet tasks with netinspect."""
    catalog, data = load_catalog("health"), guide_data()
    out = []
    for name in INTERVALS:
        checks = [check_row(catalog[c], platform, role, config, t, lang) for c in data["intervals"].get(name, [])
                  if applies(catalog[c], role, platform)]
        tasks = [{"command": f"netinspect {task['command']}", "text": t[task["text"]]}
                 for task in data.get("tasks", {}).get(name, [])]
        out.append({"name": name, "label": t[f"interval.{name}"], "checks": checks, "tasks": tasks})
    return out


def monitoring(platform: Platform, role: str | None, t: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """Events worth an alert on this model: the syslog keywords and the SNMP notifications of its vendor."""
    catalog = load_catalog("health")
    rows = []
    for event in guide_data()["monitoring"]:
        spec = catalog[event["check"]]
        if not applies(spec, role, platform):
            continue
        traps = event.get("traps") or {}
        rows.append({"event": t[f"event.{event['id']}"], "check": spec.text("title", lang),
                     "keywords": list(event.get("keywords", [])),
                     "traps": list(traps.get(platform.vendor, [])) + list(traps.get("any", []))})
    return rows


def model_view(entry: FleetModel, config: dict[str, Any], t: dict[str, str], lang: str) -> dict[str, Any] | None:
    platform = get_platform(entry.os)
    if platform is None:
        return None
    role = entry.role
    return {
        "anchor": f"m-{entry.os}-{entry.model or 'any'}-{role or 'any'}".replace(" ", "_").replace("/", "_"),
        "model": entry.model or t["guide.model_unknown"], "os": platform.os,
        "platform": t.get(f"platform.{platform.os}", platform.title),
        "role": t.get(f"role.{role}", role) if role else t["role.unknown"],
        "versions": entry.versions, "modules": entry.modules, "devices": entry.devices,
        "setup": list(platform.setup),
        "intervals": intervals(platform, role, config, t, lang),
        "monitoring": monitoring(platform, role, t, lang),
    }


def view(models: list[FleetModel], lang: str, site: dict[str, Any], config: dict[str, Any], date: str,
         guide_no: str) -> dict[str, Any]:
    """Everything the guide's templates show."""
    t = labels(lang, "common", "checks", "guide")
    entries = [v for v in (model_view(m, config, t, lang) for m in models) if v]
    toc = [("overview", t["guide.overview"])]
    toc += [(e["anchor"], f"{e['model']} · {e['role']}") for e in entries]
    toc += [("monitoring-general", t["guide.monitoring_general"]), ("record", t["guide.record"]),
            ("signoff", labels(lang, "document")["signoff.title"])]
    return {"lang": lang, "t": t, "d": labels(lang, "document"), "models": entries,
            "doc": document_info(t["guide.title"], site, lang, guide_no, date, toc),
            "record_columns": [t[f"record.{c}"] for c in ("date", "device", "item", "result", "action", "by")],
            "record_rows": RECORD_ROWS}


def write_guide(data: dict[str, Any], outdir: Path, formats: list[str]) -> list[Path]:
    """maintenance-guide.<fmt> for each of html, md, pdf in `outdir`."""
    outdir.mkdir(parents=True, exist_ok=True)
    from netinspect.report.pdf import write_document

    return [write_document("guide/guide", data, outdir / f"maintenance-guide.{fmt}", fmt, data["lang"],
                           data["doc"]["header"]) for fmt in formats]
