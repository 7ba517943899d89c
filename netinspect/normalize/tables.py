"""Forwarding-table usage against the capacity the device prints -> ``Device.tables``.

Cisco IOS / IOS-XE ``show mac address-table count`` ends with ``Total Mac Address In Use: N`` and
``Total Mac Address Space Available: M`` (capacity = N + M). Outputs that print no capacity give no entry.
"""

from __future__ import annotations

import re

from netinspect.core.model import Device, TableUsage
from netinspect.normalize.registry import Parsed, ParseFailure, handles

_IN_USE = re.compile(r"^\s*Total Mac Address(?:es)? In Use\s*:\s*(\d+)", re.I | re.M)
_AVAILABLE = re.compile(r"^\s*Total Mac Address Space Available\s*:\s*(\d+)", re.I | re.M)


@handles(("cisco_ios", "cisco_iosxe"), "show mac address-table count", textfsm=False)
def cisco_mac_count(device: Device, parsed: Parsed) -> None:
    used, free = _IN_USE.search(parsed.text), _AVAILABLE.search(parsed.text)
    if used is None:
        if "Mac Entries" in parsed.text:
            raise ParseFailure("no 'Total Mac Address In Use' line")
        device.tables, device.sources["tables"] = [], parsed.command
        return
    capacity = int(used.group(1)) + int(free.group(1)) if free else None
    evidence = "; ".join(m.group(0).strip() for m in (used, free) if m)
    device.tables = [t for t in device.tables or [] if t.table != "mac"] + [
        TableUsage("mac", int(used.group(1)), capacity, evidence)]
    device.sources["tables"] = parsed.command
