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
    device: str  # the device, or "" for the plan as a whole (sections, window)
    rule: str  # a key of rules.yaml severities
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


def _descriptions(device: PlanDevice, config: str | None) -> dict[str, str]:
    """Interface -> description, from the plan's steps and the current configuration."""
    out: dict[str, str] = {}
    for kind, name, line in contexts(device, device.steps):
        if kind == "interface" and line.lower().startswith("description "):
            out[_canon_interface(name)] = line[12:]
    current = None
    for line in (config or "").splitlines():
        if not line.startswith(" "):
            current = line.strip()[10:] if line.startswith("interface ") else None
        elif current and line.strip().startswith("description "):
            out.setdefault(_canon_interface(current), line.strip()[12:])
    return out


def _is_uplink(name: str, descriptions: dict[str, str]) -> bool:
    return bool(_rx(rules()["uplink_interface_names"]).search(name)
                or re.search(rules()["uplink_descriptions"], descriptions.get(_canon_interface(name), "")))


def _created(device: PlanDevice, config: str | None) -> set[tuple[str, str]]:
    """(kind, name) of the interfaces and VLANs the plan creates: entered in the steps and absent from the
    current configuration (without a configuration: VLANs, and VLAN / logical interfaces)."""
    entered = {(kind, _canon_interface(name)) for kind, name, _ in contexts(device, device.steps)
               if kind in ("interface", "vlan")}
    if config:
        existing = {("interface", _canon_interface(line[10:])) for line in config.splitlines()
                    if line.startswith("interface ")}
        existing |= {("vlan", v) for line in config.splitlines() if (m := re.match(r"^vlan\s+(\d+)\s*$", line))
                     for v in [m.group(1)]}
        return entered - existing
    logical = re.compile(r"(?i)^(vlanif|vlan-interface|vlan|loopback|tunnel)\d|\.\d+$")
    return {(kind, name) for kind, name in entered if kind == "vlan" or logical.search(name)}


def _impact(device: PlanDevice, config: str | None) -> list[Finding]:
    """Service-affecting steps, one finding each: interface removal, uplink shutdown, STP/OSPF/BGP/IS-IS
    disabled or reset, reboot, image change (rules.yaml `impact`)."""
    vendor = rules()["vendors"][device.vendor or "huawei"]
    sev = rules()["severities"]["service_affecting"]
    descriptions = _descriptions(device, config)
    out = []
    for kind, name, line in contexts(device, device.steps):
        for rule in vendor.get("impact", []):
            if not _rx(rule["pattern"]).search(line):
                continue
            if rule.get("where") == "uplink" and not (kind == "interface" and _is_uplink(name, descriptions)):
                continue
            where = f"interface {name} > {line}" if kind == "interface" else line
            out.append(Finding(device.name, "service_affecting", sev, [where], f"impact: {rule['what']}"))
            break
    return out


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


def _removed(device: PlanDevice, negate: str) -> set[tuple[str, str]]:
    """(kind, name) of the interfaces and VLANs the rollback removes (`undo interface X`, `no vlan 30`)."""
    rx = re.compile(rf"^{re.escape(negate.strip())}\s+(interface|vlan)\s+(.+)$", re.IGNORECASE)
    return {(m.group(1).lower(), _canon_interface(m.group(2))) for ln in device.rollback or []
            if (m := rx.match(ln.strip()))}


def _rollback(device: PlanDevice, config: str | None = None) -> list[Finding]:
    """Every step has its undo in the rollback; removing an interface the plan created undoes all its lines."""
    sev = rules()["severities"]
    if not device.rollback:
        return [Finding(device.name, "no_rollback", sev["no_rollback"])]
    negate = rules()["vendors"][device.vendor or "huawei"]["negate"]
    vendor = rules()["vendors"][device.vendor or "huawei"]
    verbs = vendor["save"] + vendor["destructive"] + [r["pattern"] for r in vendor.get("impact", [])
                                                      if r.get("where") != "uplink"]
    saves = [_rx(p) for p in verbs]  # destructive / service-affecting steps are findings of their own
    reads = re.compile(r"^(display|dis|show|sh|ping|tracert|traceroute)\b", re.IGNORECASE)
    back = contexts(device, device.rollback)
    gone = _removed(device, negate) & _created(device, config)
    enter = {k: _rx(p) for k, p in vendor["contexts"].items()}
    missing = []
    for kind, name, line in contexts(device, device.steps):
        if any(p.search(line) for p in saves) or reads.search(line):
            continue
        if kind and enter[kind].search(line):  # the line entering a view: a new VLAN must be removed again
            if kind == "vlan" and not any(bn == "" and _undoes(line, bl, negate) for _, bn, bl in back):
                missing.append(line)
            continue
        if (kind, _canon_interface(name)) in gone:  # the rollback removes what the plan created: all of it
            continue
        if not any(bn == name and _undoes(line, bl, negate) for _, bn, bl in back):
            missing.append(f"{name} > {line}" if name else line)
    return [Finding(device.name, "rollback_incomplete", sev["rollback_incomplete"], missing)] if missing else []


def _save(device: PlanDevice) -> list[Finding]:
    saves = [_rx(p) for p in rules()["vendors"][device.vendor or "huawei"]["save"]]
    if any(p.search(ln) for ln in device.steps for p in saves):
        return []
    return [Finding(device.name, "no_save", rules()["severities"]["no_save"])]


_READS = re.compile(r"^(display|dis|show|sh|ping|tracert|traceroute|do\s+show)\b", re.IGNORECASE)


def _edges(steps: list[str], nav: list[re.Pattern[str]]) -> tuple[bool, bool]:
    """(the steps start with a check, the steps end with a check), navigation lines aside."""
    work = [ln for ln in steps if _READS.search(ln) or not any(p.search(ln) for p in nav)]
    return bool(work and _READS.search(work[0])), bool(work and _READS.search(work[-1]))


def _verification(device: PlanDevice) -> list[Finding]:
    """Checks before and after: in the pre/post-check sections, or at the start / end of the steps
    (the service template's 变更测试步骤 holds both)."""
    sev = rules()["severities"]
    vendor = rules()["vendors"][device.vendor or "huawei"]
    nav = [_rx(p) for p in vendor["navigation"] + vendor["save"] if not p.startswith(("^display", "^dis", "^show", "^sh"))]
    first, last = _edges(device.steps, nav)
    out = []
    if not first and not any(_READS.search(c) for c in device.precheck):
        out.append(Finding(device.name, "no_precheck", sev["no_precheck"]))
    if not last and not any(_READS.search(c) for c in device.postcheck):
        out.append(Finding(device.name, "no_postcheck", sev["no_postcheck"]))
    return out


def _unverified_steps(device: PlanDevice) -> list[Finding]:
    """Each step (block of the steps) that changes the configuration needs a verification command in it."""
    vendor = rules()["vendors"][device.vendor or "huawei"]
    nav = [_rx(p) for p in vendor["navigation"] + vendor["save"]]
    lines = []
    for block in device.step_blocks:
        changes = [ln for ln in block if not _READS.search(ln) and not any(p.search(ln) for p in nav)]
        if changes and not any(_READS.search(ln) for ln in block):
            lines.append(changes[0])
    sev = rules()["severities"]["step_unverified"]
    return [Finding(device.name, "step_unverified", sev, lines)] if lines else []


def _dialect(device: PlanDevice) -> str | None:
    """The platform whose CLI words the device's commands use most, or None when none is used."""
    lines = device.steps + (device.rollback or []) + device.precheck + device.postcheck
    scores = {os_id: sum(1 for ln in lines for p in pats if _rx(p).search(ln))
              for os_id, pats in rules()["dialect"].items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] else None


def resolve_platform(device: PlanDevice, os_from_inputs: str | None) -> None:
    """The platform from the plan's tag, else the inventory or logs given, else the commands' dialect."""
    if device.platform and device.vendor:
        device.platform_source = "tag"
    elif os_from_inputs:
        device.platform, device.platform_source = os_from_inputs, "inventory"
    elif (guess := _dialect(device)):
        device.platform, device.platform_source = guess, "dialect"
    else:
        device.platform, device.platform_source = "huawei_vrp", "default"


_WINDOW = re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?[^\d\n]{0,12}?"
                     r"(?P<h1>\d{1,2})\s*[:：]\s*(?P<m1>\d{2})(?:\s*[-~至到—–]+\s*(?P<h2>\d{1,2})\s*[:：]\s*(?P<m2>\d{2}))?")


def _window(plan: Plan) -> list[Finding]:
    """The change window (first date and time in the overview, else anywhere in the plan) inside working hours."""
    from datetime import date as _date

    text = plan.sections.get("overview", "") + "\n" + "\n".join(plan.sections.values())
    m = _WINDOW.search(text)
    if not m:
        return []
    hours = rules()["working_hours"]
    try:
        day = _date(int(m["y"]), int(m["mo"]), int(m["d"]))
    except ValueError:
        return []
    start = int(m["h1"]) * 60 + int(m["m1"])
    end = int(m["h2"]) * 60 + int(m["m2"]) if m["h2"] else start + 1
    if end <= start:  # past midnight: only the evening part is on this day
        end = 24 * 60
    work0, work1 = (int(x) * 60 + int(y) for x, y in (hours["start"].split(":"), hours["end"].split(":")))
    if day.isoweekday() in hours["days"] and start < work1 and end > work0:
        return [Finding("", "window_working_hours", rules()["severities"]["window_working_hours"], [m.group(0)],
                        f"{hours['start']}-{hours['end']}")]
    return []


def _sections(plan: Plan, covered: set[str]) -> list[Finding]:
    """Sections the template requires that the plan lacks (unless a device finding already says it), and
    headings of no known meaning (their content is not read)."""
    from netinspect.change.plan import _sections_data

    sev = rules()["severities"]
    out = [Finding("", "section_missing", sev["section_missing"], [name])
           for name in _sections_data()["required"] if name not in plan.sections and name not in covered]
    out += [Finding("", "heading_unknown", sev["heading_unknown"], [h]) for h in plan.unknown_headings]
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


def review(plan: Plan, configs: dict[str, tuple[Any, ...]] | None = None) -> Review:
    """Judge every device of the plan. `configs`: device name/hostname -> (running config, management IP[, OS])."""
    result = Review(plan)
    for device in plan.devices:
        config, host, os_id = (tuple((configs or {}).get(device.name, ())) + (None, None, None))[:3]
        resolve_platform(device, os_id)
        mgmt = management_of(device, config, host)
        result.management[device.name] = mgmt
        result.findings += (_session_cuts(device, mgmt) + _impact(device, config) + _destructive(device)
                            + _rollback(device, config) + _save(device) + _verification(device)
                            + _unverified_steps(device))
        result.checks[device.name] = check_commands(device)
    covered = {"rollback" for f in result.findings if f.rule == "no_rollback"}
    covered |= {"service_test" for f in result.findings if f.rule == "no_postcheck"}
    result.findings = _sections(plan, covered) + _window(plan) + result.findings
    return result
