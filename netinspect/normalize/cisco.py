"""Handlers for cisco outputs (IOS and IOS-XE): parsed rows to device facts.

Templates: ntc-templates for show version / inventory / interfaces / logging / license /
interfaces status err-disabled; netinspect's own (parsers/cisco_ios_*) for the rest.
State words are read through data/states_cisco.yaml: a word in neither list is unknown (None).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from netinspect.core.model import (
    Alarm,
    Board,
    CpuReading,
    Device,
    Fan,
    Interface,
    License,
    LogEntry,
    MemoryReading,
    NtpState,
    PowerSupply,
    Stack,
    StackMember,
    Storage,
    TemperatureSensor,
)
from netinspect.normalize import vocab
from netinspect.normalize.registry import Parsed, ParseFailure, handles
from netinspect.parse.engine import parse_output, unknown_lines

CISCO = ("cisco_ios", "cisco_iosxe")
_TEXTFSM = ("cisco_xe", "cisco_ios")


# ---- helpers -------------------------------------------------------------------------------


def states() -> dict:
    """The vocabulary file data/states_cisco.yaml."""
    return vocab.states("cisco")


def _word(state: str) -> str:
    return " ".join(state.lower().split())


def judge(group: str, word: str | None) -> bool | None:
    """True / False when `word` is a known normal / abnormal state of `group`, else None."""
    return vocab.judge("cisco", group, word)


def _worst(*verdicts: bool | None) -> bool | None:
    """Combine verdicts: any False wins, then any unknown, else True."""
    if any(v is False for v in verdicts):
        return False
    if any(v is None for v in verdicts):
        return None
    return True


def _int(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _first(value: object) -> str | None:
    """First item of a TextFSM List value, or the value itself."""
    if isinstance(value, list):
        return str(value[0]).strip() if value else None
    text = str(value or "").strip()
    return text or None


def _evidence(parsed: Parsed, *tokens: str) -> str:
    """The first output line that holds every token (for the report)."""
    wanted = [t for t in tokens if t]
    for line in parsed.lines():
        if all(t in line for t in wanted):
            return line.rstrip()
    return ""


def _rows_allow_empty(parsed: Parsed, empty: re.Pattern[str]) -> list[dict[str, object]]:
    """TextFSM rows, where an output holding only headers (`empty`) legitimately means none."""
    result = parse_output(_TEXTFSM, parsed.command, parsed.text)
    if result.ok:
        return result.rows
    if result.status == "parse_error" and result.message and "no line matched" in result.message \
            and empty.search(parsed.text):
        return []
    raise ParseFailure(result.message or "output not understood")


def refuse_unknown_faults(parsed: Parsed) -> None:
    """Raise ParseFailure when a line the template did not understand names a possible fault
    (data/states_cisco.yaml fault_words): the checks must not pass on the lines that were understood."""
    words = states()["fault_words"]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    for number, line in unknown_lines(_TEXTFSM, parsed.command, parsed.text):
        if pattern.search(line):
            raise ParseFailure(f"line {number} not understood and may report a fault: '{line.strip()[:120]}'")


# ---- identity ------------------------------------------------------------------------------

_XE_VERSION = re.compile(r"^[ \t]*Cisco IOS[ -]XE Software, Version\s+(\S+)", re.MULTILINE | re.IGNORECASE)
# The running image: "Cisco IOS Software [Dublin], ... (CAT9K_IOSXE), Version 17.12.3, RELEASE ...",
# "IOS (tm) C2950 Software (...), Version 12.1(22)EA13, ...", engineering builds
# "..., Experimental Version 17.13.20230512:105008 [...]". Never the ROM / boot-loader line.
_IMAGE = re.compile(r"^(?:Cisco\s+)?IOS\b(?:\s*\(tm\))?.*?Software\b.*?(?:,|\))\s*(?:Experimental\s+)?"
                    r"Version\s+([^\s,]+)", re.IGNORECASE)
_NOT_IMAGE = re.compile(r"^\s*(?:ROM|BOOTLDR)\s*:|^\s*Cisco IOS[ -]XE Software,", re.IGNORECASE)
# "cisco WS-C3750X-24P (PowerPC405) processor ...", "Cisco CISCO1941/K9 (revision 1.0) with ...",
# "Allen-Bradley 1783-CMS20DN (ARM) processor ..." (Stratix, IOS-XE); a capture may indent the lines
_MODEL = re.compile(r"^[ \t]*(?:[Cc]isco|Allen-Bradley)\s+(\S+)\s+(?:\([^)]*\)\s+processor|\(revision\s)", re.MULTILINE)
_SERIAL = re.compile(r"^[ \t]*Processor board ID\s+([^\s,]+)", re.MULTILINE)
_SYS_SERIAL = re.compile(r"^System [Ss]erial [Nn]umber\s*:\s*(\S+)", re.MULTILINE)
_UPTIME = re.compile(r"^(\S+)\s+uptime is\s+(.+)$", re.MULTILINE)
_UPTIME_PART = re.compile(r"(\d+)\s+(year|week|day|hour|minute)s?")
_UNIT_SECONDS = {"year": 365 * 86400, "week": 7 * 86400, "day": 86400, "hour": 3600, "minute": 60}


def unwrap(lines: Iterable[str]) -> list[str]:
    """Lines with a trailing backslash (a terminal that wrapped a long line) joined to the next."""
    out: list[str] = []
    pending = ""
    for line in lines:
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1]
            continue
        out.append(pending + line)
        pending = ""
    if pending:
        out.append(pending)
    return out


def image_version(lines: Iterable[str]) -> tuple[str, str] | None:
    """(version, line) of the running IOS image, never the ROM or boot loader."""
    for line in unwrap(lines):
        if _NOT_IMAGE.search(line):
            continue
        match = _IMAGE.search(line.strip())
        if match:
            return match.group(1), line.rstrip()
    return None


@handles(CISCO, "show version", textfsm=False)
def show_version(device: Device, parsed: Parsed) -> None:
    """Identity from what the device printed: version = the running image's IOS release ("15.2(7)E4",
    "17.9.4a", "17.13.20230512:105008" on engineering builds); os_version = the IOS XE platform release
    when printed ("17.09.04a"), else the IOS release. IOS vs IOS-XE comes from this output for the
    whole device, whatever the inventory said (normalize.printed_os, data/prompts.yaml)."""
    found = image_version(parsed.lines())
    if found is None:
        raise ParseFailure("no IOS image version line (\"... Software (...), Version ...\") in show version")
    version, image_line = found
    text = "\n".join(unwrap(parsed.lines()))
    ident = device.identity
    ident.version = version
    xe = _XE_VERSION.search(text)
    # on IOS-XE without its platform line (a cut or edited capture) the platform release is unknown, not
    # the IOS release under another name
    ident.os_version = xe.group(1) if xe else (None if parsed.os == "cisco_iosxe" else version)
    model, serial = _MODEL.search(text), _SERIAL.search(text) or _SYS_SERIAL.search(text)
    ident.model = model.group(1) if model else ident.model
    ident.serial = serial.group(1) if serial else ident.serial
    uptime = _UPTIME.search(text)
    if uptime:
        ident.hostname = ident.hostname or uptime.group(1)
        ident.uptime_seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in _UPTIME_PART.findall(uptime.group(2)))
    ident.evidence = [ln for ln in (
        image_line, uptime.group(0) if uptime else "", _evidence(parsed, ident.model or "\0", "processor"),
        serial.group(0) if serial else "") if ln]
    device.sources["identity"] = parsed.command


@handles(CISCO, "show inventory")
def show_inventory(device: Device, parsed: Parsed) -> None:
    """Boards (every inventory item with a PID); chassis model/serial when show version lacked them."""
    boards: list[Board] = []
    rows = parsed.rows
    last = next((ln.strip() for ln in reversed(parsed.lines()) if ln.strip()), "")
    if rows and last.startswith("NAME:"):  # every item prints a PID line after its NAME: the last was cut off
        rows = rows[:-1]
        parsed.cut = "output cut short: the last item has no PID line"
    for row in rows:
        name, pid, serial = str(row.get("name", "")).strip(), _first(row.get("pid")), _first(row.get("sn"))
        if not pid:
            continue
        boards.append(Board(slot=name, type=pid, state="present", normal=None, serial=serial,
                            evidence=_evidence(parsed, "PID:", pid)))
    if not boards:
        raise ParseFailure("no inventory item with a PID")
    device.boards = boards
    device.sources["boards"] = parsed.command
    model, serial = _chassis(rows, boards)
    device.identity.model = device.identity.model or model
    device.identity.serial = device.identity.serial or serial


_CHASSIS_NAME = re.compile(r"chassis", re.IGNORECASE)
_SWITCH_ONE = re.compile(r"^(?:Switch\s*)?1(?:\s+System)?$|^Switch\s+System$|^Switch\s*1\s+Chassis$", re.IGNORECASE)
_STACK = re.compile(r"\bStack$", re.IGNORECASE)


def _chassis(rows: list[dict[str, object]], boards: list[Board]) -> tuple[str | None, str | None]:
    """(model, serial) of the chassis among the inventory items: the one named or described as a chassis,
    else switch 1 of a stack ("1", "Switch 1", "Switch System"), else the first item that is not a stack
    summary (none when only the stack summary is there: an output cut before its members). A chassis entry printed without a PID ("3640 chassis") gives its name, never a module's PID."""
    for row in rows:
        name = str(row.get("name", "")).strip()
        if _CHASSIS_NAME.search(name) and not _first(row.get("pid")):
            bare = _CHASSIS_NAME.sub("", name).strip()
            return (bare if bare and " " not in bare else None), _first(row.get("sn"))
    by_name: dict[str, Board] = {}
    for board in boards:
        by_name.setdefault(board.slot, board)  # the first of two items with one name
    names = [str(r.get("name", "")).strip() for r in rows if _first(r.get("pid"))]
    descrs = {str(r.get("name", "")).strip(): str(r.get("descr", "")) for r in rows}
    for test in (lambda n: bool(_CHASSIS_NAME.search(n)), lambda n: bool(_CHASSIS_NAME.search(descrs.get(n, ""))),
                 lambda n: bool(_SWITCH_ONE.match(n)), lambda n: not _STACK.search(n)):
        for name in names:
            if test(name) and name in by_name:
                return by_name[name].type, by_name[name].serial
    plain = [b for b in boards if not _STACK.search(b.slot)]
    return (plain[0].type, plain[0].serial) if plain else (None, None)  # a stack summary alone: no member


# ---- cpu, memory ---------------------------------------------------------------------------


@handles(CISCO, "show processes cpu")
def show_processes_cpu(device: Device, parsed: Parsed) -> None:
    """5-minute CPU: one reading for the box, or one per core ("core0"...) on multi-core IOS-XE."""
    readings = []
    for row in parsed.rows:
        core = str(row.get("core") or "")
        slot = f"core{core}" if core else "0"
        readings.append(CpuReading(slot=slot, percent=float(row["five_min"]), interval="5min",
                                   evidence=_evidence(parsed, "five minutes:", f"Core {core}:" if core else "")))
    device.cpu = readings
    device.sources["cpu"] = parsed.command


@handles(CISCO, "show memory statistics")
def show_memory_statistics(device: Device, parsed: Parsed) -> None:
    """Memory use of the Processor pool (the one IOS runs in); other pools are not a health signal."""
    for row in parsed.rows:
        if str(row["pool"]).lower() != "processor":
            continue
        total, used = int(row["total"]), int(row["used"])
        if total <= 0:
            raise ParseFailure("Processor pool with zero size")
        header = next((line.rstrip() for line in parsed.lines() if "Total(b)" in line), "")
        row_line = next((line.rstrip() for line in parsed.lines() if "Processor" in line and str(row["total"]) in line), "")
        evidence = "\n".join(x for x in (header, row_line) if x)  # a row of numbers means nothing without its header
        device.memory = [MemoryReading(slot="0", percent=round(100.0 * used / total, 1), total_kb=total // 1024,
                                       used_kb=used // 1024, evidence=evidence)]
        device.sources["memory"] = parsed.command
        return
    raise ParseFailure("no Processor pool in show memory statistics")


# ---- environment ---------------------------------------------------------------------------


def _env_fan(row: dict, parsed: Parsed) -> Fan | None:
    switch, name, state = str(row["switch"] or "0"), str(row["name"] or "FAN"), str(row["state"])
    if name.startswith("PS-") and judge("power", state) is None and _word(state) in states()["power"]["absent"]:
        return None  # the fan of an empty power-supply bay
    if row.get("speed"):
        pattern = re.compile(rf"^\s*{switch}\s+{re.escape(name)}\s+{row['speed']}\s")
        line = next((ln.rstrip() for ln in parsed.lines() if pattern.match(ln)), "")
    else:
        line = _evidence(parsed, "FAN", f"{row['name']} is" if row["name"] else "is", state)
    return Fan(slot=switch, name=name, state=state, normal=judge("fan", state), evidence=line)


def _env_temperature(row: dict, parsed: Parsed) -> TemperatureSensor:
    switch, state = str(row["switch"] or "0"), str(row["state"])
    if row["celsius"]:
        sensor = str(row["sensor"] or "System")
        return TemperatureSensor(slot=switch, name=sensor, celsius=float(row["celsius"]),
                                 warning_limit=float(row["yellow"]) if row["yellow"] else None,
                                 alarm_limit=float(row["red"]) if row["red"] else None,
                                 state=state, normal=judge("temperature", state),
                                 evidence=_evidence(parsed, "Temperature Value:", str(row["celsius"])))
    return TemperatureSensor(slot=switch, name="System", celsius=None, state=state,
                             normal=judge("temperature", state),
                             evidence=_summary_line(parsed, str(row["switch"] or ""))[1])


def _summary_line(parsed: Parsed, switch: str) -> tuple[int, str]:
    """(index, text) of the "[Switch N: ][SYSTEM ]TEMPERATURE is <state>" line of `switch` (or without a
    switch number), else the first such line; (-1, "") if none."""
    found = (-1, "")
    for i, line in enumerate(parsed.lines()):
        match = _SUMMARY.match(line)
        if match and (match.group(1) == switch or not match.group(1)):
            return i, line.rstrip()
        if match and found[0] < 0:
            found = (i, line.rstrip())
    return found


_SUMMARY = re.compile(r"^\s*(?:Switch\s+(\d+):\s+)?(?:SYSTEM\s+)?TEMPERATURE\s+is\s")


_VALUE_LINE = re.compile(r"Temperature\s+Value\s*:|Temp\s+Sensor\s+-?\d")


def _summary_stands_alone(parsed: Parsed, sensor: TemperatureSensor) -> bool:
    """A temperature summary followed by other lines than its values: the switch prints no values. A
    summary whose value lines follow (read or not: a cut value block) or that ends the output (its values
    cut off) is no stand-in."""
    index, _ = _summary_line(parsed, sensor.slot if sensor.slot != "0" else "")
    if index < 0:
        return True
    after = next((ln for ln in parsed.lines()[index + 1:] if ln.strip()), None)
    return after is not None and not _VALUE_LINE.search(after)


def _env_power(row: dict, parsed: Parsed) -> PowerSupply:
    if row["ps_slot"] or row["ps_name"]:
        slot = str(row["ps_slot"] or row["ps_name"])
        number = re.match(r"\d+", slot) if row["ps_slot"] else None
        switch = number.group(0) if number else str(row["switch"] or "0")
        status, sys_pwr = str(row["state"] or ""), str(row["sys_pwr"] or "")
        word = _word(status)
        label = f"PS {slot}" if row["ps_slot"] else slot
        if word in states()["power"]["absent"]:
            return PowerSupply(slot=switch, name=label, state=status, normal=None, present=False,
                               evidence=_evidence(parsed, slot, status))
        shown = ", ".join(s for s in (status, sys_pwr and f"Sys Pwr {sys_pwr}") if s)
        verdicts = [judge("power", s) for s in (status, sys_pwr) if s]
        name = label + (f" {row['pid']}" if row["pid"] and row["pid"] != "Built-in" else "")
        return PowerSupply(slot=switch, name=name, state=shown, normal=_worst(*verdicts) if verdicts else None,
                           evidence=_evidence(parsed, slot, str(row["pid"] or status)))
    state = str(row["state"])
    return PowerSupply(slot=str(row["switch"] or "0"), name="POWER", state=state, normal=judge("power", state),
                       evidence=_evidence(parsed, "POWER is", state))


_CELSIUS = re.compile(r"^(-?\d+(?:\.\d+)?)\s*Celsius$")
_FOUR_LIMITS = re.compile(r"^\(\s*(\d+|na)\s*,\s*(\d+|na)\s*,")  # (minor, major, critical, shutdown)
_RANGE = re.compile(r"^-?\d+\s*-\s*(\d+)$")  # "0 - 56": the valid range, its top is the alarm
_FAN_SPEED = re.compile(r"^fan speed (\d+)%$")
# Power entry modules of router sensor tables (no supply table of their own). The "PS1 Vout" rows of a
# Catalyst switch's sensor table are not supplies: their switch lists its supplies in the "SW PID" table
# (every such output has it), and a cut output without that table gives no supply rather than another view.
_PS_SENSOR = re.compile(r"^(PEM)\b")
_NO_READING = re.compile(r"^NA\s+Sensor\s+Fault$")  # the sensor itself failed: no value, not normal


def _limits(text: str) -> tuple[float | None, float | None]:
    """(warning, alarm) from a sensor table's Threshold or Range column."""
    four, span = _FOUR_LIMITS.match(text), _RANGE.match(text)
    if four:
        return tuple(float(v) if v != "na" else None for v in four.groups())  # type: ignore[return-value]
    if span:
        return None, float(span.group(1))
    return None, None


def _sensor_rows(rows: list[dict], parsed: Parsed, with_power: bool) -> tuple[list, list, list]:
    """Temperatures, fans and (when the output has no power-supply table) power supplies from the
    sensor table of IOS-XE routers and Catalyst 9000 ("Temp: Inlet  R0  Normal  29 Celsius  (..)")."""
    temps: list[TemperatureSensor] = []
    fans: list[Fan] = []
    pems: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        sensor, location, state = " ".join(str(row["sensor"]).split()), str(row["location"]), str(row["state"])
        line = _evidence(parsed, location, state, str(row["reading"]))
        celsius = _CELSIUS.match(str(row["reading"]))
        speed = _FAN_SPEED.match(_word(state))
        absent = _word(state) in states()["power"]["absent"]
        if _NO_READING.match(str(row["reading"])) and sensor.startswith("Temp"):
            warning, alarm = _limits(str(row["limits"] or ""))
            temps.append(TemperatureSensor(slot=location, name=sensor, celsius=None, warning_limit=warning,
                                           alarm_limit=alarm, state=f"{state}, {' '.join(str(row['reading']).split())}",
                                           normal=False, evidence=line))
        if celsius and not sensor.startswith(("PS", "PEM")):
            warning, alarm = _limits(str(row["limits"] or ""))
            normal = True if speed else judge("temperature", state)
            temps.append(TemperatureSensor(slot=location, name=sensor, celsius=float(celsius.group(1)),
                                           warning_limit=warning, alarm_limit=alarm, state=state, normal=normal,
                                           evidence=line))
        if speed:
            fans.append(Fan(slot=location, name=sensor.replace("Temp: ", ""), state=state,
                            normal=int(speed.group(1)) > 0, speed_percent=float(speed.group(1)), evidence=line))
        elif re.search(r"\bFAN\b", sensor, re.IGNORECASE) and not absent:
            fans.append(Fan(slot=location, name=sensor, state=state, normal=judge("fan", state), evidence=line))
        ps = _PS_SENSOR.match(sensor)
        if ps and with_power:
            pems.setdefault((location, ps.group(1)), []).append(row)
    power = []
    for (location, ps), members in pems.items():
        words = sorted({str(m["state"]) for m in members})
        absent = all(_word(w) in states()["power"]["absent"] for w in words)
        power.append(PowerSupply(slot=location, name=f"{ps} {location}", state=", ".join(words),
                                 normal=None if absent else _worst(*(judge("power", w) for w in words)),
                                 present=not absent, evidence=_evidence(parsed, ps, location)))
    return temps, fans, power


def _fan_tray(row: dict, parsed: Parsed) -> list[Fan]:
    """A fan tray of the Catalyst 9600 table ("FT2  marginal  bad good good ..."): the tray and each of its fans."""
    tray, status = str(row["fan_tray"]), str(row["state"])
    line = _evidence(parsed, tray, status)
    fans = [Fan(slot="0", name=tray, state=status, normal=judge("fan", status), evidence=line)]
    for number, state in enumerate(str(row["fan_states"] or "").split(), start=1):
        fans.append(Fan(slot="0", name=f"{tray} fan {number}", state=state, normal=judge("fan", state), evidence=line))
    return fans


def _env_alarm(row: dict, parsed: Parsed) -> Alarm | None:
    """A raised alarm: "Number of Major alarms: 2", or an external alarm contact that is asserted."""
    if row["alarm_level"]:
        if int(row["alarm_count"]) == 0:
            return None
        line = _evidence(parsed, f"Number of {row['alarm_level']} alarms")
        return Alarm(text=line.strip(), level=str(row["alarm_level"]).lower(), evidence=line)
    if _word(str(row["state"])) != "asserted":
        return None
    line = _evidence(parsed, f"ALARM CONTACT {row['contact']}")
    return Alarm(text=f"ALARM CONTACT {row['contact']} asserted", level=str(row["severity"] or "").lower() or "minor",
                 evidence=line)


@handles(CISCO, "show environment all")
def show_environment_all(device: Device, parsed: Parsed) -> None:
    """Fans, power supplies and temperatures of Catalyst switches (one-line states, tables), IE switches and
    the sensor table of IOS-XE routers and Catalyst 9000; alarm counts ("Number of Critical alarms: 0") and
    external alarm contacts feed the alarms."""
    refuse_unknown_faults(parsed)
    fans: list[Fan] = []
    power: list[PowerSupply] = []
    temps: list[TemperatureSensor] = []
    rps: list[PowerSupply] = []
    table: list[dict] = []
    alarms: list[Alarm] | None = None
    for row in parsed.rows:
        kind = row["kind"]
        if row["fan_tray"]:
            fans += _fan_tray(row, parsed)
        elif row["alarm_level"] or row["contact"]:
            alarms = alarms if alarms is not None else []
            alarm = _env_alarm(row, parsed)
            if alarm is not None:
                alarms.append(alarm)
        elif row["location"]:
            table.append(row)
        elif row["ps_slot"] or row["ps_name"] or kind == "POWER":
            power.append(_env_power(row, parsed))
            for number, state in enumerate(str(row["fan_states"] or "").split(), start=1):
                fans.append(Fan(slot=str(row["switch"] or "0"), name=f"{row['ps_name']} fan {number}", state=state,
                                normal=judge("fan", state), evidence=_evidence(parsed, str(row["ps_name"]), state)))
        elif row["rps_switch"] or kind == "RPS":
            state = str(row["state"])
            rps.append(PowerSupply(slot=str(row["rps_switch"] or row["switch"] or "0"), name="RPS", state=state,
                                   normal=judge("rps", state), present=_word(state) not in states()["power"]["absent"],
                                   evidence=_evidence(parsed, state)))
        elif row["celsius"] or kind == "TEMPERATURE":
            temps.append(_env_temperature(row, parsed))
        elif row["speed"] or kind == "FAN":
            fan = _env_fan(row, parsed)
            if fan is not None:
                fans.append(fan)
        elif row["name"] == "Fantray":
            fans.append(Fan(slot=str(row["switch"] or "0"), name="Fantray", state=str(row["state"]),
                            normal=judge("fan", str(row["state"])), evidence=_evidence(parsed, "Fantray", ":")))
    sensor_temps, sensor_fans, sensor_power = _sensor_rows(table, parsed, with_power=not power)
    temps += sensor_temps
    fans += sensor_fans
    power += sensor_power
    # A per-switch "SYSTEM TEMPERATURE is OK" summary only stands in where no sensor values exist.
    valued = {t.slot for t in temps if t.celsius is not None}
    # Nor where its values were printed but not read, or cut off (_summary_stands_alone).
    temps = [t for t in temps if t.celsius is not None or t.normal is False
             or (t.slot not in valued and (t.name != "System" or _summary_stands_alone(parsed, t)))]
    power += [r for r in rps if r.present or r.normal is False]
    device.fans, device.power, device.temperatures = fans, power, temps
    for group in ("fans", "power", "temperatures"):
        device.sources[group] = parsed.command
    if alarms is not None:
        device.alarms = alarms
        device.sources["alarms"] = parsed.command


# ---- logs, ntp ----------------------------------------------------------------------------

# An empty buffer: the header ends with "Log Buffer (N bytes):" and nothing after it, or (buffer logging
# disabled / nothing logged to it) the header has no "Log Buffer" section at all.
_LOG_EMPTY = re.compile(r"Log Buffer \(\d+ bytes\):\s*\Z|\A(?=\s*Syslog logging:)(?![\s\S]*^Log Buffer)", re.MULTILINE)
_MSG = re.compile(r"%([A-Z0-9_]+)-(\d)-([A-Z0-9_]+):")


_STAMP = re.compile(r"^\*?(?:\d+:\s+)?([A-Z][a-z]{2}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:\s+[A-Z]{3,4})?):")


def _plain_entries(parsed: Parsed) -> list[LogEntry]:
    """Buffer lines no %FACILITY-SEVERITY-MNEMONIC template row matched ("Jun  5 05:11:04.626 EST:
    Rollback:Acquired Configuration lock.", "User 'x' authenticated ..."): each line an entry, severity
    unknown unless the line carries a %-code. The lines after "Log Buffer (...)", else (no header at all)
    the time-stamped lines."""
    lines = parsed.lines()
    start = next((i + 1 for i, ln in enumerate(lines) if ln.startswith("Log Buffer")), None)
    if start is not None:
        body = [ln for ln in lines[start:] if ln.strip()]
    elif any(ln.startswith("Syslog logging:") for ln in lines):
        body = []
    else:
        body = [ln for ln in lines if _STAMP.match(ln)]
    entries = []
    for line in body:
        code, stamp = _MSG.search(line), _STAMP.match(line)
        entries.append(LogEntry(text=line.rstrip(), severity=int(code.group(2)) if code else None,
                                timestamp=stamp.group(1) if stamp else None,
                                module=code.group(1) if code else None, mnemonic=code.group(3) if code else None))
    return entries


@handles(CISCO, "show logging", textfsm=False)
def show_logging(device: Device, parsed: Parsed) -> None:
    """Log buffer entries; severity from %FACILITY-SEVERITY-MNEMONIC. An empty buffer gives []."""
    try:
        rows = _rows_allow_empty(parsed, _LOG_EMPTY)
    except ParseFailure:
        entries = _plain_entries(parsed)
        if not entries:
            raise
        device.logs = entries
        device.sources["logs"] = parsed.command
        return
    lines = parsed.lines()
    start = next((i for i, ln in enumerate(lines) if ln.startswith("Log Buffer")), 0)
    cursor = start
    entries: list[LogEntry] = []
    for row in rows:
        message = [m for m in (row.get("message") or []) if m.strip()]
        head = message[0].strip()[:60] if message else ""
        text = head
        for i in range(cursor, len(lines)):
            if head and head in lines[i]:
                text, cursor = lines[i].rstrip(), i + 1
                break
        severity = _int(row.get("severity"))
        stamp = " ".join(str(row.get(k) or "") for k in ("month", "day", "time", "timezone")).strip() or None
        entries.append(LogEntry(text=text, severity=severity, timestamp=stamp,
                                module=str(row.get("facility") or "") or None,
                                mnemonic=str(row.get("mnemonic") or "") or None))
    device.logs = entries
    device.sources["logs"] = parsed.command


@handles(CISCO, "show ntp status", textfsm=False)
def show_ntp_status(device: Device, parsed: Parsed) -> None:
    """NTP: synchronised or not, stratum and reference. "%NTP is not enabled." is not synchronised."""
    if re.search(r"^%NTP is not enabled", parsed.text, re.MULTILINE):
        device.ntp = NtpState(synchronized=False, evidence=[_evidence(parsed, "%NTP is not enabled")])
        device.sources["ntp"] = parsed.command
        return
    result = parse_output(_TEXTFSM, parsed.command, parsed.text)
    if not result.ok:
        raise ParseFailure(result.message or "show ntp status not understood")
    refuse_unknown_faults(parsed)
    row = result.rows[0]
    device.ntp = NtpState(synchronized=row["status"] == "synchronized", stratum=_int(row["stratum"]),
                          reference=str(row["reference"]) or None,
                          evidence=[_evidence(parsed, "Clock is")])
    device.sources["ntp"] = parsed.command


# ---- stack --------------------------------------------------------------------------------


_SWITCH_EMPTY = re.compile(r"^\s*Switch#\s+Role\s+Mac\s+Address.*\n-+\s*\Z", re.MULTILINE)


@handles(CISCO, "show switch", textfsm=False)
def show_switch(device: Device, parsed: Parsed) -> None:
    """Stack members. A single member is a standalone switch: stack_configured False, stack None.
    A member table with no row (a StackWise Virtual chassis not yet formed) gives no stack fact."""
    rows = _rows_allow_empty(parsed, _SWITCH_EMPTY)
    refuse_unknown_faults(parsed)
    if not rows:
        return
    members = [StackMember(member_id=str(r["switch"]), role=str(r["role"]).lower(), state=str(r["state"]),
                           normal=judge("stack_member", str(r["state"])),
                           evidence=_evidence(parsed, str(r["role"]), str(r["mac_address"])))
               for r in rows]
    device.sources["stack"] = parsed.command
    if len(members) == 1 and members[0].normal:
        device.stack, device.stack_configured = None, False
        return
    device.stack_configured = True
    device.stack = Stack(kind="switch_stack", members=members, evidence=[m.evidence for m in members])


# ---- interfaces ---------------------------------------------------------------------------


_IFACE_TYPE = re.compile(r"([A-Za-z-]+)(.*)")


@lru_cache(maxsize=65536)
def _type_and_number(name: str) -> tuple[str, str] | None:
    """'Gi1/0/7' -> ('gi', '1/0/7'); None for a name without a type word."""
    match = _IFACE_TYPE.match(name)
    return (match.group(1).lower(), match.group(2)) if match else None


def _same_interface(mine: tuple[str, str] | None, other: str) -> bool:
    """One name abbreviates the other (Gi1/0/7 ~ GigabitEthernet1/0/7, Te1/1/1 ~ TenGigabitEthernet1/1/1);
    `mine` is the first name split by _type_and_number, `other` a different name."""
    theirs = _type_and_number(other)
    if not mine or not theirs:
        return False
    return mine[1] == theirs[1] and (theirs[0].startswith(mine[0]) or mine[0].startswith(theirs[0]))


def _interface(device: Device, name: str) -> Interface:
    """The interface called `name` (full or abbreviated), created when unknown."""
    device.interfaces = device.interfaces if device.interfaces is not None else []
    mine = _type_and_number(name)
    for iface in device.interfaces:
        if iface.name == name or _same_interface(mine, iface.name):
            if len(name) > len(iface.name):
                iface.name = name
            return iface
    iface = Interface(name=name)
    device.interfaces.append(iface)
    return iface


def _duplex(text: str) -> str | None:
    word = text.lower()
    for key in ("half", "full", "auto"):
        if key in word:
            return key
    return None


def _speed(text: str) -> str:
    """The speed word of "Full-duplex, 100Mb/s, 100BaseTX/FX": never holds a comma (a template rule
    that missed the media type hands over the rest of the line)."""
    word = text.split(",", 1)[0].strip()
    return "Auto-speed" if _AUTO_SPEED.match(word) else word  # "Auto Speed" and "Auto-speed": one value


_AUTO_SPEED = re.compile(r"auto[- ]speed$", re.IGNORECASE)


def _protocol_state(protocol: str) -> str | None:
    """The line protocol's state word: "up (connected)", "down (notconnect)", "down (disabled)" and
    "up (spoofing)" are up / down; the reason in parentheses is detail (err-disabled is read by _link)."""
    return re.sub(r"\(.*$", "", protocol).strip().lower() or None


def _link(link_status: str, protocol: str) -> tuple[str, bool]:
    vocab = states()["interface"]
    words = [_word(link_status), _word(protocol)]
    err = any(e in w for w in words for e in vocab["err_disabled"])
    if err:
        return "err_disabled", True
    state = _word(re.sub(r"\(.*$", "", link_status))  # "up (spoofing)": the reason is detail
    return vocab["link"].get(state, state), False


@handles(CISCO, "show interfaces", textfsm=False)
def show_interfaces(device: Device, parsed: Parsed) -> None:
    """Link/protocol, duplex, speed and error counters per interface; err-disabled from the protocol
    state ("down (err-disabled)"). Interfaces the template does not know ("pseudowire100006 is up",
    "Control Plane Interface is down, ...") are read from their heading line, not dropped."""
    parsed = _headings_at_start(parsed)
    result = parse_output(_TEXTFSM, parsed.command, parsed.text)
    rows = result.rows if result.ok else []
    blocks = _interface_blocks(parsed)
    known = {str(r["interface"]) for r in rows}
    rows += [{"interface": name, "link_status": link, "protocol_status": protocol or ""}
             for name, (link, protocol) in _heads(parsed).items() if name not in known]
    if not rows:
        raise ParseFailure(result.message or "no interface heading line (\"<name> is <state>, line protocol is ...\")")
    for row in rows:
        name = str(row["interface"])
        iface = _interface(device, name)
        link, err = _link(str(row["link_status"]), str(row["protocol_status"]))
        iface.link, iface.protocol = link, _protocol_state(str(row["protocol_status"]))
        iface.err_disabled = iface.err_disabled or err
        iface.duplex = _duplex(str(row.get("duplex") or "")) or iface.duplex
        iface.speed = _speed(str(row.get("speed") or "")) or iface.speed
        iface.description = str(row.get("description") or "") or iface.description
        block = blocks.get(name, [])
        read = _block_counters(block)
        for field_name, key in (("crc_errors", "crc"), ("input_errors", "input_errors"),
                                ("output_errors", "output_errors")):
            value = _int(row.get(key))
            setattr(iface, field_name, value if value is not None else read.get(key))
        head = block[0].rstrip() if block else ""
        counters = _first_line(block, "input errors,") if iface.input_errors or iface.crc_errors else ""
        duplex = _first_line(block, "Half-duplex") if iface.duplex == "half" else ""
        iface.evidence = [ln for ln in (head, duplex, counters) if ln]
    device.sources["interfaces"] = parsed.command


_STATES = r"(?:up|down|administratively down|deleted|reset|testing|dormant)"
# "<name> is <state>[ (reason)][, line protocol is <state>[ (reason)]]"; a name with spaces only when the
# line protocol follows ("Control Plane Interface is down, line protocol is down").
_IFACE_HEAD = re.compile(rf"^(?:(\S+)|(\S.*?\S)(?=\s+is\s+{_STATES}(?:\s*\([^)]*\))?,\s*line protocol))\s+is\s+"
                         rf"({_STATES})(?:\s*\([^)]*\))?(?:,\s*line protocol is\s+(\S+(?:\s*\([^)]*\))?))?\s*$")
_COUNTERS = re.compile(r"(?:^|\s)(\d+) input errors, (\d+) CRC|(?:^|\s)(\d+) output errors")


_INDENTED_HEAD = re.compile(rf"^[ \t]+(?=\S+\s+is\s+{_STATES}(?:\s*\([^)]*\))?,\s*line protocol is\s)", re.MULTILINE)


def _headings_at_start(parsed: Parsed) -> Parsed:
    """The output with interface heading lines at the line start: a copy that lost its layout (published
    test data) indents some ("  Tunnel1754 is up, line protocol is up"), and an indented heading read as
    a body line would hand that interface's values to the one before it."""
    if not _INDENTED_HEAD.search(parsed.text):
        return parsed
    return Parsed(os=parsed.os, command=parsed.command, text=_INDENTED_HEAD.sub("", parsed.text))


def _heads(parsed: Parsed) -> dict[str, tuple[str, str | None]]:
    """Interface heading lines: name -> (link state, line protocol state or None)."""
    heads: dict[str, tuple[str, str | None]] = {}
    for line in parsed.lines():
        match = _IFACE_HEAD.match(line)
        if match:
            heads[match.group(1) or match.group(2)] = (match.group(3), match.group(4))
    return heads


def _block_counters(block: list[str]) -> dict[str, int]:
    """Error counters read from an interface's own lines (where the template's indentation rules missed them)."""
    found: dict[str, int] = {}
    for line in block:
        if "errors" not in line:  # in both of _COUNTERS' forms: a line without it has no counter
            continue
        for match in _COUNTERS.finditer(line):
            if match.group(1) is not None:
                found.setdefault("input_errors", int(match.group(1)))
                found.setdefault("crc", int(match.group(2)))
            elif match.group(3) is not None:
                found.setdefault("output_errors", int(match.group(3)))
    return found


def _interface_blocks(parsed: Parsed) -> dict[str, list[str]]:
    """`show interfaces` cut into one block of lines per interface, keyed by name."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in parsed.lines():
        match = _IFACE_HEAD.match(line)
        if match:
            current = blocks.setdefault(match.group(1) or match.group(2), [])
        if current is not None:
            current.append(line)
    return blocks


def _first_line(lines: list[str], token: str) -> str:
    return next((ln.rstrip() for ln in lines if token in ln), "")


_ERRDIS_EMPTY = re.compile(r"^\s*Port\s+Name\s+Status\s+Reason.*\s*\Z", re.MULTILINE)


@handles(CISCO, "show interfaces status err-disabled", textfsm=False)
def show_interfaces_err_disabled(device: Device, parsed: Parsed) -> None:
    """Mark err-disabled ports (with the reason) on the interface list."""
    for row in _rows_allow_empty(parsed, _ERRDIS_EMPTY):
        iface = _interface(device, str(row["interface"]))
        iface.err_disabled, iface.link = True, "err_disabled"
        line = _evidence(parsed, str(row["interface"]), "err-disabled")
        if line and line not in iface.evidence:
            iface.evidence.append(line)
    if device.interfaces is None:
        device.interfaces = []
    device.sources.setdefault("interfaces", parsed.command)


# ---- storage, licenses ---------------------------------------------------------------------


@handles(CISCO, "show file systems")
def show_file_systems(device: Device, parsed: Parsed) -> None:
    """Flash/disk file systems with a size (first prefix as the name)."""
    kinds = states()["storage"]["types"]
    storage = [Storage(name=str(r["prefixes"]).split()[0], total_kb=int(r["size"]) // 1024,
                       free_kb=int(r["free"]) // 1024, evidence=_evidence(parsed, str(r["size"]), str(r["prefixes"])))
               for r in parsed.rows if str(r["type"]).lower() in kinds and str(r["size"]).isdigit()
               and str(r["free"]).isdigit()]
    if not storage:
        raise ParseFailure("no flash or disk file system with a size")
    device.storage = storage
    device.sources["storage"] = parsed.command


def _licenses(rows: Iterable[dict], parsed: Parsed, name_key: str, state_keys: tuple[str, ...]) -> list[License]:
    permanent = {_word(w) for w in states()["license"]["permanent_types"]}
    out = []
    for row in rows:
        name = str(row[name_key])
        state = ", ".join(str(row[k]) for k in state_keys if row.get(k))
        kind = _word(str(row.get("license_type") or ""))
        out.append(License(name=name, state=state, permanent=kind in permanent or
                           _word(str(row.get("period_left") or "")) == "life time",
                           evidence=_evidence(parsed, name)))
    return out


@handles(CISCO, "show license")
def show_license(device: Device, parsed: Parsed) -> None:
    """Classic IOS licenses (Index n Feature:). Evaluation licenses keep their period left in state;
    the output gives no calendar expiry date."""
    # a last block with some detail lines but not its License State line was cut off (a short capture):
    # its state is not known, so it is left out rather than judged on half its lines
    rows = list(parsed.rows)
    details = ("period_left", "period_used", "license_type", "license_count", "license_priority")
    if rows and not rows[-1].get("license_state") and any(rows[-1].get(k) for k in details):
        rows.pop()
    if parsed.rows and not rows:
        raise ParseFailure("no whole license block (the output ends inside the first one)")
    device.licenses = _licenses(rows, parsed, "feature", ("license_type", "license_state", "period_left"))
    device.sources["licenses"] = parsed.command


@handles(CISCO, "show license summary")
def show_license_summary(device: Device, parsed: Parsed) -> None:
    """IOS-XE Smart Licensing usage table; smart licenses carry no expiry date here."""
    device.licenses = _licenses(parsed.rows, parsed, "license", ("status",))
    device.sources["licenses"] = parsed.command
