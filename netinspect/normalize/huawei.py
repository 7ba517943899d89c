"""Handlers for Huawei VRP 5 / VRP 8 outputs: parsed rows to device facts.

Templates live in ``parsers/huawei_vrp_*.textfsm`` (plus ntc-templates for ``display device``,
``display ap all`` and VRP 8 ``display temperature``). State-word vocabularies are data, in
``data/states_huawei.yaml``: a word listed nowhere gives ``normal=None``.
"""

from __future__ import annotations

import re
from collections import Counter
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

VRP = ("huawei_vrp", "huawei_vrp8")
VRP5 = "huawei_vrp"
VRP8 = "huawei_vrp8"


def states() -> dict:
    """The vocabulary file data/states_huawei.yaml."""
    return vocab.states("huawei")


def judge(group: str, word: str | None) -> bool | None:
    """True / False when `word` is a known normal / abnormal state of `group`, else None."""
    return vocab.judge("huawei", group, word)


def _absent(word: str | None) -> bool:
    return vocab.listed("huawei", "absent", word)


def _num(value: object) -> int | None:
    text = str(value or "").replace(",", "").strip()
    return int(text) if text.isdigit() else None


def _float(value: object) -> float | None:
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return None


def _evidence(parsed: Parsed, *needles: str) -> str:
    """The first output line containing every needle (for the report).

    Jumps from one occurrence of the first needle to the next with str.find (one call per row of a
    table would otherwise scan the whole output line by line)."""
    wanted = [n for n in needles if n]
    if not wanted:
        return parsed.lines()[0].strip() if parsed.lines() else ""
    text, first, rest = parsed.text, wanted[0], wanted[1:]
    pos = text.find(first)
    while pos != -1:
        start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
        end = min((i for i in (text.find("\n", pos), text.find("\r", pos)) if i != -1), default=len(text))
        line = text[start:end]
        if first in line and all(n in line for n in rest):
            return line.strip()
        pos = text.find(first, max(end, pos + 1))
    return ""


def _nth_evidence(parsed: Parsed, n: int, *needles: str) -> str:
    """The n-th (0-based) output line containing every needle: rows that share a key keep their own line."""
    lines = [line.strip() for line in parsed.lines() if all(k in line for k in needles if k)]
    return lines[n] if n < len(lines) else (lines[0] if lines else "")


def _require_rows(parsed: Parsed) -> list[dict[str, object]]:
    if not parsed.rows:
        raise ParseFailure(f"no data rows in '{parsed.command}' output")
    return parsed.rows


# ---- identity -------------------------------------------------------------------------------

_UPTIME_UNITS = {"week": 604800, "day": 86400, "hour": 3600, "minute": 60, "second": 1}


def uptime_seconds(text: str) -> int | None:
    """'19 weeks, 5 days, 5 hours, 27 minutes' -> seconds; None when nothing is recognised."""
    parts = re.findall(r"(\d+)\s*(week|day|hour|minute|second)s?", text or "")
    return sum(int(n) * _UPTIME_UNITS[unit] for n, unit in parts) if parts else None


def clean_model(raw: str) -> str:
    """Drop the descriptive words VRP prints after the model ('S7706 Terabit Routing Switch')."""
    model = raw.strip()
    for suffix in states()["model_suffixes"]:
        if model.lower().endswith(" " + suffix.lower()):
            return model[: -len(suffix) - 1].strip()
    return model


@handles(VRP, "display version")
def display_version(device: Device, parsed: Parsed) -> None:
    row = _require_rows(parsed)[0]
    ident = device.identity
    ident.model = clean_model(str(row["model"])) or None
    product = str(row["product_version"])  # "S7700 V200R010C00SPC600" / "NE40E V800R021C10SPC600"
    match = re.search(r"(V\d{3}R\d{3}\w*)", product, re.IGNORECASE)
    if match:
        ident.version = match.group(1).upper()
    elif product.lower().startswith("release"):  # VRP 3.x: "VRP software, Version 3.10, Release 1648P01"
        ident.version = f"{row['vrp_version']} {product}"
    else:
        ident.version = product or None
    ident.os_version = str(row["vrp_version"]) or None
    ident.patch = str(row["patch_version"]) or ident.patch
    ident.uptime_seconds = uptime_seconds(str(row["uptime"]))
    ident.evidence += [ln for ln in (_evidence(parsed, str(row["vrp_version"]) and f"Version {row['vrp_version']}"),
                                     _evidence(parsed, "uptime is")) if ln]
    device.sources["identity"] = parsed.command


@handles(VRP, "display esn")
def display_esn(device: Device, parsed: Parsed) -> None:
    rows = _require_rows(parsed)
    first = rows[0]  # "master" or the lowest slot: the chassis / stack master
    device.identity.serial = str(first["esn"])
    device.identity.evidence.append(_evidence(parsed, str(first["esn"])))
    device.sources.setdefault("identity", parsed.command)
    device.sources["serial"] = parsed.command


# ---- cpu / memory ---------------------------------------------------------------------------

@handles(VRP, "display cpu-usage")
def display_cpu(device: Device, parsed: Parsed) -> None:
    readings, system = [], []
    for row in _require_rows(parsed):
        five_min, current = _float(row["five_min"]), _float(row["current"])
        percent, interval = (five_min, "5min") if five_min is not None else (current, "current")
        if percent is None:
            raise ParseFailure("no CPU figure in the output")
        plane = str(row.get("plane") or "")
        # the system figure is slot "0", or the slot the output names ("Slot: 1    CPU:0", a slot asked for)
        slot = f"{plane.lower()} plane" if plane else str(row["cpu"] or row.get("slot") or "0")
        readings.append(CpuReading(slot=slot, percent=percent, interval=interval,
                                   evidence=_cpu_evidence(parsed, len(readings), slot)))
        if not plane and (slot == "0" or (not row["cpu"] and row.get("slot"))):
            system.append(readings[-1])
    device.cpu = system or readings  # VRP 8 repeats the system figure per CPU: keep the system one
    device.sources["cpu"] = parsed.command


def _cpu_evidence(parsed: Parsed, index: int, slot: str) -> str:
    """The index-th five-minute line (AR routers print one per plane), else a line naming the slot."""
    lines = [ln.strip() for ln in parsed.lines() if "five minutes" in ln or "in last 5 minutes" in ln]
    if index < len(lines):
        return lines[index]
    return _evidence(parsed, slot)


@handles(VRP, "display memory-usage")
def display_memory(device: Device, parsed: Parsed) -> None:
    row = _require_rows(parsed)[0]
    percent = _float(row["percent"])
    if percent is None:
        raise ParseFailure("no memory percentage in the output")
    factor = {"bytes": 1 / 1024, "kbytes": 1, "kb": 1, "mb": 1024, "mbytes": 1024}[str(row["unit"]).lower() or "kb"]
    total, used = _num(row["total"]), _num(row["used"])
    device.memory = [MemoryReading(
        slot="0", percent=percent,
        total_kb=int(total * factor) if total is not None else None,
        used_kb=int(used * factor) if used is not None else None,
        evidence=_evidence(parsed, "Memory Using Percentage"))]
    device.sources["memory"] = parsed.command


# ---- environment ----------------------------------------------------------------------------

def _fan_from_row(parsed: Parsed, row: dict[str, object]) -> Fan:
    online, register, status = str(row.get("online") or ""), str(row.get("register") or ""), str(row.get("status") or "")
    word = status or register or online
    normal = False if _absent(online) else judge("fan", word)
    if status and register and judge("fan", register) is False:
        normal = False
    name = str(row.get("fan_id") or "") or "fan"
    speed = _float(row.get("speed")) if row.get("speed") else None
    needle = name if row.get("fan_id") else f"Slotid    : {row.get('slot')}"
    return Fan(slot=str(row.get("slot") or "0"), name=name, state=word, normal=normal, speed_percent=speed,
               evidence=_evidence(parsed, needle) or _evidence(parsed, str(row.get("slot"))))


@handles(VRP, "display fan")
@handles(VRP8, "display device fan")
def display_fan(device: Device, parsed: Parsed) -> None:
    device.fans = [_fan_from_row(parsed, row) for row in _require_rows(parsed)]
    device.sources["fans"] = parsed.command


@handles(VRP, "display power")
@handles(VRP8, "display device power")
def display_power(device: Device, parsed: Parsed) -> None:
    supplies = []
    for row in _require_rows(parsed):
        online, state = str(row["online"]), str(row["state"])
        present = not _absent(online)
        supplies.append(PowerSupply(slot=str(row["slot"] or "0"), name=str(row["power_id"]), state=state,
                                    normal=judge("power", state) if present else None, present=present,
                                    evidence=_evidence(parsed, str(row["power_id"]), online)))
    device.power = supplies
    device.sources["power"] = parsed.command


@handles(VRP5, "display temperature all")
def display_temperature_all(device: Device, parsed: Parsed) -> None:
    sensors = []
    for row in _require_rows(parsed):
        name = str(row["sensor"]) if str(row["sensor"]) not in ("NA", "-", "--") else "board"
        sensors.append(TemperatureSensor(
            slot=str(row["slot"]), name=name, celsius=_float(row["current"]), warning_limit=_float(row["upper"]),
            alarm_limit=None, state=str(row["status"]), normal=judge("temperature", str(row["status"])),
            evidence=_evidence(parsed, str(row["status"]), str(row["current"]))))
    device.temperatures = sensors
    device.sources["temperatures"] = parsed.command


@handles(VRP8, "display device temperature all")
def display_device_temperature_all(device: Device, parsed: Parsed) -> None:
    """Major/Fatal table, or per-board Minor/Major/Fatal blocks (minor = warning, major = alarm there)."""
    device.temperatures = [_device_temperature(parsed, row) for row in _require_rows(parsed)]
    device.sources["temperatures"] = parsed.command


def _device_temperature(parsed: Parsed, row: dict) -> TemperatureSensor:
    sensor, minor = str(row["sensor"]), str(row.get("minor") or "")
    needles = (sensor, str(row["status"]))
    if sensor in ("--", "-", "NA"):
        sensor = " ".join(part for part in (str(row["card"]), "sensor", str(row.get("sensorid") or "")) if part)
        needles = (str(row["card"]), str(row["current"]))
    return TemperatureSensor(
        slot=str(row["slot"]), name=sensor, celsius=_float(row["current"]),
        warning_limit=_float(row["minor"] if minor else row["major"]),
        alarm_limit=_float(row["major"] if minor else row["fatal"]), state=str(row["status"]),
        normal=judge("temperature", str(row["status"])), evidence=_evidence(parsed, *needles))


@handles(VRP8, "display temperature")
def display_temperature(device: Device, parsed: Parsed) -> None:
    """ntc-templates huawei_vrp_display_temperature: status and temperature per sensor, no limits."""
    device.temperatures = [TemperatureSensor(
        slot=str(row["slotid"]).replace("SlotID", ""), name=str(row["pcb"]), celsius=_float(row["temperature"]),
        state=str(row["status"]), normal=judge("temperature", str(row["status"])),
        evidence=_evidence(parsed, str(row["pcb"]), str(row["status"]))) for row in _require_rows(parsed)]
    device.sources["temperatures"] = parsed.command


@handles(VRP, "display device")
def display_device(device: Device, parsed: Parsed) -> None:
    """ntc-templates huawei_vrp_display_device rows."""
    boards = []
    for row in _require_rows(parsed):
        alarm, register = str(row["alarm_status"]), str(row["register_status"])
        normal = judge("board", alarm)
        if judge("board", register) is False or _absent(str(row["online_status"])):
            normal = False
        slot = str(row["slot"]) if row["card"] in ("-", "") else f"{row['slot']}/{row['card']}"
        role = str(row["ha_status"]) if row["ha_status"] not in ("", "NA") else None
        boards.append(Board(slot=slot, type=str(row["pid"]), state=alarm or register, normal=normal, role=role,
                            evidence=_evidence(parsed, str(row["pid"]), alarm)))
    device.boards = boards
    device.sources["boards"] = parsed.command


# ---- alarms / logs / ntp ------------------------------------------------------------------

@handles(VRP, "display alarm active")
def display_alarm_active(device: Device, parsed: Parsed) -> None:
    rows = _require_rows(parsed)
    alarms = []
    seen: Counter[str] = Counter()
    # NE routers print the level as a number and explain it: "1:Critical  2:Major  3:Minor  4:Warning"
    legend = {n: word.lower() for n, word in re.findall(r"\b(\d):([A-Za-z]+)\b", next(
        (ln for ln in parsed.lines() if re.match(r"^\s*\d:Critical\s", ln)), ""))}
    for row in rows:
        if row["none"]:
            continue
        level = str(row["level"]).lower()
        level = legend.get(level, level)
        if level not in states()["alarm_levels"]:
            raise ParseFailure(f"unknown alarm level '{row['level']}'")
        alarm_id = str(row["alarm_id"])
        evidence = _nth_evidence(parsed, seen[alarm_id], alarm_id)
        seen[alarm_id] += 1
        alarms.append(Alarm(text=str(row["description"]), level=level, alarm_id=alarm_id,
                            raised=str(row["date"]), evidence=evidence))
    device.alarms = alarms
    device.sources["alarms"] = parsed.command


@handles(VRP, "display logbuffer")
def display_logbuffer(device: Device, parsed: Parsed) -> None:
    if not parsed.rows and not _evidence(parsed, "Logging buffer configuration"):
        raise ParseFailure("no log buffer header or entries")
    device.logs = [LogEntry(
        text=_evidence(parsed, str(row["timestamp"]), str(row["mnemonic"]), str(row["message"])[:40]),
        severity=int(str(row["severity"])), timestamp=str(row["timestamp"]), module=str(row["module"]),
        mnemonic=str(row["mnemonic"])) for row in parsed.rows]
    device.sources["logs"] = parsed.command


@handles(VRP5, "display ntp-service status")
@handles(VRP8, "display ntp status")
@handles(VRP8, "display ntp-service status")  # NetEngine (NE40E V800) keeps VRP 5's spelling
def display_ntp(device: Device, parsed: Parsed) -> None:
    row = _require_rows(parsed)[0]
    status = str(row["clock_status"]).lower()
    vocab = states()["ntp"]
    if status in vocab["synchronized"]:
        synced = True
    elif status in vocab["unsynchronized"]:
        synced = False
    else:
        raise ParseFailure(f"unknown NTP clock status '{row['clock_status']}'")
    reference = str(row["reference"]) or None
    device.ntp = NtpState(synchronized=synced, stratum=_num(row["stratum"]),
                          reference=None if reference in (None, "none", "NONE") else reference,
                          evidence=[ln for ln in (_evidence(parsed, "clock status"), _evidence(parsed, "clock stratum"),
                                                  _evidence(parsed, "reference clock ID")) if ln])
    device.sources["ntp"] = parsed.command


# ---- stack ----------------------------------------------------------------------------------

@handles(VRP, "display stack")
def display_stack(device: Device, parsed: Parsed) -> None:
    rows = _require_rows(parsed)
    device.sources["stack"] = parsed.command
    if any(row["not_stacked"] for row in rows):
        device.stack_configured, device.stack = False, None
        device.notes["stack"] = _evidence(parsed, str(rows[0]["not_stacked"]))
        return
    members = [StackMember(member_id=str(r["slot"]), role=str(r["role"]), state=str(r["role"]),
                           normal=judge("stack_role", str(r["role"])),
                           evidence=_evidence(parsed, str(r["mac"]), str(r["role"]))) for r in rows if r["slot"]]
    if not members:
        raise ParseFailure("stack output lists no member")
    if len(members) == 1:
        device.stack_configured, device.stack = False, None
        device.notes["stack"] = f"standalone: the stack lists one member ({members[0].evidence})"
        return
    device.stack_configured = True
    device.stack = Stack(kind="istack", members=members, evidence=[m.evidence for m in members])


# ---- interfaces -----------------------------------------------------------------------------

def _interface(device: Device, name: str) -> Interface:
    if device.interfaces is None:
        device.interfaces = []
    for intf in device.interfaces:
        if intf.name == name:
            return intf
    intf = Interface(name=name)
    device.interfaces.append(intf)
    return intf


def link_state(word: str) -> str:
    """Huawei link word ('UP', '*down', 'Administratively DOWN', 'ERROR DOWN(...)') -> model value."""
    raw = word.strip().rstrip(",").strip().lower()  # "UP ," on sub-interfaces of a dialer
    table = states()["interface_link"]
    for key in sorted(table, key=len, reverse=True):
        if raw == key or raw.startswith(key + "(") or (" " in key and raw.startswith(key)):
            return table[key]
    return re.sub(r"\(.*$", "", raw).strip() or raw


def _protocol(word: str) -> str:
    return re.sub(r"\(.*$", "", word.strip().lower()).strip()


@handles(VRP, "display interface brief")
def display_interface_brief(device: Device, parsed: Parsed) -> None:
    for row in _require_rows(parsed):
        intf = _interface(device, str(row["interface"]))
        intf.link = link_state(str(row["phy"]))
        intf.err_disabled = intf.err_disabled or intf.link == "err_disabled"
        intf.protocol = _protocol(str(row["protocol"]))
        if intf.input_errors is None:
            intf.input_errors = _num(row["in_errors"])
        if intf.output_errors is None:
            intf.output_errors = _num(row["out_errors"])
        intf.evidence.append(_evidence(parsed, str(row["interface"]), str(row["phy"])))
    device.sources.setdefault("interfaces", parsed.command)


@handles(VRP, "display interface")
def display_interface(device: Device, parsed: Parsed) -> None:
    for row in _require_rows(parsed):
        intf = _interface(device, str(row["interface"]))
        intf.link = link_state(str(row["link"]))
        intf.err_disabled = intf.err_disabled or intf.link == "err_disabled"
        intf.protocol = _protocol(str(row["protocol"])) or intf.protocol
        intf.description = str(row["description"]).strip() or intf.description
        intf.speed = str(row["speed"]) or intf.speed
        duplex = str(row["duplex"]).lower()
        intf.duplex = duplex if duplex in ("full", "half", "auto") else intf.duplex
        for field in ("crc", "input_errors", "output_errors"):
            value = _num(row[field] if field != "crc" else row["crc"])
            if value is not None:
                setattr(intf, "crc_errors" if field == "crc" else field, value)
        intf.evidence.append(_evidence(parsed, str(row["interface"]) + " current state"))
    device.sources["interfaces"] = parsed.command


# ---- storage / licenses ---------------------------------------------------------------------

@handles(VRP, "dir")
def dir_storage(device: Device, parsed: Parsed) -> None:
    rows = _require_rows(parsed)
    if any(_num(row["total_kb"]) is None for row in rows):  # the "KB total" line is cut off: no figure
        raise ParseFailure("no 'KB total (KB free)' line after the file list")
    device.storage = [Storage(name=str(row["directory"]).rstrip("/") or "flash:", total_kb=_num(row["total_kb"]),
                              free_kb=_num(row["free_kb"]) or 0, evidence=_evidence(parsed, "KB total"))
                      for row in rows]
    device.sources["storage"] = parsed.command


@handles(VRP, "display license")
def display_license(device: Device, parsed: Parsed) -> None:
    licenses = []
    for row in _require_rows(parsed):
        expired = str(row["expired"])
        permanent = expired.upper() in ("PERMANENT", "NEVER", "--", "-")
        expires = None
        match = re.match(r"(\d{4})[-/](\d{2})[-/](\d{2})", expired)
        if match:
            expires = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        elif not permanent:
            raise ParseFailure(f"unreadable license expiry '{expired}'")
        licenses.append(License(name=str(row["feature"]), state=str(row["license_state"]) or "unknown",
                                expires=expires, permanent=permanent, evidence=_evidence(parsed, "Expired date", expired)))
    device.licenses = licenses
    device.sources["licenses"] = parsed.command


# ---- wireless / firewall --------------------------------------------------------------------

@handles(VRP5, "display ap all")
def display_ap_all(device: Device, parsed: Parsed) -> None:
    """ntc-templates huawei_vrp_display_ap_all rows."""
    device.access_points = [AccessPoint(
        name=str(row["name"]), state=str(row["state"]), normal=judge("access_point", str(row["state"])),
        model=str(row["type"]) or None, ip=str(row["ip_address"]) or None, ap_id=str(row["id"]),
        evidence=_evidence(parsed, str(row["mac_address"]))) for row in _require_rows(parsed)]
    device.sources["access_points"] = parsed.command
    # the STA column: clients associated with each AP (health.wlan_clients)
    device.ap_clients = {str(row["name"]): int(row["sta"]) for row in parsed.rows if str(row["sta"]).isdigit()}
    device.sources["ap_clients"] = parsed.command


@handles(VRP5, "display hrp state")
def display_hrp_state(device: Device, parsed: Parsed) -> None:
    row = _require_rows(parsed)[0]
    role, peer = str(row["role"]).lower(), str(row["peer_role"]).lower()
    if not role:
        raise ParseFailure("no 'Role:' line in HRP output")
    vocab = states()["ha"]
    state = str(row["new_state"]).lower() or role
    normal = judge("ha", state) if row["new_state"] else None
    if peer in vocab["peer_missing"] or role not in vocab["roles"]:
        normal = False if peer in vocab["peer_missing"] else normal
    elif normal is None and {role, peer} == {"active", "standby"}:
        normal = True
    device.ha_configured = True
    device.ha = HaState(role=role, state=state, normal=normal, peer_state=peer,
                        evidence=[ln for ln in (_evidence(parsed, "Role:"), _evidence(parsed, "Running priority"),
                                                _evidence(parsed, "new_state")) if ln])
    device.sources["ha"] = parsed.command


@handles(VRP5, "display firewall session table")
def display_session_table(device: Device, parsed: Parsed) -> None:
    row = _require_rows(parsed)[0]
    current = _num(row["current"])
    if current is None:
        raise ParseFailure("no session count")
    device.sessions = SessionUsage(current=current, maximum=None,
                                   evidence=[_evidence(parsed, "Current Total Sessions")])
    device.sources["sessions"] = parsed.command


@finishes(VRP5)
def session_capacity(device: Device) -> None:
    """The session table's size is the model's specification (the device does not print it)."""
    capacity = states()["session_capacity"].get(device.identity.model or "")
    if device.sessions is not None and device.sessions.maximum is None and capacity:
        device.sessions.maximum = capacity
        device.sessions.evidence.append(
            f"session specification of {device.identity.model}: {capacity} (vendor datasheet)")
