"""The review of a change plan: per-vendor rules (data/change/rules.yaml) and the check commands of the
features it touches (data/change/features.yaml). Exact where the device's current configuration is given."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from netinspect.change.plan import Plan, PlanDevice
from netinspect.core.paths import DATA_DIR


@cache
def rules() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "change" / "rules.yaml").read_text(encoding="utf-8"))


@cache
def features() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "change" / "features.yaml").read_text(encoding="utf-8"))


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass
class Finding:
    device: str
    rule: str  # session_cut | destructive | no_rollback | rollback_incomplete | no_save | no_precheck | no_postcheck
    severity: str
    lines: list[str] = field(default_factory=list)  # the plan lines concerned
    detail: str = ""  # what makes it so (management interface, ...)

    def to_json(self) -> dict[str, Any]:
        return {"device": self.device, "rule": self.rule, "severity": self.severity, "lines": self.lines,
                "detail": self.detail}


@dataclass
class Management:
    """What carries the management session on a device: known from the plan or the current configuration."""

    interfaces: set[str] = field(default_factory=set)
    vlans: set[str] = field(default_factory=set)
    acls: set[str] = field(default_factory=set)
    source: str = "names"  # plan | configuration | names (guessed from interface names)


@dataclass
class Review:
    plan: Plan
    findings: list[Finding] = field(default_factory=list)
    checks: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # device -> {features, commands}
    management: dict[str, Management] = field(default_factory=dict)


def contexts(device: PlanDevice, lines: list[str]) -> list[tuple[str, str, str]]:
    """(context kind, context name, line) per configuration line; navigation lines dropped."""
    vendor = rules()["vendors"][device.vendor or "huawei"]
    nav = [_rx(p) for p in vendor["navigation"]]
    ctx_rx = {k: _rx(p) for k, p in vendor["contexts"].items()}
    out, kind, name = [], "", ""
    for line in lines:
        if any(p.search(line) for p in nav):
            if line.lower() in ("quit", "q", "exit", "return", "end"):
                kind, name = "", ""
            continue
        for k, p in ctx_rx.items():
            m = p.search(line)
            if m:
                kind, name = k, (m.groupdict().get("name") or line)
                break
        out.append((kind, name, line))
    return out


def _canon_interface(name: str) -> str:
    return re.sub(r"\s+", "", name).lower()


def management_of(device: PlanDevice, config: str | None, host: str | None) -> Management:
    mgmt = Management()
    if device.management:
        mgmt.source = "plan"
        for key, value in device.management.items():
            target = {"interface": mgmt.interfaces, "vlan": mgmt.vlans, "acl": mgmt.acls}.get(key.lower())
            if target is not None:
                target.add(value.strip())
    if config:
        mgmt.source = "configuration" if mgmt.source == "names" else mgmt.source
        current = None
        for line in config.splitlines():
            if not line.startswith(" "):
                current = line.strip()[len("interface "):] if line.startswith("interface ") else None
            elif current and host and re.search(rf"ip address {re.escape(host)}\b", line):
                mgmt.interfaces.add(current)
            m = re.match(r"^\s*(?:acl|access-class|ip access-class)\s+(?:inbound\s+|number\s+)?(\S+)", line)
            if m and re.search(r"vty", _vty_section(config, line)):
                mgmt.acls.add(m.group(1))
    for name in list(mgmt.interfaces):
        m = re.search(r"(?:vlanif|vlan-interface|vlan)\s*(\d+)$", name, re.IGNORECASE)
        if m:
            mgmt.vlans.add(m.group(1))
    return mgmt


def _vty_section(config: str, line: str) -> str:
    before = config[:config.find(line)]
    heads = [ln for ln in before.splitlines() if ln and not ln.startswith(" ")]
    return heads[-1] if heads else ""


def _is_management_interface(name: str, mgmt: Management) -> bool:
    if mgmt.interfaces:
        return _canon_interface(name) in {_canon_interface(i) for i in mgmt.interfaces}
    return bool(_rx(rules()["management_interface_names"]).search(name))


def _session_cuts(device: PlanDevice, mgmt: Management) -> list[Finding]:
    vendor = rules()["vendors"][device.vendor or "huawei"]
    sev = rules()["severities"]["session_cut"]
    out = []
    for kind, name, line in contexts(device, device.steps):
        for rule in vendor["session_cut"]:
            m = _rx(rule["pattern"]).search(line)
            if not m:
                continue
            where, hit = rule["where"], False
            if where == "management_interface":
                hit = kind == "interface" and _is_management_interface(name, mgmt)
            elif where == "management_vlan":
                hit = m.groupdict().get("vlan") in mgmt.vlans
            elif where == "management_acl":
                hit = kind == "" and m.groupdict().get("acl") in mgmt.acls
            elif where == "vty":
                hit = kind == "vty"
            else:
                hit = True
            if hit:
                context = f"{'interface ' if kind == 'interface' else ''}{name}".strip()
                out.append(Finding(device.name, "session_cut", sev, [f"{context} > {line}" if context else line],
                                   f"management: {', '.join(sorted(mgmt.interfaces | mgmt.vlans)) or mgmt.source}"))
                break
    return out


def _destructive(device: PlanDevice) -> list[Finding]:
    patterns = [_rx(p) for p in rules()["vendors"][device.vendor or "huawei"]["destructive"]]
    lines = [ln for ln in device.steps if any(p.search(ln) for p in patterns)]
    return [Finding(device.name, "destructive", rules()["severities"]["destructive"], lines)] if lines else []


def _undoes(step: str, back: str, negate: str) -> bool:
    """`back` (a rollback line) reverts `step`: `undo X` for X, X for `undo X`, or X with other values."""
    s, b = step.lower().split(), back.lower().split()
    neg = negate.strip()
    if s and s[0] == neg:
        body = s[1:]
        return bool(b) and b[0] != neg and (b[:len(body)] == body or body[:len(b)] == b)
    if b and b[0] == neg:
        body = b[1:]
        return bool(body) and s[:len(body)] == body
    opposite = {"add": "remove", "remove": "add", "enable": "disable", "disable": "enable"}
    if len(s) == len(b) and [opposite.get(w, w) for w in s] == b and s != b:
        return True
    return len(s) >= 2 and s[:-1] == b[:-1] and s[0] == b[0] or (len(s) == 1 and s == b)


def _rollback(device: PlanDevice) -> list[Finding]:
    sev = rules()["severities"]
    if not device.rollback:
        return [Finding(device.name, "no_rollback", sev["no_rollback"])]
    negate = rules()["vendors"][device.vendor or "huawei"]["negate"]
    vendor = rules()["vendors"][device.vendor or "huawei"]
    saves = [_rx(p) for p in vendor["save"] + vendor["destructive"]]  # destructive steps are a finding of their own
    back = contexts(device, device.rollback)
    missing = []
    for kind, name, line in contexts(device, device.steps):
        if (kind and line.lower().startswith(("interface", "user-interface", "line"))) or any(p.search(line) for p in saves):
            continue
        if not any(bn == name and _undoes(line, bl, negate) for _, bn, bl in back):
            missing.append(f"{name} > {line}" if name else line)
    return [Finding(device.name, "rollback_incomplete", sev["rollback_incomplete"], missing)] if missing else []


def _save(device: PlanDevice) -> list[Finding]:
    saves = [_rx(p) for p in rules()["vendors"][device.vendor or "huawei"]["save"]]
    if any(p.search(ln) for ln in device.steps for p in saves):
        return []
    return [Finding(device.name, "no_save", rules()["severities"]["no_save"])]


def _verification(device: PlanDevice) -> list[Finding]:
    sev = rules()["severities"]
    reads = re.compile(r"^(display|dis|show|sh|ping|tracert|traceroute)\b", re.IGNORECASE)
    out = []
    if not any(reads.search(c) for c in device.precheck):
        out.append(Finding(device.name, "no_precheck", sev["no_precheck"]))
    if not any(reads.search(c) for c in device.postcheck):
        out.append(Finding(device.name, "no_postcheck", sev["no_postcheck"]))
    return out


def check_commands(device: PlanDevice) -> dict[str, list[str]]:
    vendor = device.vendor or "huawei"
    data = features()
    touched = [name for name, spec in data["features"].items()
               if any(_rx(spec["match"]).search(ln) for ln in device.steps)]
    commands = list(data["always"][vendor])
    for name in touched:
        commands += [c for c in data["features"][name][vendor] if c not in commands]
    return {"features": touched, "commands": commands}


def review(plan: Plan, configs: dict[str, tuple[str | None, str | None]] | None = None) -> Review:
    """Judge every device of the plan. `configs`: device name/hostname -> (running config, management IP)."""
    result = Review(plan)
    for device in plan.devices:
        config, host = (configs or {}).get(device.name, (None, None))
        if device.vendor is None:
            device.platform = device.platform or "huawei_vrp"
        mgmt = management_of(device, config, host)
        result.management[device.name] = mgmt
        result.findings += (_session_cuts(device, mgmt) + _destructive(device) + _rollback(device) + _save(device)
                            + _verification(device))
        result.checks[device.name] = check_commands(device)
    return result
