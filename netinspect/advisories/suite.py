"""The version check suite: ``version.advisories`` and ``version.consistency`` (category "version").

Options read from ``ctx.options``: ``advisories`` (store path; else $NETINSPECT_ADVISORIES, else the
default store), ``baseline`` (recommended.yaml path), ``new_since`` (ISO date: advisories first
imported on/after it are flagged as new). When no store exists at all the suite adds nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

from netinspect.advisories.catalog import data, severity_for
from netinspect.advisories.exposure import exposure
from netinspect.advisories.match import Assessment, Finding, assess
from netinspect.advisories.recommend import Recommendation, load_baseline, recommend
from netinspect.advisories.store import Store, resolve_path
from netinspect.checks.context import AnalysisContext
from netinspect.core.i18n import labels
from netinspect.core.results import SEVERITY_RANK, CheckResult, DeviceResult


def _t(lang: str) -> dict[str, str]:
    return labels(lang, "common", "versions")


def reason_text(reason: dict[str, str], t: dict[str, str]) -> str:
    params = {k: v for k, v in reason.items() if k != "code"}
    return t[f"reason.{reason['code']}"].format(**params)


def product_line(evidence: list[str]) -> str | None:
    """The product line a VRP device prints beside its version: ``(S7700 V200R010C00SPC600)``."""
    for line in evidence:
        m = re.search(r"\(([^()]*?)\s+V\d{3}R\d{3}", line)
        if m:
            return m.group(1).strip()
    return None


def kev_severity(severity: str, kev: str | None) -> str:
    """A known exploited vulnerability is rated at least data/advisories/severity.yaml ``kev_minimum``."""
    if not kev:
        return severity
    return max(severity, data("severity")["kev_minimum"], key=SEVERITY_RANK.__getitem__)


def exposure_entry(f: Finding, os_id: str | None, config: str | None, t: dict[str, str],
                   lang: str) -> dict[str, Any]:
    """The advisory's exposure condition read on the device's configuration (exposure.yaml)."""
    state, cond, line = exposure(f.advisory, os_id, config)
    if cond is None:
        return {"exposure": None, "exposure_text": None, "exposure_evidence": None}
    feature = cond["feature"].get(lang) or cond["feature"]["en"]
    key = f"exposure.{state}" if f.certain else f"exposure.{state}_possibly"
    return {"exposure": state, "exposure_text": t.get(key, t[f"exposure.{state}"]).format(feature=feature),
            "exposure_evidence": line}


def advisory_entry(f: Finding, store: Store, t: dict[str, str], os_id: str | None = None,
                   config: str | None = None, lang: str = "en") -> dict[str, Any]:
    adv = f.advisory
    kev = adv.kev or store.kev(adv.cves)
    return {**exposure_entry(f, os_id, config, t, lang),
        "id": adv.id, "cves": list(adv.cves), "title": adv.title, "cvss": adv.cvss,
        "fixed_in": [str(v) for v in f.fixed_in], "url": adv.url, "kev": kev,
        "severity": kev_severity(severity_for(adv.cvss, adv.kind, adv.vendor_severity), kev), "kind": adv.kind,
        "cvss_vector": adv.cvss_vector,
        "certainty": "affected" if f.certain else "possibly_affected",
        "reasons": [reason_text(r, t) for r in f.reasons], "matched": f.matched,
        "via": [t["via.family"].format(**v) for v in f.via],
        "workaround": adv.workaround, "remediation": adv.remediation, "published": adv.published,
        "first_imported": store.first_imported(adv.id),
    }


def _severity(entries: list[dict[str, Any]]) -> str:
    return max((e["severity"] for e in entries), key=SEVERITY_RANK.__getitem__)


def _max_cvss(entries: list[dict[str, Any]]) -> float | None:
    scores = [e["cvss"] for e in entries if e["cvss"] is not None]
    return max(scores) if scores else None


NO_DATA = ("no_data_os", "no_data_model")


def _no_data(a: Assessment, baseline: dict[str, str], t: dict[str, str], base: dict[str, Any],
             version: str | None) -> CheckResult:
    """No advisory in the store names this model: "unknown", never "not affected"; the baseline still applies."""
    rec = recommend(a, baseline)
    approved = rec.version if rec.source == "baseline" else None
    extra = {"advisory_data": "none", "advisories_checked": 0, "version_train": a.version.train if a.version else None,
             "recommended_version": approved, "recommendation_source": "baseline" if approved else None}
    advice = None
    if approved and approved != version:
        advice = t["advice.upgrade"].format(version=approved, source=t["source.baseline"])
    return CheckResult(status="insufficient_data", severity="info", observed=version, extra=extra, advice=advice,
                       message=t["msg.no_data"].format(model=a.model or "?", os=a.os or "?"), **base)


def advisories_result(d: DeviceResult, store: Store, baseline: dict[str, str], lang: str,
                      new_since: str | None = None, fail_on_possibly: bool = False) -> CheckResult:
    """The device's verdict: "fail" at the worst severity of the advisories that certainly affect it
    (of the "possibly" ones too with ``fail_on_possibly``); "possibly" ones alone are not a failure:
    insufficient_data with the verdict "possibly" and the reasons."""
    t = _t(lang)
    ident = d.device.identity
    base = dict(check="version.advisories", category="version", title=t["check.advisories.title"],
                command=d.device.sources.get("identity"), expected=t["expected.advisories"],
                evidence=list(ident.evidence))
    missing = [name for name, value in (("os", ident.os), ("version", ident.version)) if not value]
    if missing:
        return CheckResult(status="insufficient_data", severity="info",
                           message=t["msg.identity_missing"].format(what=", ".join(missing)), **base)
    a: Assessment = assess(store, ident.os, ident.model, ident.version, ident.patch, product_line(ident.evidence))
    if a.problem and a.problem["code"] in NO_DATA:
        return _no_data(a, baseline, t, base, ident.version)
    if a.problem:
        reason = t[f"problem.{a.problem['code']}"].format(**{k: v for k, v in a.problem.items() if k != "code"})
        return CheckResult(status="insufficient_data", severity="info", observed=ident.version,
                           message=t["msg.problem"].format(reason=reason), **base)
    rec: Recommendation = recommend(a, baseline)
    config = d.device.running_config
    entries = sorted((advisory_entry(f, store, t, ident.os, config, lang) for f in a.findings),
                     key=lambda e: (e["certainty"] != "affected", not e["kev"], e["exposure"] == "none_found",
                                    -SEVERITY_RANK[e["severity"]], -(e["cvss"] or 0), e["id"]))
    extra: dict[str, Any] = {"version_train": a.version.train if a.version else None,
                             "advisories_checked": a.checked, "recommended_version": rec.version,
                             "recommendation_source": rec.source, "unfixed": rec.unfixed,
                             "possibly_open": rec.possibly, "kev": [e["id"] for e in entries if e["kev"]],
                             "verdict": _verdict(entries),
                             "exposure": {e["id"]: e["exposure"] for e in entries if e["exposure"]},
                             "possibly_affected": [{"id": e["id"], "reasons": e["reasons"]}
                                                   for e in entries if e["certainty"] != "affected"]}
    if new_since:
        extra["new_since"] = new_since
        extra["new_advisories"] = [e["id"] for e in entries if (e["first_imported"] or "") >= new_since]
    eos = [adv for adv in a.lifecycle if adv.end_of_support and adv.end_of_support <= _today()]
    if eos:
        extra["end_of_support"] = [{"id": adv.id, "date": adv.end_of_support} for adv in eos]
    if not entries and not eos:
        return CheckResult(status="pass", severity="info", observed=ident.version, extra=extra,
                           message=t["msg.clean"].format(checked=a.checked, version=ident.version), **base)
    messages, severities = [], []
    counted = [e for e in entries if fail_on_possibly or e["certainty"] == "affected"]
    if entries:
        cvss = _max_cvss(entries)
        if any(e["certainty"] == "affected" for e in entries):
            messages.append(t["msg.affected"].format(
                version=ident.version, count=len(entries), cvss=t["msg.unscored"] if cvss is None else cvss,
                possible=sum(e["certainty"] != "affected" for e in entries)))
        else:
            unique = list(dict.fromkeys(r for e in entries for r in e["reasons"]))
            reasons = t["list.sep"].join(unique[:3]) + (" …" if len(unique) > 3 else "")
            messages.append(t["msg.possibly_only"].format(version=ident.version, count=len(entries),
                                                          reasons=reasons or t["msg.possibly_reason"]))
        unexposed = [e["id"] for e in entries if e["certainty"] == "affected" and e["exposure"] == "none_found"]
        if unexposed:
            messages.append(t["msg.not_exposed"].format(ids=", ".join(unexposed)))
        if any(e["kev"] for e in entries):
            messages.append(t["msg.kev"].format(ids=", ".join(e["id"] for e in entries if e["kev"])))
    if counted:
        severities.append(_severity(counted))
    for adv in eos:
        messages.append(t["msg.eos"].format(date=adv.end_of_support, id=adv.id))
        severities.append(_eos_severity())
    advice = _advice(rec, t)
    if not severities:  # only "possibly affected": said, with the reasons, but not a failure
        return CheckResult(status="insufficient_data", severity="info", observed=ident.version,
                           message=t["list.sep"].join(messages), advice=advice, advisories=entries, extra=extra,
                           **base)
    return CheckResult(status="fail", severity=max(severities, key=SEVERITY_RANK.__getitem__),
                       observed=ident.version, message=t["list.sep"].join(messages), advice=advice,
                       advisories=entries, extra=extra, **base)


def _verdict(entries: list[dict[str, Any]]) -> str:
    """affected | possibly | not_affected: the device's rank."""
    if any(e["certainty"] == "affected" for e in entries):
        return "affected"
    return "possibly" if entries else "not_affected"


def _advice(rec: Recommendation, t: dict[str, str]) -> str | None:
    """Upgrade to the recommended version; advisories without a known fix and "possibly" ones beside it."""
    parts = []
    if rec.version:
        parts.append(t["advice.upgrade"].format(version=rec.version, source=t[f"source.{rec.source}"]))
    if rec.unfixed:
        parts.append(t["advice.no_fix"].format(ids=", ".join(rec.unfixed)))
    if rec.possibly:
        parts.append(t["advice.possibly"].format(ids=", ".join(rec.possibly)))
    return t["list.sep"].join(parts) or None


def _eos_severity() -> str:
    return data("severity")["end_of_support"]


def _today() -> str:
    return date.today().isoformat()


def consistency_results(devices: list[DeviceResult], lang: str) -> list[tuple[DeviceResult, CheckResult]]:
    t = _t(lang)
    groups: dict[str, list[DeviceResult]] = defaultdict(list)
    out = []
    base = dict(check="version.consistency", category="version", title=t["check.consistency.title"],
                expected=t["expected.consistency"])
    for d in devices:
        ident = d.device.identity
        if ident.model and ident.version:
            groups[ident.model].append(d)
        else:
            out.append((d, CheckResult(status="insufficient_data", severity="info", message=t["msg.no_model"], **base)))
    for model, members in groups.items():
        versions = sorted({f"{m.device.identity.version}" + (f" + {m.device.identity.patch}" if m.device.identity.patch else "")
                           for m in members})
        for d in members:
            observed = {m.name: m.device.identity.version for m in members}
            if len(members) == 1:
                r = CheckResult(status="skipped", severity="info", message=t["msg.single"].format(model=model), **base)
            elif len(versions) == 1:
                r = CheckResult(status="pass", severity="info", observed=observed, message=t["msg.consistent"].format(
                    model=model, count=len(members), version=versions[0]), **base)
            else:
                r = CheckResult(status="fail", severity="low", observed=observed, advice=t["advice.unify"],
                                message=t["msg.inconsistent"].format(model=model, versions=", ".join(versions)), **base)
            out.append((d, r))
    return out


def run(devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    """Add the version checks to every device; nothing when no advisory store exists."""
    path = resolve_path(ctx.options.get("advisories"))
    if not path.is_file():
        return
    baseline = load_baseline(ctx.options["baseline"]) if ctx.options.get("baseline") else {}
    new_since = ctx.options.get("new_since")
    with Store(path, create=False) as store:
        for d in devices:
            d.results.append(advisories_result(d, store, baseline, ctx.lang, new_since and str(new_since),
                                               bool(ctx.options.get("fail_on_possibly"))))


def run_fleet(devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    """The fleet-wide part, once over all devices: the same model should run the same version."""
    if not resolve_path(ctx.options.get("advisories")).is_file():
        return
    for d, result in consistency_results(devices, ctx.lang):
        d.results.append(result)
