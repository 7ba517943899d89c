"""Cisco ASA (Adaptive Security Appliance; Firepower in ASA mode) -> identity, boards, CPU, interfaces, logs
and failover state.

``show version`` (``Cisco Adaptive Security Appliance Software Version 9.8(2)20``, ``HOST up 41 days 19
hours``, ``Hardware:   ASA5516, ...``, ``Model Id:``, ``Serial Number:``) is read line by line; ``show
inventory`` is the IOS reader on ntc-templates' ASA template; ``show cpu usage detailed`` (per-core 5-minute
average, ntc-templates); ``show interface ip brief`` (line by line); ``show logging`` (the buffer's
``%ASA-<severity>-<id>:`` messages); ``show failover`` (``Failover On|Off``, ``This host: Primary - Active``,
``Other host: Secondary - Standby Ready``; Active/Active: ``Group 1 State: Active`` per host).
"""

from __future__ import annotations

import re

from netinspect.core.model import CpuReading, Device, HaState, Interface, LogEntry
from netinspect.normalize import cisco
from netinspect.normalize.registry import Parsed, ParseFailure, handles

ASA = "cisco_asa"
_VERSION = re.compile(r"^\s*Cisco Adaptive Security Appliance Software Version (\S+)", re.M | re.I)
_HARDWARE = re.compile(r"^Hardware:\s+([^,\s]+)", re.M)
_MODEL_ID = re.compile(r"^Model Id:\s+(\S+)", re.M)
_SERIAL = re.compile(r"^Serial Number:\s+(\S+)", re.M)
_UPTIME = re.compile(r"^(\S+) up ((?:\d+ (?:years?|days?|hours?|mins?|secs?) ?)+)", re.M)
_UPTIME_PART = re.compile(r"(?<!\d)(\d+) (year|day|hour|min|sec)")
_UNIT_SECONDS = {"year": 365 * 86400, "day": 86400, "hour": 3600, "min": 60, "sec": 1}
_LOG = re.compile(r"%ASA-(\d)-(\d{6}):")
_STAMP = re.compile(r"^(\w{3} +\d+ \d{4} \d\d:\d\d:\d\d)")
_BRIEF_ANY = re.compile(r"^\S+\s+\S+\s+(?:YES|NO)\s")
_BRIEF_ROW = re.compile(r"^(?P<name>\S+)\s+\S+\s+(?:YES|NO)\s+\S+\s+(?P<status>up|down|deleted|admin(?:istratively)? down)"
                        r"(?:\s+(?P<protocol>up|down))?\s*$")
_FAILOVER = re.compile(r"^Failover (On|Off)\s*$", re.M)
_HOST = re.compile(r"^\s*(This|Other) host:\s+(Primary|Secondary)\s*(?:-\s*(\S(?:.*\S)?))?\s*$")
_GROUP = re.compile(r"^\s*Group (\d+)\s+State:\s+(\S(?:.*\S)?)\s*$")
# states of a healthy pair: one unit active, the other standby ready (per failover group on Active/Active)
_PAIR_OK = {frozenset({"active", "standby ready"})}


@handles(ASA, "show version", textfsm=False)
def show_version(device: Device, parsed: Parsed) -> None:
    """Identity: the ASA software version, model (``Model Id`` where printed, else the hardware name),
    serial, host name and uptime."""
    text = parsed.text
    version = _VERSION.search(text)
    if version is None:
        raise ParseFailure("no 'Cisco Adaptive Security Appliance Software Version' line")
    ident = device.identity
    ident.version = ident.os_version = version.group(1)
    model = _MODEL_ID.search(text) or _HARDWARE.search(text)
    if model is not None and model.re is _HARDWARE and not text[model.end():].partition("\n")[2].strip():
        # "Model Id:" (ASAv10 where Hardware says ASAv) follows the Hardware line when printed: a cut right
        # after the Hardware line cannot tell
        model, parsed.cut = None, "output cut short: nothing after its Hardware line"
    serial = _SERIAL.search(text)
    ident.model = model.group(1) if model else ident.model
    ident.serial = serial.group(1) if serial else ident.serial
    uptime = _UPTIME.search(text)
    if uptime:
        ident.hostname = ident.hostname or uptime.group(1)
        ident.uptime_seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in _UPTIME_PART.findall(uptime.group(2)))
    ident.evidence = [m.group(0).strip() for m in (version, uptime, model, serial) if m]
    device.sources["identity"] = parsed.command


handles(ASA, "show inventory")(cisco.show_inventory)


@handles(ASA, "show cpu usage detailed")
def show_cpu_usage_detailed(device: Device, parsed: Parsed) -> None:
    """The 5-minute average of each core (data path plus control point)."""
    readings = [CpuReading(slot=str(row["core"]).replace("Core ", "core"), percent=float(row["cpu_5_min"]),
                           interval="5min", evidence=next((ln.strip() for ln in parsed.lines()
                                                           if ln.startswith(str(row["core"]) + " ")), ""))
                for row in parsed.rows]
    if not readings:
        raise ParseFailure("no per-core line")
    device.cpu = readings
    device.sources["cpu"] = parsed.command


@handles(ASA, "show interface ip brief", textfsm=False)
def show_interface_ip_brief(device: Device, parsed: Parsed) -> None:
    """Link and protocol of each interface ("administratively down" is a choice, not a fault); some
    releases print no protocol for a management interface (protocol unknown)."""
    interfaces, listed = [], 0
    for line in parsed.lines():
        listed += bool(_BRIEF_ANY.match(line))
        row = _BRIEF_ROW.match(line)
        if row:
            status = row.group("status").lower()
            link = "admin_down" if status.startswith("admin") else status
            protocol = row.group("protocol").lower() if row.group("protocol") else None
            interfaces.append(Interface(name=row.group("name"), link=link, protocol=protocol,
                                        evidence=[line.rstrip()]))
    if not interfaces or len(interfaces) != listed:
        raise ParseFailure(f"{listed - len(interfaces)} of {listed} interface rows not understood")
    device.interfaces = interfaces
    device.sources["interfaces"] = parsed.command


@handles(ASA, "show logging", textfsm=False)
def show_logging(device: Device, parsed: Parsed) -> None:
    """The buffered messages (``%ASA-4-106023: ...``): severity from the message id. A log that prints its
    settings and no message gives []."""
    entries = []
    for line in parsed.lines():
        code = _LOG.search(line)
        if code:
            stamp = _STAMP.match(line)
            entries.append(LogEntry(text=line.rstrip(), severity=int(code.group(1)),
                                    timestamp=stamp.group(1) if stamp else None, module="ASA",
                                    mnemonic=code.group(2)))
    if not entries and not re.search(r"^Syslog logging: (?:enabled|disabled)", parsed.text, re.M):
        raise ParseFailure("no '%ASA-' message and no 'Syslog logging:' header")
    device.logs = entries
    device.sources["logs"] = parsed.command


def _host_states(parsed: Parsed) -> dict[str, tuple[str, list[str]]]:
    """'this' / 'other' -> (unit, states): one state, or one per failover group (Active/Active)."""
    hosts: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for line in parsed.lines():
        host = _HOST.match(line)
        if host:
            current = host.group(1).lower()
            hosts[current] = (host.group(2), [host.group(3)] if host.group(3) else [])
            continue
        group = _GROUP.match(line)
        if group and current is not None and current in hosts:
            hosts[current][1].append(group.group(2))
    return hosts


@handles(ASA, "show failover", textfsm=False)
def show_failover(device: Device, parsed: Parsed) -> None:
    """Failover Off: no HA pair. On: healthy when the two units' states pair up (Active with Standby Ready,
    per failover group on Active/Active); a mate Failed, Cold Standby, Not Detected ... is not."""
    state = _FAILOVER.search(parsed.text)
    if state is None:
        raise ParseFailure("no 'Failover On|Off' line")
    if state.group(1) == "Off":
        device.ha_configured = False
        device.ha = None
        device.sources["ha"] = parsed.command
        return
    hosts = _host_states(parsed)
    if "this" not in hosts or not hosts["this"][1]:
        raise ParseFailure("no 'This host:' state")
    if "other" not in hosts:  # printed whatever the mate's state (Failed, Not Detected): the output was cut
        raise ParseFailure("no 'Other host:' state (output cut short)")
    unit, mine = hosts["this"]
    theirs = hosts.get("other", ("", []))[1]
    if len(theirs) < len(mine):  # the mate prints a state per group too: its lines were cut off
        raise ParseFailure(f"the mate shows {len(theirs)} of {len(mine)} states (output cut short)")
    pairs = list(zip(mine, theirs))
    normal = bool(pairs) and len(pairs) == len(mine) and all(
        frozenset({a.lower(), b.lower()}) in _PAIR_OK for a, b in pairs)
    device.ha_configured = True
    device.ha = HaState(role=f"{unit.lower()} {'/'.join(s.lower() for s in mine)}",
                        state=f"{', '.join(mine)} / {', '.join(theirs) or '-'}", normal=normal,  # this unit / its mate
                        peer_state=", ".join(theirs) or None,
                        evidence=[ln.strip() for ln in parsed.lines() if _HOST.match(ln) or _GROUP.match(ln)
                                  or ln.startswith("Failover ")][:8])
    device.sources["ha"] = parsed.command
