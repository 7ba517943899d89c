"""Cisco Catalyst 9800 wireless controllers (IOS-XE): joined access points and the APs that tried to join
but are not joined -> ``Device.access_points`` (judged by health.wlan_aps like Huawei AC / H3C WX APs);
clients per AP -> ``Device.ap_clients`` (health.wlan_clients); radios with channel and transmit power ->
``Device.radios`` (health.wlan_radios and the report's radio annex).

``show wireless client summary`` lists one row per associated client with its AP name (the excluded clients
after "Number of Excluded Clients" are not associated and are not counted); ``show ap dot11 5ghz summary`` /
``show ap dot11 24ghz summary`` one row per radio: AP name, MAC, slot, admin and oper state, width,
``*7/8 (6 dBm)`` and ``(100)*`` (a star marks a value set by RRM).

``show ap summary`` lists the joined APs (state ``Registered``) in one of two column layouts (Location
before or after the address); ``show wireless stats ap join summary`` lists every AP the controller has
seen with ``Joined`` / ``Not Joined``. Both are read line by line from the MAC addresses and the address.
"""

from __future__ import annotations

import re

from netinspect.core.model import AccessPoint, Device, Radio
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


_CLIENT_ROW = re.compile(rf"^\s*{_MAC}\s+(?P<ap>\S+)\s+\S+\s+\d+\s+\S")
_RADIO_ROW = re.compile(rf"^\s*(?P<ap>\S+)\s+{_MAC}\s+(?P<slot>\d+)\s+(?P<admin>[A-Za-z]+)\s+(?P<oper>[A-Za-z]+)\s+"
                        r"(?P<width>\d+)\s+(?:\*?(?P<level>\d+/\d+)\s*\(\s*(?P<dbm>-?\d+(?:\.\d+)?)\s*dBm\s*\)|N/A)\s+"
                        r"(?P<channel>\S+)")


@handles("cisco_iosxe", "show wireless client summary", textfsm=False)
def client_summary(device: Device, parsed: Parsed) -> None:
    """Associated clients per AP; the count the controller announces must match the rows read."""
    counts: dict[str, int] = {}
    rows = 0
    for line in parsed.lines():
        if re.match(r"^\s*Number of Excluded Clients", line, re.I):
            break  # excluded clients are not associated with an AP
        row = _CLIENT_ROW.match(line)
        if row:
            rows += 1
            counts[row.group("ap")] = counts.get(row.group("ap"), 0) + 1
    announced = re.search(r"^\s*Number of Clients:\s*(\d+)", parsed.text, re.M)
    if announced is None:
        raise ParseFailure("no 'Number of Clients:' line")
    if int(announced.group(1)) != rows:
        raise ParseFailure(f"{announced.group(1)} clients announced, {rows} client rows read")
    device.ap_clients = counts
    device.sources["ap_clients"] = parsed.command


def _radios(device: Device, parsed: Parsed, band: str) -> None:
    radios, listed = [], 0
    for line in parsed.lines():
        listed += bool(re.match(rf"^\s*\S+\s+{_MAC}\s", line))
        row = _RADIO_ROW.match(line)
        if row:
            oper = row.group("oper")
            radios.append(Radio(ap=row.group("ap"), band=band, slot=row.group("slot"), admin=row.group("admin"),
                                oper=oper, up={"up": True, "down": False}.get(oper.lower()),
                                channel=row.group("channel").strip("()*") or None,
                                tx_power_dbm=float(row.group("dbm")) if row.group("dbm") else None,
                                tx_level=row.group("level"),
                                width_mhz=int(row.group("width")), evidence=line.strip()))
    if len(radios) != listed:
        raise ParseFailure(f"{listed - len(radios)} of {listed} radio rows not understood")
    device.radios = [r for r in device.radios or [] if r.band != band] + radios
    device.sources["radios"] = parsed.command


@handles("cisco_iosxe", "show ap dot11 5ghz summary", textfsm=False)
def dot11_5ghz_summary(device: Device, parsed: Parsed) -> None:
    _radios(device, parsed, "5GHz")


@handles("cisco_iosxe", "show ap dot11 24ghz summary", textfsm=False)
def dot11_24ghz_summary(device: Device, parsed: Parsed) -> None:
    _radios(device, parsed, "2.4GHz")
