"""Health checks: one small function per catalog id, over the normalized device model.

Each function receives the device (whose fact groups named in the catalog are known to be present),
the effective thresholds, and the check environment, and returns an :class:`Outcome`. Missing data,
role applicability and configuration switches are handled by the suite before a function is called.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import yaml

from netinspect.checks.logmatch import LogPattern, compile_pattern
from netinspect.core.i18n import labels
from netinspect.core.messages import localize
from netinspect.core.model import Device
from netinspect.core.paths import DATA_DIR
from netinspect.core.results import SEVERITY_RANK


@dataclass
class Outcome:
    """A check's verdict before it is dressed with catalog texts."""

    status: str  # pass | fail | skipped | insufficient_data
    key: str  # message key in the catalog entry's `messages`
    values: dict[str, Any] = field(default_factory=dict)
    severity: str = "info"
    observed: Any = None
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CheckEnv:
    lang: str
    today: date
    duration: Callable[[int], str]  # seconds -> "3d 4h" / "3天4小时"
    lifecycle: tuple[dict[str, Any], ...] = ()  # lifecycle entries (user's first, then data/lifecycle.yaml)


CheckFunc = Callable[[Device, dict[str, Any], CheckEnv], Outcome]
CHECKS: dict[str, CheckFunc] = {}


def check(check_id: str) -> Callable[[CheckFunc], CheckFunc]:
    def register(func: CheckFunc) -> CheckFunc:
        CHECKS[check_id] = func
        return func
    return register


def worst(severities: list[str]) -> str:
    return max(severities, key=SEVERITY_RANK.__getitem__) if severities else "info"


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _band(value: float, thresholds: dict[str, Any]) -> str | None:
    """The highest severity band `value` reaches (thresholds named by severity), else None."""
    reached = [sev for sev, limit in thresholds.items() if sev in SEVERITY_RANK and value >= float(limit)]
    return worst(reached) if reached else None


def _reading_text(r: Any, single: bool, lang: str) -> str:
    """'92%' for a device with one reading, 'slot 1: 92%' ('槽位 1：92%') where slots differ."""
    if single or not r.slot:
        return f"{_fmt(r.percent)}%"
    return labels(lang, "common")["reading.slot"].format(slot=r.slot, value=f"{_fmt(r.percent)}%")


def _utilisation(readings: list[Any], t: dict[str, Any], lang: str = "en") -> Outcome:
    if not readings:
        return Outcome("insufficient_data", "", values={"reason": "empty"})
    hits = [(r, _band(r.percent, t)) for r in readings]
    failed = [(r, sev) for r, sev in hits if sev]
    observed = {r.slot: r.percent for r in readings}
    top = max(r.percent for r in readings)
    if not failed:
        return Outcome("pass", "pass", {"max": _fmt(top)}, observed=observed)
    single = len({r.slot for r in readings}) == 1
    items = ", ".join(_reading_text(r, single, lang) for r, _ in failed)
    return Outcome("fail", "fail", {"items": items}, severity=worst([s for _, s in failed]), observed=observed,
                   evidence=[r.evidence for r, _ in failed if r.evidence])


_COLLECTION_SEVERITY = {"partial": "low", "unreachable": "high", "auth_failed": "high", "timeout": "high",
                        "error": "high"}


@check("health.collection")
def collection(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """A device that could not be inspected is a problem for whoever reads the results (cron, monitoring)."""
    if device.collection == "ok":
        return Outcome("pass", "pass", observed="ok")
    message = localize(device.collection_message, env.lang) or "-"
    return Outcome("fail", "fail", {"status": f"@{device.collection}", "message": message},
                   severity=_COLLECTION_SEVERITY.get(device.collection, "high"), observed=device.collection,
                   evidence=[device.collection_message] if device.collection_message else [])


@check("health.cpu")
def cpu(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    return _utilisation(device.cpu or [], t, env.lang)


@check("health.memory")
def memory(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    return _utilisation(device.memory or [], t, env.lang)


def _states(items: list[Any], label: Callable[[Any], str], severity: str = "high", lang: str = "en") -> Outcome:
    """Shared logic for fans, boards: any abnormal fails; any not understood gives no verdict."""
    if not items:
        return Outcome("skipped", "empty")
    bad = [i for i in items if i.normal is False]
    unknown = [i for i in items if i.normal is None]
    observed = {label(i): i.state for i in items}
    if bad:
        return Outcome("fail", "fail", {"items": ", ".join(f"{label(i)} ({_state(i.state, lang)})" for i in bad)},
                       severity=severity, observed=observed, evidence=[i.evidence for i in bad if i.evidence])
    if unknown:
        return Outcome("insufficient_data", "unknown",
                       {"items": ", ".join(f"{label(i)} ({_state(i.state, lang)})" for i in unknown)},
                       observed=observed,
                       evidence=[i.evidence for i in unknown if i.evidence])
    return Outcome("pass", "pass", {"count": len(items)}, observed=observed)


def _state(state: str, lang: str) -> str:
    """A state word that netinspect wrote itself ("present", "Sys Pwr Bad") in `lang`; device words stay."""
    return ", ".join(localize(part, lang) for part in str(state).split(", "))


def _say(check_id: str, key: str, lang: str, **values: Any) -> str:
    """One text of a check's catalog entry (data/checks/health.yaml `messages`) in `lang`."""
    from netinspect.checks.catalog import load_catalog

    return load_catalog("health")[check_id].message(key, lang, **values)


def _slot_name(item: Any) -> str:
    name = getattr(item, "name", None) or ""
    return f"{item.slot}/{name}" if item.slot and name and name != item.slot else (name or str(item.slot))


@check("health.fan")
def fan(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    return _states(device.fans or [], _slot_name, lang=env.lang)


@check("health.device")
def boards(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    return _states(device.boards or [], lambda b: f"{b.slot}" + (f" {b.type}" if b.type else ""), lang=env.lang)


@check("health.power")
def power(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    supplies = device.power or []
    installed = [p for p in supplies if p.present]
    absent = [_slot_name(p) for p in supplies if not p.present]
    outcome = _states(installed, _slot_name, lang=env.lang)
    if outcome.status == "pass":
        outcome.values["absent_note"] = ""
        if absent:
            outcome.values["absent"] = ", ".join(absent)
            outcome.values["absent_note"] = "@absent_note"  # filled by the suite in the run's language
    if outcome.status == "skipped" and absent:
        return Outcome("skipped", "empty", observed={a: "absent" for a in absent})
    return outcome


@check("health.temperature")
def temperature(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    sensors = device.temperatures or []
    if not sensors:
        return Outcome("skipped", "empty")
    failed: list[tuple[Any, str, str]] = []
    for s in sensors:
        if s.celsius is not None and s.alarm_limit is not None and s.celsius >= s.alarm_limit:
            failed.append((s, "critical", f"{_slot_name(s)} {_fmt(s.celsius)}°C >= {_fmt(s.alarm_limit)}°C"))
        elif s.celsius is not None and s.warning_limit is not None and s.celsius >= s.warning_limit:
            failed.append((s, "high", f"{_slot_name(s)} {_fmt(s.celsius)}°C >= {_fmt(s.warning_limit)}°C"))
        elif s.normal is False:
            failed.append((s, "high", f"{_slot_name(s)} ({_state(s.state, env.lang)})"))
    observed = {_slot_name(s): s.celsius for s in sensors}
    if failed:
        return Outcome("fail", "fail", {"items": ", ".join(text for _, _, text in failed)},
                       severity=worst([sev for _, sev, _ in failed]), observed=observed,
                       evidence=[s.evidence for s, _, _ in failed if s.evidence])
    readable = [s for s in sensors if s.celsius is not None or s.normal is not None]
    if not readable:
        return Outcome("insufficient_data", "unknown", {"items": ", ".join(_slot_name(s) for s in sensors)})
    values = [s.celsius for s in sensors if s.celsius is not None]
    if values:
        return Outcome("pass", "pass", {"count": len(sensors), "max": _fmt(max(values))}, observed=observed)
    return Outcome("pass", "pass_no_value", {"count": len(sensors)}, observed=observed)


@check("health.uptime")
def uptime(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    seconds = device.identity.uptime_seconds
    if seconds is None:
        return Outcome("insufficient_data", "")
    text = env.duration(seconds)
    evidence = [e for e in device.identity.evidence if "uptime" in e.lower() or "up " in e.lower()]
    if seconds < float(t["min_hours"]) * 3600:
        return Outcome("fail", "fail", {"uptime": text}, severity="medium", observed=seconds, evidence=evidence)
    return Outcome("pass", "pass", {"uptime": text}, observed=seconds)


@cache
def log_patterns() -> tuple[dict[str, tuple[str, LogPattern]], LogPattern, int, LogPattern]:
    """data/checks/log_patterns.yaml: {name: (severity, pattern)}, link_down, flap_count, benign."""
    data = yaml.safe_load((DATA_DIR / "checks" / "log_patterns.yaml").read_text(encoding="utf-8"))
    patterns = {p["name"]: (p["severity"], compile_pattern(p["any"])) for p in data["patterns"]}
    return (patterns, compile_pattern(data["link_down"]), int(data["flap_count"]),
            compile_pattern(data["benign"]))


def _log_severity(entry_severity: int | None, pattern_severity: str | None) -> str | None:
    by_level = None
    if entry_severity is not None and entry_severity <= 2:
        by_level = "high"
    elif entry_severity == 3:
        by_level = "medium"
    found = [s for s in (by_level, pattern_severity) if s]
    return worst(found) if found else None


def _repeats(entries: list[Any]) -> dict[tuple[str, int | None], list[Any]]:
    """Entries grouped by message (the text without its timestamp) and level, in order of first sight:
    a message repeated 40,000 times is judged once and reported once with its count."""
    groups: dict[tuple[str, int | None], list[Any]] = {}
    for entry in entries:
        text = entry.text.replace(entry.timestamp, "", 1) if entry.timestamp else entry.text
        groups.setdefault((text, entry.severity), []).append(entry)
    return groups


@check("health.logs")
def logs(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    entries = device.logs or []
    if not entries:
        return Outcome("pass", "empty")
    patterns, link_down, flap_count, benign = log_patterns()
    groups = _repeats(entries)
    downs: Counter[str] = Counter()
    for (text, _), same in groups.items():
        if m := link_down.search(text):
            downs[m.group("interface")] += len(same)
    flapping = {name for name, count in downs.items() if count >= flap_count}
    hits: list[tuple[str, str, int]] = []  # (severity, first entry's text, how many times)
    for (text, level), same in groups.items():
        pattern_sev = next((sev for sev, rx in patterns.values() if rx.search(text)), None)
        m = link_down.search(text)
        if m and m.group("interface") in flapping:
            pattern_sev = worst([pattern_sev or "medium", "medium"])
        severity = _log_severity(None if benign.search(text) else level, pattern_sev)
        if severity:
            hits.append((severity, same[0].text, len(same)))
    if not hits:
        return Outcome("pass", "pass", {"count": len(entries)}, observed={"entries": len(entries)})
    worst_sev = worst([s for s, _, _ in hits])
    worst_level = min((e.severity for e in entries if e.severity is not None), default=None)
    count = sum(n for _, _, n in hits)
    return Outcome("fail", "fail", {"count": count, "worst": worst_level if worst_level is not None else "-"},
                   severity=worst_sev, observed={"entries": len(entries), "problems": count,
                                                 "distinct": len(hits), "flapping": sorted(flapping)},
                   evidence=[text if n == 1 else f"{text} (×{n})" for _, text, n in hits[:30]])


_MAJOR_ALARMS = {"critical", "major", "emergency", "alert"}


@check("health.alarms")
def alarms(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    active = device.alarms or []
    major = [a for a in active if a.level.lower() in _MAJOR_ALARMS]
    observed = dict(Counter(a.level.lower() for a in active))
    if major:
        items = "; ".join(a.text for a in major[:5])
        return Outcome("fail", "fail", {"count": len(major), "items": items}, severity="high", observed=observed,
                       evidence=[a.evidence or a.text for a in major])
    return Outcome("pass", "pass", {"count": len(active)}, observed=observed)


def _interface_problems(iface: Any, min_errors: int) -> list[tuple[str, dict[str, Any]]]:
    """Problem keys (health.interfaces `messages`) with their values."""
    problems: list[tuple[str, dict[str, Any]]] = []
    if iface.err_disabled:
        problems.append(("err_disabled", {}))
    if iface.crc_errors is not None and iface.crc_errors >= min_errors:
        problems.append(("crc", {"n": iface.crc_errors}))
    if iface.input_errors is not None and iface.input_errors >= min_errors:
        problems.append(("input_errors", {"n": iface.input_errors}))
    if (iface.duplex or "").lower().startswith("half") and (iface.link or "").lower() == "up":
        problems.append(("half_duplex", {}))
    return problems


@check("health.interfaces")
def interfaces(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    ifaces = device.interfaces or []
    if not ifaces:
        return Outcome("skipped", "empty")
    min_errors = int(t["min_errors"])
    found = [(i, p) for i in ifaces if (p := _interface_problems(i, min_errors))]
    if not found:
        return Outcome("pass", "pass", {"count": len(ifaces)}, observed={"interfaces": len(ifaces)})
    def text(lang: str, problems: list[tuple[str, dict[str, Any]]]) -> str:
        return "; ".join(_say("health.interfaces", key, lang, **values) for key, values in problems)

    items = ", ".join(f"{i.name} ({text(env.lang, p)})" for i, p in found[:10])
    if len(found) > 10:
        items += f", … (+{len(found) - 10})"
    return Outcome("fail", "fail", {"count": len(found), "items": items}, severity="medium",
                   observed={i.name: text("en", p).split("; ") for i, p in found},
                   evidence=[line for i, _ in found for line in i.evidence][:40])


_OPTIC_UNITS = {"rx_power": " dBm", "tx_power": " dBm", "temperature": "°C", "voltage": " V", "bias": " mA"}
_OPTIC_SIDES = (("low", min, lambda v, limit: v < limit), ("high", max, lambda v, limit: v > limit))


@cache
def _optic_defaults() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "checks" / "optics.yaml").read_text(encoding="utf-8")) or {}


def _optic_limits(module: Any, metric: str) -> dict[str, float | None]:
    """The module's own thresholds for `metric`, else the type defaults of data/checks/optics.yaml."""
    printed = module.metrics[metric]
    own = {k: getattr(printed, k) for k in ("high_alarm", "low_alarm", "high_warn", "low_warn")}
    if any(v is not None for v in own.values()):
        return own
    data = _optic_defaults()
    if metric in data.get("metrics", {}):
        return {**own, **data["metrics"][metric]}
    for entry in data.get("types", []):
        if module.type and metric in entry and re.search(entry["match"], module.type, re.I):
            return {**own, **entry[metric]}
    return own


def _port_key(name: str) -> tuple[str, str]:
    """'TenGigabitEthernet1/1/1' and 'Te1/1/1' -> ('te', '1/1/1'): one port however it is abbreviated."""
    match = re.match(r"([A-Za-z-]*)\s*([\d/.:]+)$", name.strip())
    return (match.group(1)[:2].lower(), match.group(2)) if match else (name.lower(), "")


def _optic_findings(module: Any, t: dict[str, Any], down: set[tuple[str, str]]) -> list[tuple[str, str, dict[str, Any]]]:
    """(severity, message key, values) for each problem of one module."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    margin = float(t["margin_db"])
    for metric, reading in module.metrics.items():
        if not reading.values:
            continue
        limits, unit = _optic_limits(module, metric), _OPTIC_UNITS.get(metric, "")
        base = {"port": module.interface, "metric": f"@metric.{metric}", "unit": unit}
        if metric == "rx_power" and min(reading.values) <= float(t["no_light_dbm"]):
            if _port_key(module.interface) not in down:
                found.append(("high", "no_light", {**base, "value": _fmt(min(reading.values))}))
            continue
        found += _optic_metric_findings(reading.values, limits, base, margin if "power" in metric else None)
    return found


def _optic_metric_findings(values: list[float], limits: dict[str, float | None], base: dict[str, Any],
                           margin: float | None) -> list[tuple[str, str, dict[str, Any]]]:
    for side, pick, beyond in _OPTIC_SIDES:
        value = pick(values)
        alarm, warn = limits.get(f"{side}_alarm"), limits.get(f"{side}_warn")
        if alarm is not None and beyond(value, alarm):
            return [("high", "past", {**base, "value": _fmt(value), "limit": _fmt(alarm)})]
        if margin is not None and alarm is not None and abs(value - alarm) < margin:
            return [("medium", "near", {**base, "value": _fmt(value), "limit": _fmt(alarm),
                                        "gap": _fmt(round(abs(value - alarm), 2))})]
        if warn is not None and beyond(value, warn):
            return [("medium", "warn", {**base, "value": _fmt(value), "limit": _fmt(warn)})]
    return []


@check("health.optics")
def optics(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """Each module against its own thresholds (type defaults where it prints none); a module near an alarm
    threshold is a warning (medium), past it a failure (high); a third-party module is reported (low)."""
    modules = device.optics or []
    if not modules:
        return Outcome("skipped", "empty")
    down = {_port_key(i.name) for i in device.interfaces or [] if i.link and i.link != "up"}
    problems: list[tuple[Any, str, str, dict[str, Any]]] = []
    for module in modules:
        problems += [(module, sev, key, values) for sev, key, values in _optic_findings(module, t, down)]
        if module.certified is False:
            problems.append((module, "low", "third_party", {"port": module.interface, "vendor": module.vendor or "?"}))
    if not problems:
        return Outcome("pass", "pass", {"count": len(modules)}, observed={"modules": len(modules)})
    ranked = sorted(problems, key=lambda p: -SEVERITY_RANK[p[1]])
    texts = [_optic_text(key, values, env.lang) for _, _, key, values in ranked]
    items = ("；" if env.lang == "zh" else "; ").join(texts[:10]) + (f" … (+{len(texts) - 10})" if len(texts) > 10 else "")
    return Outcome("fail", "fail", {"count": len({id(p[0]) for p in problems}), "items": items},
                   severity=worst([p[1] for p in problems]),
                   observed={p[0].interface: _optic_text(p[2], p[3], "en") for p in ranked},
                   evidence=[line for m in {id(p[0]): p[0] for p in ranked}.values() for line in m.evidence][:40])


def _optic_text(key: str, values: dict[str, Any], lang: str) -> str:
    shown = {k: _say("health.optics", v[1:], lang) if isinstance(v, str) and v.startswith("@") else v
             for k, v in values.items()}
    return _say("health.optics", key, lang, **shown)


_PROTOCOL_NAMES = {"ospf": "OSPF", "isis": "IS-IS", "bgp": "BGP", "vrrp": "VRRP", "hsrp": "HSRP"}


@cache
def _peer_states() -> dict[str, list[str]]:
    words = yaml.safe_load((DATA_DIR / "state_words.yaml").read_text(encoding="utf-8"))["health_peer_states"]
    return {k: [str(w).lower() for w in v] for k, v in words.items()}


def _peer_finding(peer: Any, t: dict[str, Any], env: CheckEnv) -> tuple[str, str, dict[str, Any]] | None:
    """(severity, message key, values) for a neighbour or peer that is not as it should be, else None."""
    word = peer.state.strip().lower()
    if word in _peer_states()["ignored"]:
        return None  # administratively shut down: a choice, not a fault
    values = {"protocol": _PROTOCOL_NAMES.get(peer.protocol, peer.protocol), "peer": peer.peer,
              "state": peer.state,
              "where": _say("health.routing_peers", "where", env.lang, interface=peer.interface) if peer.interface else ""}
    normal = word.split("/")[0] in _peer_states()["normal"]
    if not normal:
        return ("high", "down", values) if peer.up is False else ("medium", "unknown", values)
    if peer.up_seconds is not None and peer.up_seconds < float(t["min_up_hours"]) * 3600:
        return "medium", "flapping", {**values, "age": env.duration(peer.up_seconds)}
    return None


@check("health.routing_peers")
def routing_peers(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """OSPF/IS-IS neighbours and BGP peers not up (high); up for less than min_up_hours (medium)."""
    peers = device.peers or []
    if not peers:
        return Outcome("skipped", "empty")
    found = [(p, f) for p in peers if (f := _peer_finding(p, t, env))]
    if not found:
        return Outcome("pass", "pass", {"count": len(peers)}, observed={"peers": len(peers)})
    texts = [_say("health.routing_peers", key, env.lang, **values) for _, (_, key, values) in found]
    return Outcome("fail", "fail", {"count": len(found), "items": _joined(texts, env.lang)},
                   severity=worst([sev for _, (sev, _, _) in found]),
                   observed={f"{p.protocol} {p.peer}": p.state for p, _ in found},
                   evidence=[p.evidence for p, _ in found if p.evidence][:40])


def _joined(texts: list[str], lang: str, limit: int = 10) -> str:
    shown = ("；" if lang == "zh" else "; ").join(texts[:limit])
    return shown + (f" … (+{len(texts) - limit})" if len(texts) > limit else "")


_VRRP_NORMAL = {"master", "backup", "active", "standby"}


@check("health.vrrp")
def vrrp(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """A VRRP/HSRP group on this device in neither the master nor the backup role (init, listen...)."""
    groups = device.redundancy or []
    if not groups:
        return Outcome("skipped", "empty")
    bad = [g for g in groups if g.state not in _VRRP_NORMAL]
    if not bad:
        return Outcome("pass", "pass", {"count": len(groups)}, observed={f"{g.interface}/{g.group}": g.state for g in groups})
    texts = [_say("health.vrrp", "bad_state", env.lang, protocol=_PROTOCOL_NAMES.get(g.protocol, g.protocol),
                  group=g.group, interface=g.interface, state=g.state) for g in bad]
    return Outcome("fail", "fail", {"count": len(bad), "items": _joined(texts, env.lang)}, severity="medium",
                   observed={f"{g.interface}/{g.group}": g.state for g in bad},
                   evidence=[g.evidence for g in bad if g.evidence])


@check("health.vrrp_fleet")
def vrrp_fleet(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """Judged over the fleet by :func:`vrrp_fleet_findings`; never run per device."""
    return Outcome("skipped", "")


def vrrp_fleet_findings(groups: list[tuple[str, Any]], lang: str) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(device, severity, message key, values) per device for each group (protocol, group, virtual address)
    with two or more masters, or none, across the devices that report it. `groups`: (device, group)."""
    by_group: dict[tuple[str, str, str], list[tuple[str, Any]]] = {}
    for name, g in groups:
        by_group.setdefault((g.protocol, g.group, g.virtual_ip or "-"), []).append((name, g))
    found = []
    for (protocol, group, vip), members in sorted(by_group.items()):
        masters = sorted({name for name, g in members if g.state in ("master", "active")})
        devices = sorted({name for name, _ in members})
        values = {"protocol": _PROTOCOL_NAMES.get(protocol, protocol), "group": group, "vip": vip}
        if len(masters) > 1:
            found += [(name, "high", "two_masters", {**values, "count": len(masters), "devices": ", ".join(masters)})
                      for name in masters]
        elif not masters and len(devices) > 1 and all(g.state in _VRRP_NORMAL for _, g in members):
            found += [(name, "high", "no_master", {**values, "devices": ", ".join(devices)}) for name in devices]
    return found


@check("health.aaa")
def aaa(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """A dead or blocked AAA server is a failure (high): logins and access authentication depend on it."""
    servers = device.aaa_servers or []
    if not servers:
        return Outcome("skipped", "empty")
    observed = {f"{s.protocol} {s.host}" + (f" {s.role}" if s.role else ""): s.state or "?" for s in servers}
    dead = [s for s in servers if s.alive is False]
    if dead:
        items = ", ".join(f"{s.protocol.upper()} {s.host} ({s.state})" for s in dead)
        return Outcome("fail", "fail", {"count": len(dead), "items": items}, severity="high", observed=observed,
                       evidence=[s.evidence for s in dead if s.evidence])
    silent = [s for s in servers if s.alive is None and not s.state]  # configured, the device prints no state
    unknown = [s for s in servers if s.alive is None and s.state]
    if unknown:
        return Outcome("insufficient_data", "unknown", {"items": ", ".join(f"{s.host} ({s.state})" for s in unknown)},
                       observed=observed)
    if silent:
        items = ", ".join(f"{s.protocol.upper()} {s.host}" + (f" ({s.role})" if s.role else "") for s in silent)
        return Outcome("insufficient_data", "no_state", {"alive": len(servers) - len(silent), "count": len(silent),
                                                          "items": items}, observed=observed)
    return Outcome("pass", "pass", {"count": len(servers)}, observed=observed)


def _lifecycle_entry(part: str, entries: tuple[dict[str, Any], ...]) -> dict[str, Any] | None:
    return next((e for e in entries if re.search(str(e["match"]), part)), None)


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


@check("lifecycle.support")
def lifecycle_support(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """The model and each board or module type against its end of support: ended (high), within
    warn_months (medium); parts without an entry are named as not evaluated."""
    parts = list(dict.fromkeys(p for p in [device.identity.model] + [b.type for b in device.boards or []] if p))
    if not parts:
        return Outcome("insufficient_data", "unknown", {"items": "-"})
    limit = _months_later(env.today, int(t["warn_months"]))
    found, known, unknown = [], [], []
    for part in parts:
        entry = _lifecycle_entry(part, env.lifecycle)
        if entry is None:
            unknown.append(part)
            continue
        known.append(part)
        end = entry["end_of_support"]
        values = {"part": part, "date": end.isoformat(), "source": entry.get("source", "-"),
                  "days": (end - env.today).days}
        if end <= env.today:
            found.append(("high", "ended", values))
        elif end <= limit:
            found.append(("medium", "soon", values))
    if found:
        texts = [_say("lifecycle.support", key, env.lang, **values) for _, key, values in found]
        return Outcome("fail", "fail", {"items": _joined(texts, env.lang)}, severity=worst([f[0] for f in found]),
                       observed={v["part"]: v["date"] for _, _, v in found})
    if not known:
        return Outcome("skipped", "unknown", {"items": ", ".join(unknown)})
    return Outcome("pass", "pass", {"items": ", ".join(known), "months": t["warn_months"]},
                   observed={"evaluated": known, "not_evaluated": unknown})


@check("health.stp")
def stp(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """A topology change within tc_window_hours (medium): a flapping link or a loop in the making."""
    instances = device.stp or []
    if not instances:
        return Outcome("skipped", "empty")
    window = float(t["tc_window_hours"]) * 3600
    recent = [i for i in instances if i.topology_changes and i.last_change_seconds is not None
              and i.last_change_seconds < window]
    if not recent:
        return Outcome("pass", "pass", {"count": len(instances)},
                       observed={i.instance: i.topology_changes for i in instances})
    texts = [_say("health.stp", "item", env.lang, instance=i.instance, changes=i.topology_changes,
                  ago=env.duration(i.last_change_seconds or 0)) for i in recent]
    return Outcome("fail", "fail", {"count": len(recent), "items": _joined(texts, env.lang)}, severity="medium",
                   observed={i.instance: i.last_change_seconds for i in recent},
                   evidence=[line for i in recent for line in i.evidence][:40])


@check("health.stp_fleet")
def stp_fleet(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """Judged over the fleet by :func:`stp_fleet_findings`; never run per device."""
    return Outcome("skipped", "")


def _stp_key(instance: str, numbered: str = "MST") -> str:
    """'VLAN0100' -> 'VLAN 100', 'MST0' -> 'MST 0'; a bare number is an MST instance on VRP/Comware and a
    VLAN (PVST) on Cisco (`numbered`), so that both vendors' names meet."""
    match = re.fullmatch(r"(VLAN|MST)?0*(\d+)", instance.strip(), re.I)
    if not match:
        return instance
    return f"{(match.group(1) or numbered).upper()} {int(match.group(2))}"


def _root_text(priority: Any, mac: str) -> str:
    """A root bridge as 'priority/aabb.ccdd.eeff' whatever MAC notation the device used."""
    digits = re.sub(r"[^0-9a-fA-F]", "", mac).lower()
    return f"{int(priority)}/{digits[0:4]}.{digits[4:8]}.{digits[8:12]}"


def stp_roots_of(device: Device) -> list[tuple[str, str]]:
    """(instance, root) pairs: from show spanning-tree detail (Device.stp) or the change snapshot's
    readers (Device.stp_roots: display stp, show spanning-tree)."""
    pairs = [(_stp_key(i.instance), _root_text(i.root_priority, i.root_address)) for i in device.stp or []
             if i.root_address and i.root_priority is not None]
    seen = {k for k, _ in pairs}
    numbered = "VLAN" if device.identity.vendor == "cisco" else "MST"
    for r in getattr(device, "stp_roots", None) or []:
        priority, _, mac = r.bridge.partition(".")
        if priority.isdigit() and mac and _stp_key(r.instance, numbered) not in seen:
            pairs.append((_stp_key(r.instance, numbered), _root_text(priority, mac)))
    return pairs


def stp_fleet_findings(devices: list[tuple[str, Any]]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """device -> [(message key, values)] for each instance whose root differs between devices.
    `devices`: (name, Device)."""
    by_instance: dict[str, dict[str, list[str]]] = {}
    for name, device in devices:
        for instance, root in stp_roots_of(device):
            by_instance.setdefault(instance, {}).setdefault(root, []).append(name)
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for instance, roots in sorted(by_instance.items()):
        if len(roots) < 2:
            continue
        text = "; ".join(f"{root} ({', '.join(sorted(names))})" for root, names in sorted(roots.items()))
        for names in roots.values():
            for name in names:
                found.setdefault(name, []).append(("differ", {"instance": instance, "roots": text}))
    return found


@check("health.tables")
def tables(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """Each table with a printed capacity against the bands; a table without one is not judged."""
    sized = [x for x in device.tables or [] if x.capacity]
    if not sized:
        return Outcome("skipped", "empty")
    rows = [(x, 100.0 * x.used / x.capacity) for x in sized]
    texts = [_say("health.tables", "item", env.lang, table=x.table.upper(), used=x.used, capacity=x.capacity,
                  percent=_fmt(round(p, 1))) for x, p in rows]
    bands = [(b, x) for x, p in rows if (b := _band(p, t))]
    observed = {x.table: {"used": x.used, "capacity": x.capacity} for x in sized}
    if not bands:
        return Outcome("pass", "pass", {"items": _joined(texts, env.lang)}, observed=observed)
    bad = [text for (x, p), text in zip(rows, texts) if _band(p, t)]
    return Outcome("fail", "fail", {"items": _joined(bad, env.lang)}, severity=worst([b for b, _ in bands]),
                   observed=observed, evidence=[x.evidence for _, x in bands if x.evidence])


@check("health.ntp")
def ntp(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    state = device.ntp
    assert state is not None
    observed = {"synchronized": state.synchronized, "stratum": state.stratum, "reference": state.reference}
    if not state.synchronized:
        return Outcome("fail", "fail", severity="medium", observed=observed, evidence=state.evidence)
    return Outcome("pass", "pass", {"stratum": state.stratum if state.stratum is not None else "-",
                                    "reference": state.reference or "-"}, observed=observed)


@check("health.stack")
def stack(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    state = device.stack
    if state is None:
        return Outcome("skipped", "standalone")
    problems = []
    if state.split:
        problems.append("@split")
    if state.expected_members and len(state.members) < state.expected_members:
        problems.append("@missing")
    bad = [m for m in state.members if m.normal is False]
    problems += [f"{m.member_id} ({m.state})" for m in bad]
    observed = {m.member_id: m.state for m in state.members}
    values = {"expected": state.expected_members, "present": len(state.members), "count": len(state.members)}
    if problems:
        return Outcome("fail", "fail", {**values, "items": problems}, severity="high", observed=observed,
                       evidence=state.evidence + [m.evidence for m in bad if m.evidence])
    unknown = [m for m in state.members if m.normal is None]
    if unknown:
        return Outcome("insufficient_data", "fail", {**values, "items": [f"{m.member_id} ({m.state})"
                                                                          for m in unknown]}, observed=observed)
    return Outcome("pass", "pass", values, observed=observed)


@check("health.config_saved")
def config_saved(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    state = device.config
    assert state is not None
    if state.saved is None:
        return Outcome("insufficient_data", "")
    if state.saved:
        return Outcome("pass", "pass", observed=True)
    return Outcome("fail", "fail", {"detail": localize(state.detail, env.lang) or "-"}, severity="medium", observed=False,
                   evidence=state.evidence)


@check("health.storage")
def storage(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    media = [m for m in device.storage or [] if m.total_kb > 0]
    if not media:
        return Outcome("skipped", "empty")
    observed = {m.name: round(m.used_percent, 1) for m in media}
    full = [m for m in media if m.used_percent >= float(t["medium"])]
    if full:
        items = ", ".join(f"{m.name} {_fmt(round(m.used_percent, 1))}%" for m in full)
        return Outcome("fail", "fail", {"items": items}, severity="medium", observed=observed,
                       evidence=[m.evidence for m in full if m.evidence])
    return Outcome("pass", "pass", {"max": _fmt(round(max(m.used_percent for m in media), 1))}, observed=observed)


@check("health.license")
def license_(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    licenses = device.licenses or []
    if not licenses:
        return Outcome("skipped", "empty")
    problems: list[tuple[str, str, str]] = []
    for lic in licenses:
        if lic.permanent or lic.expires is None:
            continue
        days = (lic.expires - env.today).days
        if days < 0:
            problems.append(("high", _say("health.license", "expired", env.lang, name=lic.name,
                                          date=lic.expires.isoformat()), lic.evidence))
        elif days <= int(t["warn_days"]):
            problems.append(("low", _say("health.license", "expires", env.lang, name=lic.name,
                                         date=lic.expires.isoformat(), days=days), lic.evidence))
    observed = {lic.name: (lic.expires.isoformat() if lic.expires else "permanent" if lic.permanent else lic.state)
                for lic in licenses}
    if problems:
        return Outcome("fail", "fail", {"items": ", ".join(p for _, p, _ in problems)},
                       severity=worst([s for s, _, _ in problems]), observed=observed,
                       evidence=[e for _, _, e in problems if e])
    return Outcome("pass", "pass", {"count": len(licenses)}, observed=observed)


@check("health.ha")
def ha(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    state = device.ha
    if state is None:
        return Outcome("skipped", "not_configured")
    values = {"role": state.role or "-", "state": state.state}
    observed = {"role": state.role, "state": state.state, "peer_state": state.peer_state}
    if state.normal is False:
        return Outcome("fail", "fail", values, severity="high", observed=observed, evidence=state.evidence)
    if state.normal is None:
        return Outcome("insufficient_data", "fail", values, observed=observed, evidence=state.evidence)
    return Outcome("pass", "pass", values, observed=observed)


@check("health.sessions")
def sessions(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    usage = device.sessions
    assert usage is not None
    percent = usage.percent
    values = {"current": usage.current, "maximum": usage.maximum}
    if percent is None:
        return Outcome("insufficient_data", "no_maximum", values, observed=values, evidence=usage.evidence)
    values["percent"] = _fmt(round(percent, 1))
    observed = {**values, "percent": round(percent, 1)}
    if percent >= float(t["medium"]):
        return Outcome("fail", "fail", values, severity="medium", observed=observed, evidence=usage.evidence)
    return Outcome("pass", "pass", values, observed=observed)


@check("health.wlan_aps")
def wlan_aps(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    aps = device.access_points or []
    if not aps:
        return Outcome("pass", "empty")
    bad = [a for a in aps if a.normal is not True]
    observed = dict(Counter(a.state for a in aps))
    if bad:
        items = ", ".join(f"{a.name} ({_state(a.state, env.lang)})" for a in bad[:20])
        return Outcome("fail", "fail", {"bad": len(bad), "count": len(aps), "items": items}, severity="medium",
                       observed=observed, evidence=[a.evidence for a in bad if a.evidence])
    return Outcome("pass", "pass", {"count": len(aps)}, observed=observed)


@check("health.wlan_clients")
def wlan_clients(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """APs serving more clients than the threshold (data): crowded radios, slow service for everyone on them."""
    counts = device.ap_clients or {}
    if not counts:
        return Outcome("pass", "empty")
    limit = int(t["max_clients_per_ap"])
    over = sorted(((n, ap) for ap, n in counts.items() if n > limit), reverse=True)
    values = {"aps": len(counts), "clients": sum(counts.values()), "max": max(counts.values()), "limit": limit}
    observed = {k: values[k] for k in ("aps", "clients", "max")}
    if over:
        items = ", ".join(f"{ap} ({n})" for n, ap in over[:20])
        return Outcome("fail", "fail", {"count": len(over), "limit": limit, "items": items}, severity="medium",
                       observed=observed, evidence=[f"{ap}: {n}" for n, ap in over])
    return Outcome("pass", "pass", values, observed=observed)


def _radio_observed(r: Any) -> str:
    power = f" {r.tx_power_dbm:g} dBm" if r.tx_power_dbm is not None else ""
    return f"{r.oper} ch {r.channel or '-'}{power}"


@check("health.wlan_radios")
def wlan_radios(device: Device, t: dict[str, Any], env: CheckEnv) -> Outcome:
    """An enabled radio that is down serves nobody; the channel and power of every radio are in the report."""
    radios = device.radios or []
    if not radios:
        return Outcome("pass", "empty")
    observed = {f"{r.ap} {r.band}": _radio_observed(r) for r in radios}
    down = [r for r in radios if r.admin.lower() == "enabled" and r.up is False]
    if down:
        items = ", ".join(f"{r.ap} {r.band} ({r.oper})" for r in down[:20])
        return Outcome("fail", "fail", {"count": len(down), "items": items}, severity="medium", observed=observed,
                       evidence=[r.evidence for r in down if r.evidence])
    unknown = [r for r in radios if r.admin.lower() == "enabled" and r.up is None]
    if unknown:
        items = ", ".join(f"{r.ap} {r.band} ({r.oper})" for r in unknown)
        return Outcome("insufficient_data", "unknown", {"items": items}, observed=observed)
    return Outcome("pass", "pass", {"count": len(radios), "aps": len({r.ap for r in radios})}, observed=observed)
