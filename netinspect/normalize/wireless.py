"""Cisco Catalyst 9800 wireless controllers (IOS-XE): joined access points and the APs that tried to join
but are not joined -> ``Device.access_points`` (judged by health.wlan_aps like Huawei AC / H3C WX APs).

``show ap summary`` lists the joined APs (state ``Registered``) in one of two column layouts (Location
before or after the address); ``show wireless stats ap join summary`` lists every AP the controller has
seen with ``Joined`` / ``Not Joined``. Both are read line by line from the MAC addresses and the address.
"""

from __future__ import annotations

import re

from netinspect.core.model import AccessPoint, Device
from netinspect.normalize.registry import Parsed, ParseFailure, handles

_MAC = r"[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}"
_IP = r"(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:]+)"
_AP_ROW = re.compile(rf"^(?P<name>\S+)\s+\d+\s+(?P<model>\S+)\s+{_MAC}\s+{_MAC}\s+.*?(?P<ip>{_IP})\s+(?P<state>[A-Za-z]+)\b")
_JOIN_ROW = re.compile(rf"^\s*(?P<mac>{_MAC})\s+{_MAC}\s+(?P<name>\S+)\s+(?P<ip>{_IP})\s+(?P<state>Not Joined|Joined)\b")


def _merge(device: Device, aps: list[AccessPoint], command: str) -> None:
    """The joined APs of `show ap summary` and the not-joined APs of the join summary, each AP once: a
    "Joined" row of the join summary is dropped where `show ap summary` lists the AP (in either order)."""
    current = device.access_points or []
    summary = {a.name for a in current + aps if a.state != "Joined" and a.state != "Not Joined"}
    device.access_points = [a for a in current + aps if a.state != "Joined" or a.name not in summary]
    device.sources["access_points"] = command


@handles("cisco_iosxe", "show ap summary", textfsm=False)
def ap_summary(device: Device, parsed: Parsed) -> None:
    aps = []
    for line in parsed.lines():
        row = _AP_ROW.match(line)
        if row:
            state = row.group("state")
            aps.append(AccessPoint(row.group("name"), state, state.lower() == "registered", model=row.group("model"),
                                   ip=row.group("ip"), evidence=line.strip()))
    listed = re.search(r"Number of APs:\s*(\d+)", parsed.text)
    if not aps and (listed is None or listed.group(1) != "0"):
        raise ParseFailure("no AP row and no 'Number of APs: 0'")
    _merge(device, aps, parsed.command)


@handles("cisco_iosxe", "show wireless stats ap join summary", textfsm=False)
def ap_join_summary(device: Device, parsed: Parsed) -> None:
    """APs that are not joined now: offline for the controller (an AP listed joined is already known)."""
    seen: dict[str, AccessPoint] = {}  # by base MAC: AP names need not be unique
    for line in parsed.lines():
        row = _JOIN_ROW.match(line)
        if row:
            joined = row.group("state") == "Joined"
            seen[row.group("mac")] = AccessPoint(row.group("name"), row.group("state"), joined, ip=row.group("ip"),
                                                 ap_id=row.group("mac"), evidence=line.strip())
    if not seen and re.search(_MAC, parsed.text):
        raise ParseFailure("AP rows not understood")
    _merge(device, list(seen.values()), parsed.command)
