"""Optical modules (digital diagnostics) of every platform -> ``Device.optics``.

The outputs are blocks per port (VRP: ``key : value`` lines; Comware: small tables per port) or one table
per metric with a row per port (IOS / IOS-XE ``show interfaces transceiver detail``), which are read line
by line here: a line that is not understood costs that line only, and an output in which no module is
found (with a line that names one) fails the parse rather than reading as "no optics".
"""

from __future__ import annotations

import re

from netinspect.core.model import Device, OpticMetric, Transceiver
from netinspect.normalize.registry import Parsed, ParseFailure, handles

_VRP = ("huawei_vrp", "huawei_vrp8")
_H3C = "h3c_comware"
_CISCO = ("cisco_ios", "cisco_iosxe")
_NUM = re.compile(r"[-+]?\d+(?:\.\d+)?")
_NO_VALUE = {"-", "--", "N/A", "NA"}


def _floats(text: str) -> list[float]:
    """The numbers of a value field ("-3.07", "0.00|0.00 (Lane0|Lane1)" -> lanes), lane labels dropped."""
    text = re.sub(r"\((?:lane|Lane)[^)]*\)", " ", text)
    return [float(n) for n in _NUM.findall(text)]


def _metric_of(label: str) -> str | None:
    """A diagnostic label (any platform's words) -> temperature | voltage | bias | rx_power | tx_power."""
    word = label.lower()
    if "rx" in word or "receive" in word:
        return "rx_power"
    if "tx" in word or "transmit" in word:
        return "tx_power"
    if "bias" in word or word.startswith("current"):
        return "bias"
    if "volt" in word or "vcc" in word:
        return "voltage"
    if word.startswith("temp"):
        return "temperature"
    return None


def _finish(device: Device, parsed: Parsed, modules: list[Transceiver], names_module: bool) -> None:
    if not modules and names_module:  # a module was named but nothing about it understood
        raise ParseFailure(f"no transceiver diagnostics understood in '{parsed.command}' output")
    device.optics = (device.optics or []) + modules
    device.sources["optics"] = parsed.command


# ---- Huawei VRP: display transceiver verbose / display interface transceiver verbose -------------

_VRP_HEAD = re.compile(r"^\s*(\S+)\s+transceiver information:")
_VRP_KEY = re.compile(r"^\s*([^:]+?)\s*:\s*(.*)$")
_VRP_CERT = re.compile(r"non-huawei|not huawei|non-certified", re.I)


def _vrp_threshold(module: Transceiver, key: str, value: list[float]) -> None:
    metric = _metric_of(key.replace("Default", "").strip())
    if metric is None or not value:
        return
    slot = module.metrics.setdefault(metric, OpticMetric())
    kind = "warn" if "warn" in key.lower() else "alarm"
    side = "high" if "high" in key.lower() else "low"
    setattr(slot, f"{side}_{kind}", value[0])


def _vrp_line(module: Transceiver, section: str, key: str, value: str, last: list[str]) -> None:
    lower = key.lower()
    if section == "common" and lower.startswith("transceiver type"):
        module.type = value.strip() or None
    elif lower == "vendor name" and value.strip():
        module.vendor = module.vendor or value.strip()
    elif lower == "vendor part number" and value.strip():
        module.part_number = value.strip()
    elif lower.startswith("manu. serial number") and value.strip():
        module.serial = value.strip()
    elif section == "diagnostic":
        numbers = _floats(value) if value.strip() not in _NO_VALUE else []
        if "threshold" in lower or "warning" in lower or "alarm" in lower:
            _vrp_threshold(module, key, numbers)
            last[:] = []
            return
        metric = _metric_of(key.replace("Current", "").strip()) if "current rx" in lower or "current tx" in lower \
            else _metric_of(key)
        if metric and numbers:
            module.metrics.setdefault(metric, OpticMetric()).values = numbers
            last[:] = [metric]


@handles(_VRP, "display transceiver verbose", textfsm=False)
@handles(_VRP, "display interface transceiver verbose", textfsm=False)
def vrp_transceiver_verbose(device: Device, parsed: Parsed) -> None:
    modules: list[Transceiver] = []
    module: Transceiver | None = None
    section, last = "", []  # last: the metric a continuation line (more lanes) belongs to
    for line in parsed.lines():
        head = _VRP_HEAD.match(line)
        if head:
            module = Transceiver(interface=head.group(1), evidence=[line.strip()])
            modules.append(module)
            section, last = "", []
            continue
        if module is None or not line.strip() or line.strip().startswith("---"):
            continue
        lower = line.strip().lower()
        if lower.endswith("information:"):
            section = lower.split()[0]  # common | manufacture | alarm | warning | diagnostic
            continue
        if section in ("alarm", "warning"):
            module.alarms.append(line.strip())
            if _VRP_CERT.search(line):
                module.certified = False
            continue
        pair = _VRP_KEY.match(line)
        if pair:
            _vrp_line(module, section, pair.group(1), pair.group(2), last)
            if section == "diagnostic" and pair.group(2).strip():
                module.evidence.append(line.strip())
        elif last and section == "diagnostic" and _NUM.search(line):
            module.metrics[last[0]].values += _floats(line)  # more lanes on the next line
    for m in modules:
        if m.certified is None and m.vendor:
            m.certified = m.vendor.strip().upper() == "HUAWEI" if not any(_VRP_CERT.search(a) for a in m.alarms) \
                else False
    _finish(device, parsed, [m for m in modules if m.metrics or m.type],
            any(_VRP_HEAD.match(line) for line in parsed.lines()))


# ---- H3C Comware: display transceiver diagnosis interface / display transceiver alarm interface ----

_H3C_HEAD = re.compile(r"^\s*(\S+)\s+transceiver diagnostic information:")
_H3C_COLUMNS = re.compile(r"(Temp[^\s]*|Voltage\(V\)|Bias\(mA\)|RX power\(dBm\)|TX power\(dBm\)|Channel)", re.I)


def _h3c_columns(line: str) -> list[str] | None:
    found = _H3C_COLUMNS.findall(line)
    if len(found) < 2:
        return None
    return ["channel" if c.lower() == "channel" else (_metric_of(c) or "?") for c in found]


def _h3c_row(module: Transceiver, section: str, columns: list[str], line: str) -> None:
    words = line.split()
    side = words[0].lower() if words and words[0].lower() in ("high", "low") else None
    numbers = [None if w in _NO_VALUE else _floats(w)[0] if _floats(w) else None for w in words[1 if side else 0:]]
    for column, value in zip(columns, numbers):
        if column in ("channel", "?") or value is None:
            continue
        slot = module.metrics.setdefault(column, OpticMetric())
        if side and section in ("alarm", "warning"):
            setattr(slot, f"{side}_{'warn' if section == 'warning' else 'alarm'}", value)
        elif not side and section == "current":
            slot.values.append(value)
    module.evidence.append(line.strip())


@handles(_H3C, "display transceiver diagnosis interface", textfsm=False)
def h3c_transceiver_diagnosis(device: Device, parsed: Parsed) -> None:
    modules: list[Transceiver] = []
    module: Transceiver | None = None
    section, columns = "", []
    for line in parsed.lines():
        head = _H3C_HEAD.match(line)
        if head:
            module = Transceiver(interface=head.group(1), evidence=[line.strip()])
            modules.append(module)
            section, columns = "", []
            continue
        if module is None or not line.strip():
            continue
        lower = line.strip().lower()
        if lower.startswith("current diagnostic parameters"):
            section = "current"
        elif lower.startswith("alarm thresholds"):
            section = "alarm"
        elif lower.startswith("warning thresholds"):
            section = "warning"
        elif _h3c_columns(line):
            columns = _h3c_columns(line) or []
        elif columns and _NUM.search(line):
            _h3c_row(module, section, columns, line)
        elif "absent" in lower or "not support" in lower:
            module.alarms.append(line.strip())
    _finish(device, parsed, [m for m in modules if m.metrics], any(_H3C_HEAD.match(line) for line in parsed.lines()))


_H3C_ALARM_HEAD = re.compile(r"^\s*(\S+)\s+transceiver current alarm information:", re.I)


@handles(_H3C, "display transceiver alarm interface", textfsm=False)
def h3c_transceiver_alarm(device: Device, parsed: Parsed) -> None:
    """Alarms each module raises now ("RX power low", "Transceiver type not supported"...), added to the
    modules read from the diagnosis output (or to new entries without diagnostics)."""
    by_port = {m.interface: m for m in device.optics or []}
    current: Transceiver | None = None
    for line in parsed.lines():
        head = _H3C_ALARM_HEAD.match(line)
        if head:
            current = by_port.get(head.group(1)) or Transceiver(interface=head.group(1))
            by_port[current.interface] = current
            continue
        text = line.strip()
        if current is None or not text or text.lower().startswith("no alarm") or text.startswith("---"):
            continue
        current.alarms.append(text)
        if "not supported" in text.lower() or "non-h3c" in text.lower():
            current.certified = False
    device.optics = list(by_port.values())
    device.sources.setdefault("optics", parsed.command)


# ---- Cisco IOS / IOS-XE: show interfaces transceiver detail ----------------------------------------

_CISCO_TABLE = re.compile(r"^\s*(?:Optical\s+)?(Temperature|Voltage|Current|Transmit Power|Receive Power)\s+Threshold",
                          re.I)
_CISCO_ROW = re.compile(r"^\s*([A-Za-z][\w-]*\d+(?:/\d+)*(?:\.\d+)?)\s+(?:(N/A|\d+)\s+)?(\S+)"
                        r"(?:\s+(?:\+\+|\+|--|-)(?=\s))?"  # the alarm/warning flag after the reading
                        r"\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$")
_CISCO_VENDOR = re.compile(r"^\s*Vendor Name\s*=\s*(.+?)\s*$")
_CISCO_PID = re.compile(r"^\s*Product Identifier \(PID\)\s*=\s*(.+?)\s*$")
_CISCO_SN = re.compile(r"^\s*Serial Number \(SN\)\s*=\s*(.+?)\s*$")
_CISCO_IDPROM = re.compile(r"^\s*IDPROM for transceiver (\S+):")
_CISCO_METRIC = {"temperature": "temperature", "voltage": "voltage", "current": "bias",
                 "transmit power": "tx_power", "receive power": "rx_power"}


def _value(word: str) -> float | None:
    word = word.rstrip("+-") if not _NUM.fullmatch(word) else word  # "-13.3 --" flags come apart; "2.0++"
    numbers = _floats(word)
    return None if word in _NO_VALUE or not numbers else numbers[0]


@handles(_CISCO, "show interfaces transceiver detail", textfsm=False)
def cisco_transceiver_detail(device: Device, parsed: Parsed) -> None:
    modules: dict[str, Transceiver] = {}
    metric, idprom = None, None
    for line in parsed.lines():
        table = _CISCO_TABLE.match(line)
        if table:
            metric = _CISCO_METRIC[table.group(1).lower()]
            continue
        head = _CISCO_IDPROM.match(line)
        if head:
            idprom = modules.setdefault(head.group(1), Transceiver(interface=head.group(1)))
            continue
        for pattern, attr in ((_CISCO_VENDOR, "vendor"), (_CISCO_PID, "part_number"), (_CISCO_SN, "serial")):
            found = pattern.match(line)
            if found and idprom is not None:
                setattr(idprom, attr, found.group(1))
        row = _CISCO_ROW.match(line) if metric else None
        if row is None or row.group(1).startswith("Port") or row.group(1).startswith("-"):
            continue
        port, value = row.group(1), _value(row.group(3))
        module = modules.setdefault(port, Transceiver(interface=port))
        slot = module.metrics.setdefault(metric, OpticMetric())
        if value is not None:
            slot.values.append(value)
        slot.high_alarm, slot.high_warn, slot.low_warn, slot.low_alarm = (_value(w) for w in row.groups()[3:7])
        module.evidence.append(line.strip())
    for m in modules.values():
        if m.vendor:
            m.certified = m.vendor.upper().startswith("CISCO")
    _finish(device, parsed, [m for m in modules.values() if m.metrics],
            "Threshold" in parsed.text and bool(re.search(r"^\s*-{9}", parsed.text, re.M)))
