"""Handlers for h3c outputs: parsed rows to device facts.

Comware 5 and 7 (switches, MSR routers, SecPath firewalls, WX controllers) share the OS id
``h3c_comware``; the TextFSM templates in ``parsers/hp_comware_*`` accept both generations, and the
state words they print are interpreted through ``data/states_h3c.yaml``.
"""

from __future__ import annotations

import re
from datetime import date

from netinspect.core.model import (
    AccessPoint,
    Alarm,
    Board,
    CpuReading,
    Device,
    Fan,
    HaState,
    Interface,
    License,
    LogEntry,
    MemoryReading,
    NtpState,
    PowerSupply,
    SessionUsage,
    Stack,
    StackMember,
    Storage,
    TemperatureSensor,
)
from netinspect.normalize import vocab
from netinspect.normalize.registry import Parsed, ParseFailure, finishes, handles

OS = "h3c_comware"


# ---- vocabulary -------------------------------------------------------------------------------

def states() -> dict:
    """The vocabulary file data/states_h3c.yaml."""
    return vocab.states("h3c")


def judge(group: str, word: str | None) -> bool | None:
    """True / False when `word` is a known normal / abnormal state of `group`, else None."""
    return vocab.judge("h3c", group, word)


def is_absent(word: str) -> bool:
    return vocab.listed("h3c", "absent", word)


# ---- small helpers ----------------------------------------------------------------------------

def _line(parsed: Parsed, *needles: str) -> str:
    """First output line containing all `needles` (stripped), for evidence; "" when none does."""
    for line in parsed.lines():
        if all(n in line for n in needles):
            return line.strip()
    return ""


def _int(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _float(value: object) -> float | None:
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _slot(row: dict, *, cpu: bool = False) -> str:
    """Slot name: "1", "chassis1/slot0", "chassis1" (a chassis-level unit), "1/cpu1"; "0" for a box that prints no slot."""
    chassis, slot = row.get("chassis") or "", row.get("slot") or ""
    name = (f"chassis{chassis}/slot{slot}" if slot else f"chassis{chassis}") if chassis else (slot or "0")
    if cpu and row.get("cpu") not in (None, "", "0"):
        name += f"/cpu{row['cpu']}"
    return name


_UPTIME = re.compile(r"(\d+)\s*(week|day|hour|minute|second)s?", re.IGNORECASE)
_UNIT_SECONDS = {"week": 604800, "day": 86400, "hour": 3600, "minute": 60, "second": 1}


def uptime_seconds(text: str) -> int | None:
    """'16 weeks, 6 days, 23 hours, 5 minutes' -> seconds; None when nothing is recognised."""
    parts = _UPTIME.findall(text or "")
    return sum(int(n) * _UNIT_SECONDS[u.lower()] for n, u in parts) if parts else None


def _add_source(device: Device, group: str, command: str) -> None:
    current = device.sources.get(group)
    if current is None:
        device.sources[group] = command
    elif command not in current.split(" / "):
        device.sources[group] = f"{current} / {command}"


# ---- identity ---------------------------------------------------------------------------------

_INTERFACE_SLOTS = re.compile(r"\s+with\s+\d+\s+Interface\s+Slots?\s*$", re.IGNORECASE)


def chassis_model(text: str) -> str:
    """The chassis model from the "<model> uptime is" text: 'A5120-24G-PoE+ EI Switch with 2 Interface Slots'
    -> 'A5120-24G-PoE+ EI Switch' (the slot count describes the box, it is not part of the model)."""
    return _INTERFACE_SLOTS.sub("", text.strip())


@handles(OS, "display version")
def version(device: Device, parsed: Parsed) -> None:
    row = parsed.rows[0]
    ident = device.identity
    ident.os_version = str(row["os_version"])
    ident.version = f"{row['os_version']} {row['release']}".strip()
    if row.get("model"):
        ident.model = chassis_model(str(row["model"]))
    ident.uptime_seconds = uptime_seconds(str(row.get("uptime") or ""))
    patches = list(dict.fromkeys(row.get("patch") or []))
    ident.patch = patches[0] if patches else None
    ident.evidence += [ln for ln in (_line(parsed, "Version", str(row["os_version"])),
                                     _line(parsed, "uptime is")) if ln]
    _add_source(device, "identity", parsed.command)


@handles(OS, "display device manuinfo")
def manuinfo(device: Device, parsed: Parsed) -> None:
    """Serial of the chassis / first member (ntc-templates hp_comware_display_device_manuinfo)."""
    units = [r for r in parsed.rows if str(r.get("slot_type", "")).lower() in ("chassis", "slot")]
    if not units:  # a box that prints no slot header (WX2560X-LI: "DEVICE_NAME:..." lines only)
        units = [r for r in parsed.rows if not r.get("slot_type") and r.get("device_serial_number")]
    if not units:
        raise ParseFailure("no chassis or slot entry in display device manuinfo")
    first = next((r for r in units if str(r.get("device_serial_number") or "").strip()), None)
    if first is None:
        return
    serial = str(first["device_serial_number"]).strip()
    device.identity.serial = serial
    if not device.identity.model and str(first.get("device_name") or "").strip():
        device.identity.model = str(first["device_name"]).strip()
    device.identity.evidence.append(_line(parsed, serial) or f"DEVICE_SERIAL_NUMBER : {serial}")
    _add_source(device, "identity", parsed.command)


@handles(OS, "display device")
def boards(device: Device, parsed: Parsed) -> None:
    empty = [str(w).lower() for w in states()["board"].get("empty", [])]
    result = []
    for row in parsed.rows:
        state = str(row["state"])
        if state.lower() in empty:
            continue
        role = state.lower() if state.lower() in ("master", "standby", "slave") else None
        result.append(Board(slot=_slot(row), type=str(row.get("type") or "") or None, state=state,
                            normal=judge("board", state), role=role,
                            evidence=_line(parsed, f" {row['type']} ", state) if row.get("type") else ""))
    device.boards = result
    device.sources["boards"] = parsed.command


# ---- cpu, memory ------------------------------------------------------------------------------

@handles(OS, "display cpu-usage")
def cpu(device: Device, parsed: Parsed) -> None:
    """One reading per CPU block, its 5-minute figure. Every block prints 5 seconds, 1 minute and 5
    minutes (Comware 5 and 7): a block without the 5-minute line was cut short, so it gives no reading
    (no shorter figure in its place) and the parse is partial."""
    blocks = _cpu_blocks(parsed)
    paired = zip(parsed.rows, blocks) if len(blocks) == len(parsed.rows) else ((r, None) for r in parsed.rows)
    readings = []
    for row, block in paired:
        slot = _slot(row, cpu=True)
        if not row.get("five_min"):
            parsed.cut = f"output cut short: CPU {slot} without its 5-minute figure"
            continue
        evidence = " ".join([block[0], *(ln for ln in block[1] if "5 minutes" in ln)]) if block else ""
        readings.append(CpuReading(slot=slot, percent=float(row["five_min"]), interval="5min", evidence=evidence))
    if not readings:
        raise ParseFailure(parsed.cut or "no CPU usage block")
    device.cpu = readings
    device.sources["cpu"] = parsed.command


_CPU_HEADER = re.compile(r"CPU\s+usage\s*:\s*$")


def _cpu_blocks(parsed: Parsed) -> list[tuple[str, list[str]]]:
    """(header line, body lines) per CPU block of display cpu-usage."""
    blocks: list[tuple[str, list[str]]] = []
    for line in parsed.lines():
        stripped = line.strip()
        if _CPU_HEADER.search(stripped):
            blocks.append((stripped, []))
        elif stripped and blocks:
            blocks[-1][1].append(stripped)
    return blocks


@handles(OS, "display memory")
def memory(device: Device, parsed: Parsed) -> None:
    readings = []
    for row in parsed.rows:
        if row.get("used_rate"):  # Comware 5
            total, used = _int(row.get("total_bytes")), _int(row.get("used_bytes"))
            readings.append(MemoryReading(
                slot=_slot(row), percent=float(row["used_rate"]),
                total_kb=total // 1024 if total else None, used_kb=used // 1024 if used else None,
                evidence=_line(parsed, "Used Rate")))
        elif row.get("total_kb"):  # Comware 7
            total, used, free = int(row["total_kb"]), int(row["used_kb"]), int(row["free_kb"])
            ratio = _float(row.get("free_ratio"))
            percent = 100.0 - ratio if ratio is not None else 100.0 * (total - free) / total
            readings.append(MemoryReading(slot=_slot(row), percent=round(percent, 1), total_kb=total,
                                          used_kb=used, evidence=_line(parsed, "Mem:", str(total), str(used))))
    if not readings:
        raise ParseFailure("no memory figures in display memory")
    device.memory = readings
    device.sources["memory"] = parsed.command


# ---- fans, power, temperature -----------------------------------------------------------------

_SLOT_LINE = re.compile(r"^\s*(?:Chassis\s+(\d+)\s+)?Slot\s+(\d+)\s*:?\s*$", re.IGNORECASE)
_CHASSIS_LINE = re.compile(r"^\s*Chassis\s+(\d+)\s*:?\s*$", re.IGNORECASE)


def _unit_evidence(parsed: Parsed, kind: str) -> dict[tuple[str, str], str]:
    """Evidence per (slot, unit id) for display fan / display power, in every layout they come in."""
    unit_line = re.compile(rf"^\s*(?:PWR|PSU|{kind})(?:-tray|-supply|\s+supply|\s+Frame\s+ID)?\s*:?\s*(\d+)\s*:?\s*(.*)$", re.IGNORECASE)
    table_row = re.compile(r"^\s*(\d+)\s+(\S+)\s+\S+(?:\s+\S+){3,4}\s*$")
    found: dict[tuple[str, str], str] = {}
    slot, unit, header = "0", "", ""
    for line in parsed.lines():
        stripped = line.strip()
        if m := _SLOT_LINE.match(line):
            slot = f"chassis{m.group(1)}/slot{m.group(2)}" if m.group(1) else m.group(2)
        elif m := _CHASSIS_LINE.match(line):
            slot = f"chassis{m.group(1)}"
        elif m := unit_line.match(line):
            unit, header = m.group(1), stripped
            if m.group(2).strip():  # "Fan 1 State: Normal", "PWR2  fail": state on the same line
                found[(slot, unit)] = stripped
        elif stripped.lower().startswith(("state", "status")) and unit:
            found[(slot, unit)] = f"{header} {stripped}"
        elif m := table_row.match(line):
            found[(slot, m.group(1))] = stripped
    return found


@handles(OS, "display fan")
def fans(device: Device, parsed: Parsed) -> None:
    result, evidence = [], _unit_evidence(parsed, "fan")
    for row in parsed.rows:
        state = str(row["state"])
        name = f"Fan {row['fan']}" if row.get("fan") else "Fan"
        result.append(Fan(slot=_slot(row), name=name, state=state, normal=judge("fan", state),
                          evidence=evidence.get((_slot(row), str(row.get("fan") or "")), _line(parsed, state))))
    device.fans = result
    device.sources["fans"] = parsed.command


@handles(OS, "display power")
def power(device: Device, parsed: Parsed) -> None:
    result, evidence = [], _unit_evidence(parsed, "power")
    for row in parsed.rows:
        state = str(row["state"])
        absent = is_absent(state)
        name = f"Power {row['power']}" if row.get("power") else "Power"
        result.append(PowerSupply(slot=_slot(row), name=name, state=state, present=not absent,
                                  normal=None if absent else judge("power", state),
                                  evidence=evidence.get((_slot(row), str(row.get("power") or "")),
                                                        _line(parsed, state))))
    device.power = result
    device.sources["power"] = parsed.command


def _limit(value: object) -> float | None:
    return None if str(value or "").upper() in ("", "NA", "N/A", "--") else _float(value)


@handles(OS, "display environment")
def environment(device: Device, parsed: Parsed) -> None:
    sensors = []
    for row in parsed.rows:
        celsius = float(row["temperature"])
        warning = _limit(row.get("warning"))
        alarm = _limit(row.get("alarm")) or _limit(row.get("shutdown"))
        lower = _limit(row.get("lower"))
        if warning is None and alarm is None:
            normal = None
        else:
            normal = celsius < min(x for x in (warning, alarm) if x is not None)
            if lower is not None and celsius < lower:
                normal = False
        sensors.append(TemperatureSensor(
            slot=_slot(row), name=" ".join(str(row.get("sensor") or "board").split()), celsius=celsius, warning_limit=warning,
            alarm_limit=alarm, state=None, normal=normal, evidence=_row_line(parsed, row)))
    device.temperatures = sensors
    device.sources["temperatures"] = parsed.command


def _row_line(parsed: Parsed, row: dict) -> str:
    """The table line carrying this row's slot, sensor and temperature."""
    wanted = [str(row.get(k)) for k in ("slot", "sensor", "temperature") if row.get(k)]
    for line in parsed.lines():
        tokens = line.split()
        if tokens and tokens[0] in (row.get("slot"), row.get("chassis")) and all(w in line for w in wanted):
            return line.strip()
    return ""


# ---- alarms, logs -----------------------------------------------------------------------------

@handles(OS, "display alarm")
def alarms(device: Device, parsed: Parsed) -> None:
    levels = states()["alarm_level"]
    result = []
    for row in parsed.rows:
        if row.get("none"):
            continue
        text = " ".join([str(row["info"]), *row.get("more", [])]).strip()
        word = str(row["level"]).lower()
        result.append(Alarm(text=text, level=levels.get(word, word), raised=None,
                            evidence=_line(parsed, str(row["info"]))))
    device.alarms = result
    device.sources["alarms"] = parsed.command


@handles(OS, "display logbuffer")
def logs(device: Device, parsed: Parsed) -> None:
    entries = []
    for row in parsed.rows:
        if not row.get("timestamp"):
            continue
        first = _line(parsed, str(row["timestamp"]), f"{row['module']}/{row['severity']}/")
        text = " ".join([first, *row.get("more", [])]).strip()
        entries.append(LogEntry(text=text, severity=int(row["severity"]), timestamp=str(row["timestamp"]),
                                module=str(row["module"]), mnemonic=str(row["mnemonic"])))
    device.logs = entries
    device.sources["logs"] = parsed.command


# ---- ntp, irf ---------------------------------------------------------------------------------

@handles(OS, "display ntp-service status")
def ntp(device: Device, parsed: Parsed) -> None:
    row = parsed.rows[0]
    status = str(row["clock_status"]).lower()
    vocab = states()["ntp"]
    if status not in vocab["synchronized"] + vocab["unsynchronized"]:
        raise ParseFailure(f"unknown NTP clock status '{row['clock_status']}'")
    reference = str(row.get("reference") or "").strip()
    device.ntp = NtpState(
        synchronized=status in vocab["synchronized"], stratum=_int(row.get("stratum")),
        reference=None if reference.lower() in ("", "none", "-") else reference,
        evidence=[ln for ln in (_line(parsed, "Clock status"), _line(parsed, "Clock stratum"),
                                _line(parsed, "Reference clock ID")) if ln])
    device.sources["ntp"] = parsed.command


_IRF_MEMBER_CONFIG = re.compile(r"^\s*irf member (\d+)\b|^irf-port (\d+)/\d+", re.MULTILINE)


def configured_irf_members(config: str | None) -> int | None:
    """Distinct IRF member ids the configuration declares (irf member N / irf-port N/x), or None."""
    if not config:
        return None
    ids = {a or b for a, b in _IRF_MEMBER_CONFIG.findall(config)}
    return len(ids) or None


@finishes(OS)
def settle_irf(device: Device) -> None:
    """Reconcile `display irf` with the configuration: expected members and whether IRF is in use."""
    stack = device.stack
    if stack is None or stack.kind != "irf":
        return
    expected = configured_irf_members(device.running_config)
    if expected is not None:
        stack.expected_members = expected
        _add_source(device, "stack", "display current-configuration")
    device.stack_configured = len(stack.members) > 1 or (expected or 0) > 1


def _rows_by_member(rows: list[dict]) -> dict[str, list[dict]]:
    """IRF rows grouped by member id: a chassis member prints one row per MPU slot."""
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        if row.get("member"):
            grouped.setdefault(str(row["member"]), []).append(row)
    return grouped


def _irf_member(member: str, rows: list[dict], parsed: Parsed) -> StackMember:
    """One member from its rows: master when any of its MPUs is master; abnormal when any row is."""
    roles = [str(r["role"]) for r in rows]
    role = next((r for r in roles if r.lower() == "master"), roles[0])
    verdicts = [judge("irf_role", r) for r in roles]
    normal = False if False in verdicts else (None if None in verdicts else True)
    lines = [next((ln.strip() for ln in parsed.lines() if str(r["cpu_mac"]) in ln and r["role"] in ln), "")
             for r in rows]
    return StackMember(member_id=member, role=role.lower(), state=" / ".join(dict.fromkeys(roles)),
                       normal=normal, evidence=" | ".join(ln for ln in lines if ln))


@handles(OS, "display irf")
def irf(device: Device, parsed: Parsed) -> None:
    if any(r.get("standalone") for r in parsed.rows):
        device.stack, device.stack_configured = None, False
        device.sources["stack"] = parsed.command
        return
    members = [_irf_member(member, rows, parsed) for member, rows in _rows_by_member(parsed.rows).items()]
    device.stack = Stack(kind="irf", members=members, evidence=[m.evidence for m in members])
    device.sources["stack"] = parsed.command
    settle_irf(device)




# ---- interfaces -------------------------------------------------------------------------------

_PREFIX = re.compile(r"^([A-Za-z][A-Za-z-]*?)(\d.*)$")


def full_name(name: str) -> str:
    """'GE1/0/1' -> 'GigabitEthernet1/0/1' (display interface brief abbreviations)."""
    match = _PREFIX.match(name)
    if not match:
        return name
    return states()["abbreviations"].get(match.group(1), match.group(1)) + match.group(2)


def _duplex(word: object) -> str | None:
    key = re.sub(r"\(a\)$", "", str(word or "").strip()).lower()
    return states()["duplex"].get(key) if key else None


def _speed(word: object) -> str | None:
    text = re.sub(r"\(a\)$", "", str(word or "").strip())
    return None if text.lower() in ("", "unknown", "--") else text


def _link(word: str) -> tuple[str, bool]:
    """Model link state and err-disabled flag from a printed state ('DOWN ( Administratively )')."""
    text = " ".join(word.lower().split())
    mapping = states()["interface_state"]
    if text in mapping:
        return mapping[text], False
    if text.startswith("down") and "(" in text:
        reason = text.split("(", 1)[1]
        if any(re.search(p, reason) for p in states()["err_disabled"]):
            return "err_disabled", True
        return "down", False
    return text, False


def _interface(device: Device, name: str) -> Interface:
    if device.interfaces is None:
        device.interfaces = []
    for item in device.interfaces:
        if item.name == name:
            return item
    item = Interface(name=name)
    device.interfaces.append(item)
    return item


@handles(OS, "display interface brief")
def interface_brief(device: Device, parsed: Parsed) -> None:
    lines = parsed.lines()
    for row in parsed.rows:
        item = _interface(device, full_name(str(row["interface"])))
        item.link = item.link or _link(str(row["link"]))[0]
        protocol = str(row.get("protocol") or "")
        if protocol and protocol != "--" and item.protocol is None:
            item.protocol = "up" if protocol.upper().startswith("UP") else protocol.lower()
        item.duplex = item.duplex or _duplex(row.get("duplex"))
        item.speed = item.speed or _speed(row.get("speed"))
        description = str(row.get("description") or "").strip()
        if description and description != "--" and item.description is None:
            item.description = description
        item.evidence.append(next((ln.strip() for ln in lines if ln.split()[:1] == [row["interface"]]), ""))
    _add_source(device, "interfaces", parsed.command)


@handles(OS, "display interface")
def interfaces(device: Device, parsed: Parsed) -> None:
    for row in parsed.rows:
        item = _interface(device, str(row["interface"]))
        if row.get("state"):
            item.link, item.err_disabled = _link(str(row["state"]))
        if row.get("protocol"):
            item.protocol = str(row["protocol"]).lower()
        if row.get("description") and item.description is None:
            item.description = str(row["description"]).strip()
        if row.get("duplex"):
            item.duplex = _duplex(row["duplex"]) or item.duplex
        if row.get("speed"):
            item.speed = _speed(row["speed"]) or item.speed
        item.crc_errors = _int(row.get("crc"))
        item.input_errors = _int(row.get("input_errors"))
        item.output_errors = _int(row.get("output_errors"))
        item.evidence += _interface_evidence(parsed, str(row["interface"]))
    _add_source(device, "interfaces", parsed.command)


_IFACE_LINE = re.compile(r"^[A-Za-z][\w./:-]*\d[\w./:-]*$")
_IFACE_EVIDENCE = re.compile(r"(?i)current state|input errors|\bCRC\b|output errors")


def _may_be_evidence(line: str) -> bool:
    """False only for a line _IFACE_EVIDENCE cannot match: it needs one of these in any case (a cheap test first;
    none of their letters has a non-ASCII case-insensitive twin in Python's re, unlike i, k and s)."""
    low = line.lower()
    return "current" in low or "nput error" in low or "crc" in low or "utput error" in low


def _interface_evidence(parsed: Parsed, name: str) -> list[str]:
    """The state and error-counter lines of one interface block."""
    if "row_names" not in parsed.memo:  # the rows' names, once per output (not once per row)
        parsed.memo["row_names"] = frozenset(str(row["interface"]) for row in parsed.rows if row.get("interface"))
    names = parsed.memo["row_names"] | {name} if name not in parsed.memo["row_names"] else parsed.memo["row_names"]
    if parsed.memo.get("interface_names") != names:
        parsed.memo["interface_names"], parsed.memo["interface_blocks"] = names, _interface_blocks(parsed, names)
    return list(parsed.memo["interface_blocks"].get(name, []))


def _interface_blocks(parsed: Parsed, names: set[str]) -> dict[str, list[str]]:
    """Evidence lines of every named interface's block (its first block), in one pass over the output."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in parsed.lines():
        stripped = line.strip()
        head = stripped.split(" current state", 1)[0] if " current state" in stripped else stripped
        if head in names and head not in blocks:
            current = blocks[head] = [stripped]
            continue
        if current is None:
            continue
        if (_IFACE_LINE.match(stripped) and not line.startswith(" ")
                or " current state" in stripped and not stripped.lower().startswith("line")):
            current = None
        elif _may_be_evidence(stripped) and _IFACE_EVIDENCE.search(stripped):
            current.append(stripped)
    return blocks


# ---- storage, licenses ------------------------------------------------------------------------

@handles(OS, "dir")
def storage(device: Device, parsed: Parsed) -> None:
    device.storage = [Storage(name=str(r["name"]), total_kb=int(r["total_kb"]), free_kb=int(r["free_kb"]),
                              evidence=_line(parsed, f"{r['total_kb']} KB total")) for r in parsed.rows]
    device.sources["storage"] = parsed.command


def _date(text: str) -> date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    return date(*map(int, match.groups())) if match else None


@handles(OS, "display license")
def licenses(device: Device, parsed: Parsed) -> None:
    result = []
    for row in parsed.rows:
        kind, expires = str(row.get("type") or ""), str(row.get("expires") or "")
        permanent = "permanent" in kind.lower() or expires.lower() == "never"
        result.append(License(name=str(row["feature"]), state=str(row.get("state") or ""),
                              expires=None if permanent else _date(expires), permanent=permanent,
                              evidence=_line(parsed, expires) if expires else _line(parsed, str(row["feature"]))))
    device.licenses = result
    device.sources["licenses"] = parsed.command


# ---- wireless, firewall -----------------------------------------------------------------------

@handles(OS, "display wlan ap all")
def access_points(device: Device, parsed: Parsed) -> None:
    device.access_points = [
        AccessPoint(name=str(r["name"]), state=str(r["state"]), normal=judge("access_point", str(r["state"])),
                    model=str(r["model"]), ap_id=str(r["apid"]),
                    evidence=next((ln.strip() for ln in parsed.lines() if ln.split()[:2] == [r["name"], r["apid"]]),
                                  ""))
        for r in parsed.rows]
    device.sources["access_points"] = parsed.command


@handles(OS, "display remote-backup-group status")
def ha(device: Device, parsed: Parsed) -> None:
    row = parsed.rows[0]
    status, channel = str(row["running_status"]), str(row.get("control_channel") or "")
    normal = judge("ha", status)
    channel_ok = judge("ha_channel", channel) if channel else None
    if normal is not None and channel_ok is False:
        normal = False
    device.ha = HaState(role=status.lower(), state=status, normal=normal,
                        peer_state=f"control channel {channel.lower()}" if channel else None,
                        evidence=[ln for ln in (_line(parsed, "Device running status"),
                                                _line(parsed, "Control channel status")) if ln])
    device.ha_configured = True
    device.sources["ha"] = parsed.command


@handles(OS, "display session statistics")
def sessions(device: Device, parsed: Parsed) -> None:
    """Current sessions summed over slots; Comware does not print the table's capacity here."""
    current = sum(int(r["current"]) for r in parsed.rows)
    device.sessions = SessionUsage(current=current, maximum=None,
                                   evidence=[ln.strip() for ln in parsed.lines() if "Current sessions" in ln])
    device.sources["sessions"] = parsed.command
