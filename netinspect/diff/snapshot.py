"""A device's comparable state: facts keyed by aspect and item, from the device model and its results.

Read from a run bundle or session logs (every fact group the snapshot commands feed), or from a
results.json (identity and problems only: results carry no state).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netinspect.core.redact import redact_line
from netinspect.core.results import DeviceResult

# configuration lines that change without anyone changing the configuration
_VOLATILE = re.compile(r"^\s*(?:!|#|Building configuration|Current configuration\s*:|! Last configuration change|"
                       r"! NVRAM config last updated|ntp clock-period|return$|end$)")


@dataclass
class Fact:
    value: Any
    evidence: str = ""


@dataclass
class DeviceSnapshot:
    """What is compared for one device. `facts[aspect][item]`; an aspect missing from `facts` was not collected."""

    name: str
    hostname: str | None = None
    serial: str | None = None
    os: str | None = None
    facts: dict[str, dict[str, Fact]] = field(default_factory=dict)
    problems: dict[str, Fact] = field(default_factory=dict)  # check id -> (severity, title)
    config: list[str] | None = None  # redacted, in order, with section context


def _interfaces(d: DeviceResult) -> dict[str, Fact] | None:
    if d.device.interfaces is None:
        return None
    return {i.name: Fact(i.link or "unknown", (i.evidence or [""])[0]) for i in d.device.interfaces}


def _routes(d: DeviceResult) -> dict[str, Fact] | None:
    if d.device.routes is None:
        return None
    out: dict[str, Fact] = {}
    for r in d.device.routes:
        out.setdefault(f"{r.prefix} {r.protocol}", Fact(r.protocol, r.evidence))
    return out


def _neighbors(d: DeviceResult) -> dict[str, Fact] | None:
    if d.device.neighbors is None:
        return None
    return {f"{n.protocol} {n.local_interface}": Fact(f"{n.device} {n.port or ''}".strip(), n.evidence)
            for n in d.device.neighbors}


def _peers(d: DeviceResult) -> dict[str, Fact] | None:
    if d.device.peers is None:
        return None
    return {f"{p.protocol} {p.peer}": Fact({"state": p.state, "up": p.up}, p.evidence) for p in d.device.peers}


def _roles(d: DeviceResult) -> dict[str, Fact] | None:
    dev = d.device
    out: dict[str, Fact] = {}
    for g in dev.redundancy or []:
        out[f"{g.protocol} {g.interface} {g.group}"] = Fact(g.state, g.evidence)
    for p in dev.stp_ports or []:
        out[f"stp {p.instance} {p.port}"] = Fact(p.role, p.evidence)
    if dev.stack is not None:
        for m in dev.stack.members:
            out[f"{dev.stack.kind} member {m.member_id}"] = Fact((m.role or m.state).lower(), m.evidence)
    if dev.ha is not None:
        out["ha"] = Fact((dev.ha.role or dev.ha.state or "").lower(), (dev.ha.evidence or [""])[0])
    collected = any(x is not None for x in (dev.redundancy, dev.stp_ports, dev.stack, dev.ha))
    return out if collected or dev.stack_configured is False else None


def _counts(d: DeviceResult) -> dict[str, Fact] | None:
    dev = d.device
    out: dict[str, Fact] = {}
    if dev.arp_entries is not None:
        out["arp"] = Fact(dev.arp_entries)
    if dev.mac_entries is not None:
        out["mac"] = Fact(dev.mac_entries)
    if dev.access_points is not None:
        out["ap_normal"] = Fact(sum(1 for a in dev.access_points if a.normal))
    return out or None


def _alarms(d: DeviceResult) -> dict[str, Fact] | None:
    if d.device.alarms is None:
        return None
    return {a.alarm_id or a.text: Fact(a.level, a.text) for a in d.device.alarms if a.level != "cleared"}


def _logs(d: DeviceResult, max_severity: int) -> dict[str, Fact] | None:
    if d.device.logs is None:
        return None
    return {e.text: Fact(e.severity, e.text) for e in d.device.logs
            if e.severity is not None and e.severity <= max_severity}


def config_lines(text: str) -> list[str]:
    """Configuration lines with their section ("interface X > shutdown"), redacted, volatile lines dropped."""
    out, section = [], ""
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or _VOLATILE.match(line):
            if line.strip() in ("#", "!"):
                section = ""
            continue
        line = redact_line(line)
        if not line[0].isspace():
            section = line.strip()
            out.append(section)
        else:
            out.append(f"{section} > {line.strip()}" if section else line.strip())
    return out


def from_device_result(d: DeviceResult, log_severity: int = 4) -> DeviceSnapshot:
    ident = d.device.identity
    snap = DeviceSnapshot(name=d.name, hostname=ident.hostname, serial=ident.serial, os=ident.os)
    for aspect, facts in (("interfaces", _interfaces(d)), ("routes", _routes(d)), ("neighbors", _neighbors(d)),
                          ("peers", _peers(d)), ("roles", _roles(d)), ("counts", _counts(d)),
                          ("alarms", _alarms(d)), ("logs", _logs(d, log_severity))):
        if facts is not None:
            snap.facts[aspect] = facts
    snap.problems = {r.check: Fact({"severity": r.severity, "title": r.title or r.check}, r.message)
                     for r in d.problems}
    if d.device.running_config is not None:
        snap.config = config_lines(d.device.running_config)
    return snap


def from_results_json(path: Path) -> list[DeviceSnapshot]:
    """Identity and problems per device from a results.json (it holds no state)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    snaps = []
    for dev in doc.get("devices", []):
        snap = DeviceSnapshot(name=dev["name"], hostname=dev.get("hostname"), serial=dev.get("serial"),
                              os=dev.get("os"))
        snap.problems = {r["check"]: Fact({"severity": r["severity"], "title": r.get("title") or r["check"]},
                                          r.get("message", ""))
                         for r in dev.get("results", []) if r.get("status") == "fail"}
        snaps.append(snap)
    return snaps
