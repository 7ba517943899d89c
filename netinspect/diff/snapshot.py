"""A device's comparable state: facts keyed by aspect and item, from the device model and its results.

Read from a run bundle or session logs (every fact group the snapshot commands feed), or from a
results.json (identity and problems only: results carry no state).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from netinspect.core.paths import DATA_DIR
from netinspect.core.redact import redact_line
from netinspect.core.results import DeviceResult

# configuration lines that change without anyone changing the configuration
_VOLATILE = re.compile(r"^\s*(?:!|#|Building configuration|Current configuration\s*:|! Last configuration change|"
                       r"! NVRAM config last updated|ntp clock-period|return$|end$)")


@dataclass
class Fact:
    value: Any
    evidence: str = ""
    label: str | None = None  # the name as the device printed it, when the key is a normalised one


@dataclass
class DeviceSnapshot:
    """What is compared for one device. `facts[aspect][item]`; an aspect missing from `facts` was not collected.

    An aspect is one source of facts ("peers.ospf", "roles.vrrp", "counts.mac" ...): a command collected on
    one side only leaves its aspect on that side only, and the engine says "not compared", never "lost".
    `commands[aspect]` is the command the aspect was read from.
    """

    name: str
    hostname: str | None = None
    serial: str | None = None
    os: str | None = None
    facts: dict[str, dict[str, Fact]] = field(default_factory=dict)
    commands: dict[str, str] = field(default_factory=dict)
    unread: dict[str, str] = field(default_factory=dict)  # command -> why its output could not be read
    problems: dict[str, Fact] = field(default_factory=dict)  # check id + object -> (severity, title)
    config: list[str] | None = None  # redacted, in order, with section context
    collected: str | None = None  # when this side was collected (bundle manifest, device clock or log file)


@cache
def _interface_words() -> list[tuple[str, str]]:
    table = yaml.safe_load((DATA_DIR / "diff.yaml").read_text(encoding="utf-8"))["interface_names"]
    pairs = [(alias, canon) for canon, aliases in table.items() for alias in aliases]
    return sorted(pairs, key=lambda p: -len(p[0]))  # longest alias first: "gigabitethernet" before "ge"


def port_key(name: str | None) -> str:
    """One spelling of an interface name whatever the vendor's abbreviation (`GE1/0/1`, `Gig 1/0/1`)."""
    text = re.sub(r"\s+", "", name or "").lower()
    m = re.match(r"^([a-z-]+?)-?(\d.*)$", text)
    if not m:
        return text
    word, rest = m.groups()
    for alias, canon in _interface_words():
        if word == alias:
            return canon + rest
    return text


def _interfaces(d: DeviceResult) -> dict[str, Fact] | None:
    if d.device.interfaces is None:
        return None
    return {port_key(i.name): Fact(i.link or "unknown", (i.evidence or [""])[0], i.name) for i in d.device.interfaces}


def _routes(d: DeviceResult) -> dict[str, Fact] | None:
    """Per prefix: protocol and the set of next hops (ECMP paths)."""
    if d.device.routes is None:
        return None
    out: dict[str, Fact] = {}
    for r in d.device.routes:
        fact = out.setdefault(r.prefix, Fact({"protocol": r.protocol, "nexthops": []}, r.evidence))
        hop = r.nexthop or (f"via {r.interface}" if r.interface else "-")
        if hop not in fact.value["nexthops"]:
            fact.value["nexthops"].append(hop)
    for fact in out.values():
        fact.value["nexthops"].sort()
    return out


def _neighbors(d: DeviceResult, protocol: str) -> dict[str, Fact] | None:
    found = [n for n in d.device.neighbors or [] if n.protocol == protocol]
    if f"neighbors.{protocol}" not in d.device.sources:
        return None
    return {f"{protocol} {port_key(n.local_interface)}": Fact(f"{n.device} {n.port or ''}".strip(), n.evidence,
                                                              f"{protocol} {n.local_interface}")
            for n in found}


def _peers(d: DeviceResult, protocol: str) -> dict[str, Fact] | None:
    if f"peers.{protocol}" not in d.device.sources:
        return None
    return {f"{p.protocol} {p.peer}": Fact({"state": p.state, "up": p.up, "prefixes": p.prefixes_received},
                                           p.evidence)
            for p in d.device.peers or [] if p.protocol == protocol}


def _redundancy(d: DeviceResult, protocol: str) -> dict[str, Fact] | None:
    if f"redundancy.{protocol}" not in d.device.sources:
        return None
    return {f"{g.protocol} {port_key(g.interface)} {g.group}": Fact(g.state, g.evidence,
                                                                    f"{g.protocol} {g.interface} {g.group}")
            for g in d.device.redundancy or [] if g.protocol == protocol}


def _stp_ports(d: DeviceResult) -> dict[str, Fact] | None:
    if d.device.stp_ports is None:
        return None
    return {f"stp {p.instance} {port_key(p.port)}": Fact(p.role, p.evidence, f"stp {p.instance} {p.port}")
            for p in d.device.stp_ports}


def _stp_roots(d: DeviceResult) -> dict[str, Fact] | None:
    """Root bridge and root port per instance; the root port from the port roles when the root output has none."""
    dev = d.device
    if dev.stp_roots is None:
        return None
    root_ports = {p.instance: p.port for p in dev.stp_ports or [] if p.role == "root"}
    return {f"stp {r.instance}": Fact({"bridge": r.bridge, "port": r.root_port or root_ports.get(r.instance)},
                                      r.evidence)
            for r in dev.stp_roots}


def _stack(d: DeviceResult) -> dict[str, Fact] | None:
    dev = d.device
    if dev.stack is None:
        return {} if dev.stack_configured is False else None
    return {f"{dev.stack.kind} member {m.member_id}": Fact((m.role or m.state).lower(), m.evidence)
            for m in dev.stack.members}


def _ha(d: DeviceResult) -> dict[str, Fact] | None:
    dev = d.device
    if dev.ha is None:
        return {} if dev.ha_configured is False else None
    return {"ha": Fact((dev.ha.role or dev.ha.state or "").lower(), (dev.ha.evidence or [""])[0])}


def _count(value: int | None, key: str) -> dict[str, Fact] | None:
    return None if value is None else {key: Fact(value)}


def _ap_normal(d: DeviceResult) -> dict[str, Fact] | None:
    aps = d.device.access_points
    return None if aps is None else {"ap_normal": Fact(sum(1 for a in aps if a.normal))}


def _mac_ports(d: DeviceResult) -> dict[str, Fact] | None:
    ports = d.device.mac_ports
    return None if ports is None else {port_key(p): Fact(n, "", p) for p, n in ports.items()}


def _alarms(d: DeviceResult) -> dict[str, Fact] | None:
    if d.device.alarms is None:
        return None
    return {redact_line(a.alarm_id or a.text): Fact(a.level, redact_line(a.text))
            for a in d.device.alarms if a.level != "cleared"}


def _logs(d: DeviceResult, max_severity: int) -> dict[str, Fact] | None:
    if d.device.logs is None:
        return None
    texts = ((e.severity, redact_line(e.text)) for e in d.device.logs  # failed-login names, typed secrets
             if e.severity is not None and e.severity <= max_severity)
    return {text: Fact(severity, text) for severity, text in texts}


# aspect -> (fact group in Device.sources naming its command, reader)
_ASPECTS: dict[str, tuple[str, Callable[[DeviceResult], dict[str, Fact] | None]]] = {
    "interfaces": ("interfaces", _interfaces),
    "routes": ("routes", _routes),
    "neighbors.lldp": ("neighbors.lldp", lambda d: _neighbors(d, "lldp")),
    "neighbors.cdp": ("neighbors.cdp", lambda d: _neighbors(d, "cdp")),
    "peers.ospf": ("peers.ospf", lambda d: _peers(d, "ospf")),
    "peers.isis": ("peers.isis", lambda d: _peers(d, "isis")),
    "peers.bgp": ("peers.bgp", lambda d: _peers(d, "bgp")),
    "roles.vrrp": ("redundancy.vrrp", lambda d: _redundancy(d, "vrrp")),
    "roles.hsrp": ("redundancy.hsrp", lambda d: _redundancy(d, "hsrp")),
    "roles.stp": ("stp_ports", _stp_ports),
    "roles.stack": ("stack", _stack),
    "roles.ha": ("ha", _ha),
    "stp_roots": ("stp_roots", _stp_roots),
    "counts.arp": ("arp_entries", lambda d: _count(d.device.arp_entries, "arp")),
    "counts.mac": ("mac_entries", lambda d: _count(d.device.mac_entries, "mac")),
    "counts.ap_normal": ("access_points", _ap_normal),
    "mac_ports": ("mac_entries", _mac_ports),
    "alarms": ("alarms", _alarms),
}


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
    from netinspect.checks.objects import problem_keys

    ident = d.device.identity
    snap = DeviceSnapshot(name=d.name, hostname=ident.hostname, serial=ident.serial, os=ident.os)
    for aspect, (group, read) in _ASPECTS.items():
        facts = read(d)
        if facts is not None:
            snap.facts[aspect] = facts
            snap.commands[aspect] = d.device.sources.get(group, "")
    logs = _logs(d, log_severity)
    if logs is not None:
        snap.facts["logs"], snap.commands["logs"] = logs, d.device.sources.get("logs", "")
    snap.unread = {c: f"{p.status}: {p.message or ''}".rstrip(": ") for c, p in d.commands.items()
                   if p.status != "ok"}
    # one problem per check and object: another port with errors is a new problem, not the old one changed
    snap.problems = {key.text(): Fact({"severity": r.severity, "title": redact_line(
                         (r.title or r.check) + (f": {key.obj}" if key.obj else ""))}, redact_line(r.message or ""))
                     for key, r in problem_keys(d)}
    if d.device.running_config is not None:
        snap.config = config_lines(d.device.running_config)
    return snap


def from_results_json(path: Path) -> list[DeviceSnapshot]:
    """Identity and problems per device from a results.json (it holds no state). ValueError, one line,
    when it is not one (not an object, devices not a list, a device without a name)."""
    from netinspect.core import safeyaml

    doc = safeyaml.load_json(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or not isinstance(doc.get("devices", []), list):
        raise ValueError("expected an object with a list of devices")
    snaps = []
    for number, dev in enumerate(doc.get("devices", []), 1):
        if not isinstance(dev, dict) or not isinstance(dev.get("name"), str):
            raise ValueError(f"device {number}: expected an object with a name")
        snap = DeviceSnapshot(name=dev["name"], hostname=_text(dev.get("hostname")), serial=_text(dev.get("serial")),
                              os=_text(dev.get("os")))
        results = dev.get("results") if isinstance(dev.get("results"), list) else []
        failed = [r for r in results
                  if isinstance(r, dict) and r.get("status") == "fail" and isinstance(r.get("check"), str)]
        snap.problems = {r["check"]: Fact({"severity": _text(r.get("severity")),
                                           "title": _text(r.get("title")) or r["check"]},
                                          redact_line(_text(r.get("message")) or ""))
                         for r in failed}
        snaps.append(snap)
    return snaps


def _text(value: object) -> str | None:
    """A string field of a results.json; anything else (a number, a list) as its text, None as None."""
    return value if isinstance(value, str) or value is None else json.dumps(value, default=str)
