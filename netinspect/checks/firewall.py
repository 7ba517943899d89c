"""Firewall checks (issue 17, item 4): signature database currency and the security policy.

Registered in the health suite's check table (``checks.health.CHECKS``) when this module is imported
(``checks/health_suite.py`` imports it); catalog entries, thresholds and texts in data/checks/health.yaml.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from netinspect.checks.health import CheckEnv, Outcome, _joined, _say, check
from netinspect.core.model import Device, SignatureDb
from netinspect.normalize.firewall import permits_anything

_SIG = "health.signatures"


def _limit(db: SignatureDb, t: dict[str, Any]) -> int:
    return int(t["url_max_age_days"]) if db.kind == "url" else int(t["max_signature_age_days"])


def _values(db: SignatureDb, lang: str) -> dict[str, Any]:
    kind = _say(_SIG, f"kind_{db.kind}", lang) if f"kind_{db.kind}" in _kinds() else db.kind
    return {"kind": kind, "version": db.version or "-",
            "released": db.released.isoformat() if db.released else "-"}


def _kinds() -> set[str]:
    from netinspect.checks.catalog import load_catalog

    return {k for k in load_catalog("health")[_SIG].texts["messages"] if k.startswith("kind_")}


def signature_age(db: SignatureDb, today: date) -> int | None:
    """Days since the vendor released the database (its release date, else the day the device loaded it)."""
    day = db.released or db.updated
    return (today - day).days if day else None


@check(_SIG)
def signatures(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """An IPS / antivirus / URL / application database older than its limit fails (medium; high past
    high_age_days); a database without a release date, or with no version loaded, gives no verdict."""
    dbs = device.signatures or []
    if not dbs:
        return Outcome("insufficient_data", "empty")
    observed = {db.kind: {"version": db.version, "released": db.released.isoformat() if db.released else None}
                for db in dbs}
    old, unknown, fine = [], [], []
    for db in dbs:
        days = signature_age(db, env.today) if db.version else None
        values = _values(db, env.lang)
        if days is None:
            unknown.append(_say(_SIG, "item_undated" if db.version else "item_unloaded", env.lang, **values))
        elif days > _limit(db, t):
            old.append((days, db, _say(_SIG, "item_old", env.lang, days=days, limit=_limit(db, t), **values)))
        else:
            fine.append(_say(_SIG, "item", env.lang, **values))
    if old:
        severity = "high" if max(d for d, _, _ in old) > int(t["high_age_days"]) else "medium"
        return Outcome("fail", "fail", {"count": len(old), "items": _joined([x for _, _, x in old], env.lang)},
                       severity=severity, observed=observed,
                       evidence=[line for _, db, _ in old for line in db.evidence])
    if unknown:
        return Outcome("insufficient_data", "undated", {"items": _joined(unknown, env.lang)}, observed=observed,
                       evidence=[line for db in dbs for line in db.evidence])
    return Outcome("pass", "pass", {"count": len(fine), "items": _joined(fine, env.lang)}, observed=observed)


@check("health.security_policy")
def security_policy(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """Enabled permit rules that allow any source, any destination and any service fail (low)."""
    rules = device.security_rules or []
    if not rules:
        return Outcome("skipped", "empty")
    dialect = device.identity.os or ""
    broad = [r for r in rules if permits_anything(r, dialect)]
    observed = {"rules": len(rules), "enabled": sum(r.enabled for r in rules), "any_any_any": [r.name for r in broad]}
    if broad:
        return Outcome("fail", "fail", {"count": len(rules), "bad": len(broad),
                                        "items": _joined([r.name for r in broad], env.lang)},
                       severity="low", observed=observed, evidence=[line for r in broad for line in r.evidence][:20])
    return Outcome("pass", "pass", {"count": len(rules), "enabled": observed["enabled"]}, observed=observed)


@check("health.vpn_tunnels")
def vpn_tunnels(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """A configured IPsec policy with a fixed peer and no SA to it is down (medium); a policy whose peer
    address the configuration does not give is not judged."""
    tunnels = device.vpn_tunnels or []
    if not tunnels:
        return Outcome("skipped", "empty")
    observed = {x.name: ("up" if x.up else "down" if x.up is False else "unknown") for x in tunnels}
    down = [x for x in tunnels if x.up is False]
    if down:
        return Outcome("fail", "fail", {"count": len(tunnels), "bad": len(down),
                                        "items": _joined([f"{x.name} ({x.peer})" for x in down], env.lang)},
                       severity="medium", observed=observed, evidence=[e for x in down for e in x.evidence])
    unknown = [x for x in tunnels if x.up is None]
    if unknown:
        return Outcome("insufficient_data", "unknown", {"items": _joined([x.name for x in unknown], env.lang)},
                       observed=observed)
    return Outcome("pass", "pass", {"count": len(tunnels)}, observed=observed)
