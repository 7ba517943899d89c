"""The health suite: runs every catalog check on every device and dresses outcomes with texts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from netinspect.checks import firewall as _firewall  # noqa: F401  (registers the firewall checks)
from netinspect.checks.catalog import CheckSpec, load_catalog
from netinspect.checks.config import effective
from netinspect.checks.context import AnalysisContext
from netinspect.checks.health import CHECKS, CheckEnv, Outcome, stp_fleet_findings, stp_roots_of, vrrp_fleet_findings
from netinspect.core.coverage import coverage, missing_titles
from netinspect.core.i18n import duration_text, labels
from netinspect.core.messages import localize
from netinspect.core.options import OptionError, read_yaml
from netinspect.core.paths import DATA_DIR
from netinspect.core.results import SEVERITY_RANK, CheckResult, DeviceResult
from netinspect.platforms import get_platform


def run(devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    catalog = load_catalog("health")
    today = ctx.options.get("today") or date.today()
    env = CheckEnv(lang=ctx.lang, today=today, duration=lambda s: duration_text(s, ctx.lang),
                   lifecycle=lifecycle_entries(ctx.options.get("lifecycle")))
    for d in devices:
        for spec in catalog.values():
            if not spec.fleet:
                d.results.append(run_check(spec, d, ctx, env))
        _collection_coverage(d, catalog, ctx.lang)


def lifecycle_entries(user_file: Any = None) -> tuple[dict[str, Any], ...]:
    """The user's lifecycle entries (--lifecycle), then those of data/lifecycle.yaml; a bad user file is
    an OptionError naming it."""
    entries: list[dict[str, Any]] = []
    if user_file:
        data = read_yaml(Path(user_file)) or {}
        if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
            raise OptionError(f"{user_file}: expected a mapping with a list `entries`")
        entries += data.get("entries") or []
    entries += (yaml.safe_load((DATA_DIR / "lifecycle.yaml").read_text(encoding="utf-8")) or {}).get("entries") or []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("match") or not isinstance(entry.get("end_of_support"), date):
            raise OptionError(f"{user_file or 'data/lifecycle.yaml'}: each entry needs `match` and a date "
                              f"`end_of_support` (YYYY-MM-DD): {entry!r}")
    return tuple(entries)


def run_fleet(devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    """Verdicts across devices (their fleet views: identity and the VRRP/HSRP groups): one VRRP/HSRP
    master per group. A device with groups gets one health.vrrp_fleet result, pass or fail."""
    _stp_fleet(devices, ctx)
    spec = load_catalog("health").get("health.vrrp_fleet")
    if spec is None:
        return
    groups = [(d.name, g) for d in devices for g in d.device.redundancy or []]
    found: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for name, severity, key, values in vrrp_fleet_findings(groups, ctx.lang):
        found.setdefault(name, []).append((severity, key, values))
    for d in devices:
        if not d.device.redundancy:
            continue
        settings = effective(spec, ctx.user_config, d.name, d.device.identity.role)
        if not settings.enabled:
            continue
        d.results.append(_fleet_result(spec, d, found.get(d.name, []), ctx.lang))


def _stp_fleet(devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    """One root bridge per VLAN / instance: a device that sees another root than its peers fails (medium)."""
    spec = load_catalog("health").get("health.stp_fleet")
    if spec is None:
        return
    found = stp_fleet_findings([(d.name, d.device) for d in devices])
    for d in devices:
        roots = stp_roots_of(d.device)
        if not roots or not effective(spec, ctx.user_config, d.name, d.device.identity.role).enabled:
            continue
        result = CheckResult(check=spec.id, category="health", status="pass", severity="info", message="",
                             title=spec.text("title", ctx.lang), command=_command(spec, d),
                             expected=spec.criterion(ctx.lang, spec.thresholds))
        if d.name in found:
            result.status, result.severity, result.advice = "fail", "medium", spec.text("advice", ctx.lang)
            result.message = ("；" if ctx.lang == "zh" else "; ").join(
                spec.message(key, ctx.lang, **values) for key, values in found[d.name])
            result.evidence = ([line for i in d.device.stp or [] for line in i.evidence]
                               + [r.evidence for r in d.device.stp_roots or [] if r.evidence])[:20]
        else:
            result.message = spec.message("pass", ctx.lang, count=len(roots))
        d.results.append(result)


def _fleet_result(spec: CheckSpec, d: DeviceResult, found: list[tuple[str, str, dict[str, Any]]],
                  lang: str) -> CheckResult:
    result = CheckResult(check=spec.id, category="health", status="pass", severity="info", message="",
                         title=spec.text("title", lang), command=_command(spec, d),
                         expected=spec.criterion(lang, spec.thresholds))
    if not found:
        result.message = spec.message("pass", lang, count=len({(g.protocol, g.group) for g in d.device.redundancy or []}))
        return result
    result.status, result.severity = "fail", max((f[0] for f in found), key=SEVERITY_RANK.__getitem__)
    result.message = ("；" if lang == "zh" else "; ").join(spec.message(key, lang, **values) for _, key, values in found)
    result.advice = spec.text("advice", lang)
    result.evidence = [g.evidence for g in d.device.redundancy or [] if g.evidence][:20]
    return result


def _collection_coverage(d: DeviceResult, catalog: dict[str, CheckSpec], lang: str) -> None:
    """health.collection says "collected in full" only when every check had data: a device whose core
    checks lacked data is partly inspected (no verdict), other gaps are named in its message."""
    result = next((r for r in d.results if r.check == "health.collection"), None)
    if result is None or result.status != "pass":
        return
    spec, sep = catalog["health.collection"], "、" if lang == "zh" else ", "
    cov = coverage(d)
    if cov.state == "partial":
        result.status, result.severity = "insufficient_data", "info"
        result.message = spec.message("partly", lang, items=sep.join(missing_titles(d, cov, lang)))
        result.observed = "partial"
        return
    gaps = [r.title or r.check for r in d.results if r.category == "health" and r.status in ("insufficient_data", "error")]
    if gaps:
        result.message = spec.message("pass_gaps", lang, count=len(gaps), items=sep.join(gaps))


def run_check(spec: CheckSpec, d: DeviceResult, ctx: AnalysisContext, env: CheckEnv) -> CheckResult:
    """One check on one device, never raising: a crash in a check becomes an `error` result."""
    settings = effective(spec, ctx.user_config, d.name, d.device.identity.role)
    result = CheckResult(check=spec.id, category="health", status="skipped", severity="info", message="",
                         title=spec.text("title", ctx.lang), command=_command(spec, d),
                         expected=spec.criterion(ctx.lang, settings.thresholds),
                         advice=None)
    text = labels(ctx.lang, "checks")
    if not settings.enabled:
        result.message = text["reason.disabled"].format(where=settings.disabled_by)
        return result
    role = d.device.identity.role
    if spec.roles and role not in spec.roles:
        roles = ", ".join(text.get(f"role.{r}", r) for r in spec.roles)
        result.message = text["reason.role"].format(roles=roles, role=text.get(f"role.{role or 'unknown'}", role))
        return result
    missing = missing_reason(spec, d, ctx.lang)
    if missing:
        result.status, result.message = "insufficient_data", missing
        return result
    try:
        outcome = CHECKS[spec.id](d.device, settings.thresholds, env)
    except Exception as exc:  # a defect in one check must not stop the run; it is reported as such
        result.status = "error"
        result.message = text["reason.error_in_check"].format(message=f"{type(exc).__name__}: {exc}")
        return result
    cut = _cut_sources(spec, d)
    if cut and outcome.status in ("pass", "skipped"):  # never a pass built on missing rows (issue 20)
        result.status = "insufficient_data"
        result.message = "; ".join(text["reason.partial"].format(command=c, message=localize(m, ctx.lang) or "-")
                                   for c, m in cut)
        result.evidence = [e for e in outcome.evidence if e]
        return result
    return _dress(result, spec, outcome, ctx.lang)


def _cut_sources(spec: CheckSpec, d: DeviceResult) -> list[tuple[str, str | None]]:
    """(command, message) of the outputs feeding the check that parsed "partial" (cut short)."""
    commands = dict.fromkeys(command for key, command in d.device.sources.items()
                             if key in spec.facts or key.split(".")[0] in spec.facts)
    return [(c, d.commands[c].message) for c in commands if c in d.commands and d.commands[c].status == "partial"]


def _dress(result: CheckResult, spec: CheckSpec, outcome: Outcome, lang: str) -> CheckResult:
    result.status = outcome.status
    result.severity = outcome.severity if outcome.status == "fail" else "info"
    result.observed = outcome.observed
    result.evidence = [e for e in outcome.evidence if e]
    if outcome.key:
        values = {k: _localize(spec, v, lang, outcome.values) for k, v in outcome.values.items()}
        result.message = spec.message(outcome.key, lang, **values)
    else:
        result.message = labels(lang, "checks")["reason.no_data"].format(command=result.command or "-")
    if outcome.status == "fail":
        result.advice = spec.text("advice", lang)
    return result


def _localize(spec: CheckSpec, value: Any, lang: str, values: dict[str, Any]) -> Any:
    """Values written "@key" are message keys of the check, rendered in the run's language."""
    if isinstance(value, str) and value.startswith("@"):
        return spec.message(value[1:], lang, **values)
    if isinstance(value, list):
        return ", ".join(str(_localize(spec, v, lang, values)) for v in value)
    return value


def _command(spec: CheckSpec, d: DeviceResult) -> str | None:
    commands = [command for key, command in d.device.sources.items()
                if key in spec.facts or key.split(".")[0] in spec.facts]  # "peers.bgp": one protocol's source
    if commands:
        return ", ".join(dict.fromkeys(commands))
    feeding = _feeding_commands(spec, d)
    return ", ".join(feeding) if feeding else None


def _feeding_commands(spec: CheckSpec, d: DeviceResult) -> list[str]:
    platform = get_platform(d.device.identity.os or "") if d.device.identity.os else None
    if platform is None:
        return []
    return [c.command for c in platform.commands if set(c.facts) & set(spec.facts)]


def _fact_missing(spec: CheckSpec, d: DeviceResult) -> bool:
    device = d.device
    for group in spec.facts:
        if group == "identity":
            continue
        if group == "stack" and device.stack_configured is False:
            continue
        if group == "ha" and device.ha_configured is False:
            continue
        if getattr(device, group) is None:
            return True
    return False


def missing_reason(spec: CheckSpec, d: DeviceResult, lang: str) -> str | None:
    """Why the facts a check needs are absent, in words; None when they are present."""
    if spec.id == "health.uptime":
        return None  # the function itself explains a missing uptime
    if not _fact_missing(spec, d):
        return None
    text = labels(lang, "checks")
    if not d.device.identity.os:
        return text["reason.unknown_os"]
    if any(group in d.device.notes for group in spec.facts):
        return next(d.device.notes[g] for g in spec.facts if g in d.device.notes)
    feeding = _feeding_commands(spec, d)
    if not feeding:
        return text["reason.no_command"]
    reasons = []
    for command in feeding:
        outcome = d.commands.get(command)
        if outcome is None:
            continue
        if outcome.status in ("unsupported", "parse_error", "error", "missing", "partial"):
            message = localize(outcome.message, lang) if outcome.status == "partial" else outcome.message
            reasons.append(text[f"reason.{outcome.status}"].format(command=command, message=message or "-"))
        else:
            reasons.append(text["reason.no_data"].format(command=command))
    if reasons:
        return "; ".join(reasons)
    return text["reason.not_collected"].format(commands=", ".join(feeding))
