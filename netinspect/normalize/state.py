"""State snapshot handlers (data/snapshot.yaml): routes, ARP/MAC sizes, LLDP/CDP neighbours, routing
peers, VRRP/HSRP and spanning-tree port roles, for every platform.

ntc-templates parse where they read the real outputs right (IOS route/BGP/OSPF/CDP/LLDP/HSRP/VRRP/STP,
Comware route/BGP/LLDP, VRP BGP/IS-IS); the others are read line by line here: a line that is not
understood costs that line only. Protocol and state words are mapped through data/state_words.yaml.
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from netinspect.core.model import Device, Interface, Neighbor, RedundancyGroup, Route, RoutingPeer, StpPort, StpRoot
from netinspect.core.paths import DATA_DIR
from netinspect.normalize.registry import Parsed, ParseFailure, handles

_VRP = ("huawei_vrp", "huawei_vrp8")
_H3C = "h3c_comware"
_CISCO = ("cisco_ios", "cisco_iosxe")
_IP = r"\d+\.\d+\.\d+\.\d+"
_MAC = re.compile(r"\b(?:[0-9a-fA-Fx]{4}[-.]){2}[0-9a-fA-Fx]{4}\b")  # x: masked in public samples


@cache
def _words() -> dict:
    return yaml.safe_load((DATA_DIR / "state_words.yaml").read_text(encoding="utf-8"))


def protocol_of(word: str) -> str:
    """Vendor routing-protocol word (Static, O_ASE, IBGP, B, O E2 ...) to direct|static|ospf|isis|bgp|rip|other."""
    key = word.strip().lower()
    for proto, names in _words()["route_protocols"].items():
        if key in names:
            return proto
    return "other"


def peer_up(protocol: str, state: str) -> bool | None:
    word = state.strip().lower().split("/")[0]
    words = _words()["peer_states"][protocol]
    if word in words["up"]:
        return True
    if word in words["down"]:
        return False
    return None


def stp_role(word: str) -> str:
    return _words()["stp_roles"].get(word.strip().lower(), word.strip().lower())


_DURATION_PART = re.compile(r"(\d+)([ywdhms])", re.I)
_SECONDS = {"y": 365 * 86400, "w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}


def duration_seconds(text: object) -> int | None:
    """A session age as routers print it ("1d02h", "00:12:34", "0016h41m", "2w3d") in seconds; None for
    "never" or a word not understood."""
    word = str(text or "").strip()
    clock = re.fullmatch(r"(\d+):(\d{2}):(\d{2})", word)
    if clock:
        return int(clock.group(1)) * 3600 + int(clock.group(2)) * 60 + int(clock.group(3))
    parts = _DURATION_PART.findall(word)
    if not parts or "".join(n + u for n, u in parts).lower() != word.lower():
        return None
    return sum(int(n) * _SECONDS[u.lower()] for n, u in parts)


def _set_peers(device: Device, protocol: str, peers: list[RoutingPeer], command: str) -> None:
    device.peers = [p for p in (device.peers or []) if p.protocol != protocol] + peers
    device.sources[f"peers.{protocol}"] = command


def _int(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _line(parsed: Parsed, *needles: str) -> str:
    return next((ln.strip() for ln in parsed.lines() if all(n in ln for n in needles if n)), "")


# ---- routing table ------------------------------------------------------------------------------

_VRP_ROUTE = re.compile(rf"^\s*(?P<dest>{_IP}/\d+)?\s+(?P<proto>[A-Za-z][\w-]*)\s+\d+\s+\d+\s+(?:[A-Za-z]+\s+)?"
                        rf"(?P<nh>{_IP})\s+(?P<intf>\S+)\s*$")


@handles(_VRP, "display ip routing-table", textfsm=False)
def vrp_routes(device: Device, parsed: Parsed) -> None:
    routes: list[Route] = []
    dest = None
    for line in parsed.lines():
        m = _VRP_ROUTE.match(line)
        if not m:
            continue
        dest = m.group("dest") or dest
        if dest:
            routes.append(Route(dest, protocol_of(m.group("proto")), m.group("nh"), m.group("intf"), line.strip()))
    if not routes and "Destination/Mask" not in parsed.text:
        raise ParseFailure("no routing table in the output")
    device.routes, device.sources["routes"] = routes, parsed.command


@handles(_H3C, "display ip routing-table")
def h3c_routes(device: Device, parsed: Parsed) -> None:
    device.routes = [Route(f"{r['network']}/{r['prefix_length']}", protocol_of(str(r["protocol"])),
                           str(r["nexthop_ip"]) or None, str(r["nexthop_if"]) or None,
                           _line(parsed, str(r["network"]) + "/")) for r in parsed.rows]
    device.sources["routes"] = parsed.command


@handles(_CISCO, "show ip route")
def cisco_routes(device: Device, parsed: Parsed) -> None:
    routes = []
    for r in parsed.rows:
        if not r.get("network"):
            continue
        prefix = f"{r['network']}/{r['prefix_length']}"
        routes.append(Route(prefix, protocol_of(str(r["protocol"])), str(r.get("nexthop_ip") or "") or None,
                            str(r.get("nexthop_if") or "") or None, _line(parsed, str(r["network"]))))
    device.routes, device.sources["routes"] = routes, parsed.command


# ---- ARP and MAC table sizes (counted: a table of thousands needs only its size) -------------------

# a port name in an address table row: letters (and '-'), then slot/port numbers (GE0/0/1, Gi1/0/1, BAGG1,
# Eth-Trunk1, Po1, Vlanif10 is not a port but is never in a MAC row's port column)
_PORT = re.compile(r"^(?=.*\d)[A-Za-z][A-Za-z-]*\d+(?:/\d+)*(?:[.:]\d+)?$")


def _count_macs(parsed: Parsed) -> int:
    if not parsed.text.strip():
        return 0
    count = sum(1 for line in parsed.lines() if _MAC.search(line))
    if count == 0 and not re.search(r"(?i)mac|total|no entr|not found", parsed.text):
        raise ParseFailure("no address table in the output")
    return count


def _macs_per_port(parsed: Parsed) -> dict[str, int]:
    """MAC addresses per port: the one port-like word of each address row (the VLAN column is a number)."""
    ports: dict[str, int] = {}
    for line in parsed.lines():
        if not _MAC.search(line):
            continue
        words = [w for w in line.split() if _PORT.match(w) and not _MAC.fullmatch(w)]
        if len(words) == 1:
            ports[words[0]] = ports.get(words[0], 0) + 1
    return ports


@handles(_VRP, "display arp all", textfsm=False)
@handles(_VRP, "display arp", textfsm=False)
@handles(_H3C, "display arp", textfsm=False)
@handles(_H3C, "display arp all", textfsm=False)
@handles(_CISCO, "show ip arp", textfsm=False)
@handles(_CISCO, "show arp", textfsm=False)
def arp_size(device: Device, parsed: Parsed) -> None:
    device.arp_entries, device.sources["arp_entries"] = _count_macs(parsed), parsed.command


@handles(_VRP + (_H3C,), "display mac-address", textfsm=False)
@handles(_CISCO, "show mac address-table", textfsm=False)
def mac_size(device: Device, parsed: Parsed) -> None:
    device.mac_entries, device.sources["mac_entries"] = _count_macs(parsed), parsed.command
    device.mac_ports = _macs_per_port(parsed)


_IP_BRIEF = re.compile(r"^(?P<name>\S+)\s+(?:\d+\.\d+\.\d+\.\d+|unassigned)\s+\S+\s+\S+\s+"
                       r"(?P<status>administratively down|up|down|deleted)\s+(?P<protocol>up|down)\s*$")


@handles(_CISCO, "show ip interface brief", textfsm=False)
def cisco_ip_interface_brief(device: Device, parsed: Parsed) -> None:
    """Link state per interface, when `show interfaces` (richer: counters) was not collected as well."""
    if device.interfaces is not None and device.sources.get("interfaces") != parsed.command:
        return
    found = []
    for line in parsed.lines():
        if m := _IP_BRIEF.match(line):
            status = m.group("status")
            link = "admin_down" if status.startswith("admin") else status
            found.append(Interface(m.group("name"), link=link, protocol=m.group("protocol"), evidence=[line.strip()]))
    if not found:
        raise ParseFailure("no interface rows (\"Interface IP-Address OK? Method Status Protocol\")")
    device.interfaces, device.sources["interfaces"] = found, parsed.command


# ---- LLDP / CDP neighbours ------------------------------------------------------------------------

def _set_neighbors(device: Device, protocol: str, found: list[Neighbor], command: str) -> None:
    device.neighbors = [n for n in (device.neighbors or []) if n.protocol != protocol] + found
    device.sources[f"neighbors.{protocol}"] = command


_VRP_LLDP = re.compile(r"^(?P<local>\S+)\s+\d+\s+(?P<port>\S+)\s+(?P<dev>\S.*?)\s*$")


@handles(_VRP, "display lldp neighbor brief", textfsm=False)
def vrp_lldp(device: Device, parsed: Parsed) -> None:
    found = []
    for line in parsed.lines():
        m = _VRP_LLDP.match(line)
        if m and not line.startswith(("Local", "-")):
            found.append(Neighbor(m.group("local"), m.group("dev"), m.group("port"), "lldp", line.strip()))
    _set_neighbors(device, "lldp", found, parsed.command)


@handles(_H3C, "display lldp neighbor-information list")
def h3c_lldp(device: Device, parsed: Parsed) -> None:
    _set_neighbors(device, "lldp", [Neighbor(str(r["local_interface"]), str(r["neighbor_name"]),
                                             str(r["neighbor_interface"]), "lldp",
                                             _line(parsed, str(r["local_interface"])))
                                    for r in parsed.rows], parsed.command)


@handles(_CISCO, "show lldp neighbors")
@handles(_CISCO, "show cdp neighbors")
def cisco_neighbors(device: Device, parsed: Parsed) -> None:
    protocol = "cdp" if "cdp" in parsed.command else "lldp"
    _set_neighbors(device, protocol, [Neighbor(str(r["local_interface"]), str(r["neighbor_name"]),
                                               str(r["neighbor_interface"]), protocol,
                                               _line(parsed, str(r["neighbor_name"])))
                                      for r in parsed.rows], parsed.command)


# ---- OSPF / IS-IS / BGP ----------------------------------------------------------------------------

# VRP brief: "Area Id  Interface  Neighbor id  State"; "(M)" after the neighbour marks a multi-area adjacency
_VRP_OSPF = re.compile(rf"^\s*{_IP}\s+(?P<intf>\S+)\s+(?P<rid>{_IP})(?:\(M\))?\s+(?P<state>\S+)\s*$")
# Comware brief: "Router ID  Address  Pri Dead-Time  State  Interface"; a point-to-point neighbour has no
# DR role: "Full/ -" (a blank inside the state)
_H3C_OSPF = re.compile(rf"^\s*(?P<rid>{_IP})\s+{_IP}\s+\d+\s+\S+\s+(?P<state>[A-Za-z-]+/\s*\S+|\S+)\s+"
                       rf"(?P<intf>\S+)\s*$")
_PEER_ROW = re.compile(rf"^\s*{_IP}\s+\S+\s+{_IP}\b|^\s*{_IP}\s+{_IP}\s+\d+\s")  # a neighbour row of either
_ISIS = re.compile(r"^\s*(?P<sys>[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}|\S+)\s+(?P<intf>\S+)\s+\S+\s+"
                   r"(?P<state>Up|Down|Init|UP|DOWN|INIT)\s+\d+")


def _peers_by_regex(parsed: Parsed, pattern: re.Pattern[str], protocol: str, id_group: str,
                    row: re.Pattern[str] | None = None) -> list[RoutingPeer]:
    """Peers of every line `pattern` reads; a line that looks like a neighbour row (`row`) but is not read
    fails the parse: a neighbour that is silently dropped is a loss nobody sees."""
    peers = []
    for line in parsed.lines():
        m = pattern.match(line)
        if m:
            state = " ".join(m.group("state").split())
            peers.append(RoutingPeer(protocol, m.group(id_group), state, peer_up(protocol, state),
                                     interface=m.group("intf"), evidence=line.strip()))
        elif row is not None and row.match(line):
            raise ParseFailure(f"neighbour row not understood: {line.strip()!r}")
    return peers


@handles(_VRP, "display ospf peer brief", textfsm=False)
def vrp_ospf(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "ospf", _peers_by_regex(parsed, _VRP_OSPF, "ospf", "rid", _PEER_ROW), parsed.command)


_VRP_OSPF_IF = re.compile(r"^\s*Area\s+\S+\s+interface\s+\S+?\((?P<intf>[^)]+)\)'s\s+neighbors", re.IGNORECASE)
_VRP_OSPF_RID = re.compile(rf"^\s*Router ID\s*:\s*(?P<rid>{_IP})")
_VRP_OSPF_STATE = re.compile(r"^\s*State\s*:\s*(?P<state>[A-Za-z-]+)")


@handles(_VRP, "display ospf peer", textfsm=False)
def vrp_ospf_verbose(device: Device, parsed: Parsed) -> None:
    """`display ospf peer` (no `brief`): one block per neighbour, "Router ID: x" then "State: Full ..."."""
    peers: list[RoutingPeer] = []
    intf, rid, head = None, None, ""
    for line in parsed.lines():
        if m := _VRP_OSPF_IF.match(line):
            intf = m.group("intf")
        elif m := _VRP_OSPF_RID.match(line):
            rid, head = m.group("rid"), line.strip()
        elif (m := _VRP_OSPF_STATE.match(line)) and rid:
            state = m.group("state")
            peers.append(RoutingPeer("ospf", rid, state, peer_up("ospf", state), interface=intf,
                                     evidence=f"{head} {line.strip()}"))
            rid = None
    if rid is not None:
        raise ParseFailure(f"no state for OSPF neighbour {rid}")
    if not peers and "Router ID" in parsed.text and "Neighbors" in parsed.text and "Area" in parsed.text:
        raise ParseFailure("neighbour blocks not understood")
    _set_peers(device, "ospf", peers, parsed.command)


@handles(_H3C, "display ospf peer", textfsm=False)
def h3c_ospf(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "ospf", _peers_by_regex(parsed, _H3C_OSPF, "ospf", "rid", _PEER_ROW), parsed.command)


@handles(_CISCO, "show ip ospf neighbor")
def cisco_ospf(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "ospf", [RoutingPeer("ospf", str(r["neighbor_id"]), str(r["state"]),
                                            peer_up("ospf", str(r["state"])), interface=str(r["interface"]),
                                            evidence=_line(parsed, str(r["neighbor_id"])))
                                for r in parsed.rows], parsed.command)


@handles(_H3C, "display isis peer", textfsm=False)
def h3c_isis(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "isis", _peers_by_regex(parsed, _ISIS, "isis", "sys"), parsed.command)


@handles(_VRP, "display isis peer")
def vrp_isis(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "isis", [RoutingPeer("isis", str(r["system_id"]), str(r["state"]),
                                            peer_up("isis", str(r["state"])), interface=str(r["interface"]),
                                            evidence=_line(parsed, str(r["system_id"])))
                                for r in parsed.rows], parsed.command)


@handles(_CISCO, "show isis neighbors")
def cisco_isis(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "isis", [RoutingPeer("isis", str(r["system_id"]), str(r["state"]),
                                            peer_up("isis", str(r["state"])), interface=str(r["interface"]),
                                            evidence=_line(parsed, str(r["system_id"])))
                                for r in parsed.rows], parsed.command)


@handles(_VRP, "display bgp peer")
def vrp_bgp(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "bgp", [RoutingPeer("bgp", str(r["peer"]), str(r["state"]), peer_up("bgp", str(r["state"])),
                                           remote_as=str(r["asn"]), evidence=_line(parsed, str(r["peer"]) + " "),
                                           prefixes_received=_int(r.get("pref_rcvd")),
                                           up_seconds=duration_seconds(r.get("up_down")))
                               for r in parsed.rows], parsed.command)


@handles(_H3C, "display bgp peer ipv4")
def h3c_bgp(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "bgp", [RoutingPeer("bgp", str(r["peer"]), str(r["state"]), peer_up("bgp", str(r["state"])),
                                           remote_as=str(r["remote_asn"]), evidence=_line(parsed, str(r["peer"]) + " "),
                                           prefixes_received=_int(r.get("prefixes_received")),
                                           up_seconds=duration_seconds(r.get("up_down")))
                               for r in parsed.rows if r.get("peer")], parsed.command)


@handles(_CISCO, "show ip bgp summary")
def cisco_bgp(device: Device, parsed: Parsed) -> None:
    peers = []
    for r in parsed.rows:
        if not r.get("bgp_neighbor"):
            continue
        state = str(r["state_or_prefixes_received"])
        # a number here is the prefixes received: the session is Established
        shown = "Established" if state.isdigit() else state
        peers.append(RoutingPeer("bgp", str(r["bgp_neighbor"]), shown, peer_up("bgp", shown),
                                 remote_as=str(r["neighbor_as"]), evidence=_line(parsed, str(r["bgp_neighbor"]) + " "),
                                 prefixes_received=int(state) if state.isdigit() else None,
                                 up_seconds=duration_seconds(r.get("up_down"))))
    _set_peers(device, "bgp", peers, parsed.command)


# ---- VRRP / HSRP -----------------------------------------------------------------------------------

_VRP_VRRP = re.compile(rf"^\s*(?P<vrid>\d+)\s+(?P<state>[A-Za-z]+)\s+(?P<intf>\S+)\s+\S+\s+(?P<vip>{_IP})")
_H3C_VRRP = re.compile(rf"^\s*(?P<intf>\S+)\s+(?P<vrid>\d+)\s+(?P<state>[A-Za-z]+)\s+\d+\s+\d+\s+\S+\s+(?P<vip>{_IP})")


def _set_redundancy(device: Device, protocol: str, groups: list[RedundancyGroup], command: str) -> None:
    device.redundancy = [g for g in (device.redundancy or []) if g.protocol != protocol] + groups
    device.sources[f"redundancy.{protocol}"] = command


def _vrrp_by_regex(parsed: Parsed, pattern: re.Pattern[str]) -> list[RedundancyGroup]:
    groups = []
    for line in parsed.lines():
        m = pattern.match(line)
        if m:
            groups.append(RedundancyGroup("vrrp", m.group("intf"), m.group("vrid"), m.group("state").lower(),
                                          m.group("vip"), line.strip()))
    return groups


@handles(_VRP, "display vrrp brief", textfsm=False)
def vrp_vrrp(device: Device, parsed: Parsed) -> None:
    _set_redundancy(device, "vrrp", _vrrp_by_regex(parsed, _VRP_VRRP), parsed.command)


@handles(_H3C, "display vrrp", textfsm=False)
def h3c_vrrp(device: Device, parsed: Parsed) -> None:
    _set_redundancy(device, "vrrp", _vrrp_by_regex(parsed, _H3C_VRRP), parsed.command)


# verbose forms: VRP `display vrrp` ("Vlanif10 | Virtual Router 1" then "State : Master"), Comware
# `display vrrp verbose` ("Interface Vlan-interface2", "VRID : 1 ...", "Admin Status : Up  State : Master")
_VRRP_HEAD_VRP = re.compile(r"^\s*(?P<intf>\S+)\s*\|\s*Virtual Router\s+(?P<vrid>\d+)", re.IGNORECASE)
_VRRP_HEAD_H3C = re.compile(r"^\s*Interface\s+(?P<intf>\S+)\s*$")
_VRRP_VRID = re.compile(r"^\s*VRID\s*:\s*(?P<vrid>\d+)")
_VRRP_STATE = re.compile(r"(?:^|\s{2,})State\s*:\s*(?P<state>[A-Za-z]+)")
_VRRP_VIP = re.compile(rf"^\s*Virtual IP(?: address)?\s*:\s*(?P<vip>{_IP})", re.IGNORECASE)


def _vrrp_verbose(parsed: Parsed) -> list[RedundancyGroup]:
    groups: list[RedundancyGroup] = []
    intf: str | None = None
    current: RedundancyGroup | None = None
    for line in parsed.lines():
        if m := _VRRP_HEAD_VRP.match(line):
            intf = m.group("intf")
            current = RedundancyGroup("vrrp", intf, m.group("vrid"), "", None, line.strip())
            groups.append(current)
        elif m := _VRRP_HEAD_H3C.match(line):
            intf, current = m.group("intf"), None
        elif (m := _VRRP_VRID.match(line)) and intf:
            current = RedundancyGroup("vrrp", intf, m.group("vrid"), "", None, line.strip())
            groups.append(current)
        if current is None:
            continue
        if (m := _VRRP_STATE.search(line)) and not current.state:
            current.state = m.group("state").lower()
            current.evidence = f"{current.evidence} {line.strip()}".strip()
        elif (m := _VRRP_VIP.match(line)) and current.virtual_ip is None:
            current.virtual_ip = m.group("vip")
    unread = [f"{g.interface} {g.group}" for g in groups if not g.state]
    if unread:
        raise ParseFailure(f"no state for VRRP group {unread[0]}")
    return groups


@handles(_VRP, "display vrrp", textfsm=False)
@handles(_H3C, "display vrrp verbose", textfsm=False)
def vrrp_verbose(device: Device, parsed: Parsed) -> None:
    groups = _vrrp_verbose(parsed)
    if not groups and re.search(r"(?i)virtual router\s+\d|VRID\s*:", parsed.text):
        raise ParseFailure("VRRP groups not understood")
    _set_redundancy(device, "vrrp", groups, parsed.command)


@handles(_H3C, "display vrrp brief", textfsm=False)
def h3c_vrrp_brief(device: Device, parsed: Parsed) -> None:
    _set_redundancy(device, "vrrp", _vrrp_by_regex(parsed, _H3C_VRRP), parsed.command)


@handles(_CISCO, "show standby brief")
def cisco_hsrp(device: Device, parsed: Parsed) -> None:
    _set_redundancy(device, "hsrp", [RedundancyGroup("hsrp", str(r["interface"]), str(r["group"]),
                                                     str(r["state"]).lower(), str(r["virtual_ip_address"]),
                                                     _line(parsed, str(r["interface"])))
                                     for r in parsed.rows], parsed.command)


@handles(_CISCO, "show vrrp brief")
def cisco_vrrp(device: Device, parsed: Parsed) -> None:
    _set_redundancy(device, "vrrp", [RedundancyGroup("vrrp", str(r["interface"]), str(r["group"]),
                                                     str(r["state"]).lower(), str(r["virtual_ip_address"]),
                                                     _line(parsed, str(r["interface"])))
                                     for r in parsed.rows], parsed.command)


# ---- spanning tree ---------------------------------------------------------------------------------

_STP_BRIEF = re.compile(r"^\s*(?P<inst>\d+)\s+(?P<port>\S+)\s+(?P<role>[A-Z]{4,6})\s+(?P<state>[A-Z]+)\b")


@handles(_VRP + (_H3C,), "display stp brief", textfsm=False)
def stp_brief(device: Device, parsed: Parsed) -> None:
    ports = []
    for line in parsed.lines():
        m = _STP_BRIEF.match(line)
        if m:
            ports.append(StpPort(m.group("inst"), m.group("port"), stp_role(m.group("role")),
                                 m.group("state").lower(), line.strip()))
    if not ports and "Role" not in parsed.text and parsed.text.strip():
        raise ParseFailure("no spanning-tree port table in the output")
    device.stp_ports, device.sources["stp_ports"] = ports, parsed.command


_CISCO_STP_VLAN = re.compile(r"^(?:VLAN0*(?P<vlan>\d+)|MST0*(?P<mst>\d+))\s*$")
_CISCO_ROOT_PRIO = re.compile(r"^\s*Root ID\s+Priority\s+(?P<prio>\d+)")
_CISCO_ADDRESS = re.compile(r"^\s*Address\s+(?P<mac>[0-9a-fA-F.]{14})")
_CISCO_ROOT_PORT = re.compile(r"^\s*Port\s+\d+\s+\((?P<port>[^)]+)\)")


def cisco_stp_roots(parsed: Parsed) -> list[StpRoot]:
    """Root bridge (priority.address) and root port per VLAN / MST instance of `show spanning-tree`."""
    roots: list[StpRoot] = []
    instance, current, in_root = None, None, False
    for line in parsed.lines():
        if m := _CISCO_STP_VLAN.match(line):
            instance, current, in_root = m.group("vlan") or m.group("mst"), None, False
        elif (m := _CISCO_ROOT_PRIO.match(line)) and instance is not None:
            current, in_root = StpRoot(instance, m.group("prio")), True
            roots.append(current)
        elif line.strip().startswith("Bridge ID"):
            in_root = False
        elif current is not None and in_root and (m := _CISCO_ADDRESS.match(line)):
            current.bridge = f"{current.bridge}.{m.group('mac').lower()}"
            current.evidence = line.strip()
        elif current is not None and in_root and (m := _CISCO_ROOT_PORT.match(line)):
            current.root_port = m.group("port")
    unread = [r.instance for r in roots if "." not in r.bridge]
    if unread:
        raise ParseFailure(f"no root bridge address for spanning-tree instance {unread[0]}")
    return roots


@handles(_CISCO, "show spanning-tree")
def cisco_stp(device: Device, parsed: Parsed) -> None:
    device.stp_ports = [StpPort(str(r["vlan_id"]), str(r["interface"]), stp_role(str(r["role"])),
                                str(r["status"]).lower(), _line(parsed, str(r["interface"]) + " "))
                        for r in parsed.rows]
    device.sources["stp_ports"] = parsed.command
    device.stp_roots, device.sources["stp_roots"] = cisco_stp_roots(parsed), parsed.command


_STP_INSTANCE = re.compile(r"-+\[(?:CIST|MSTI\s+(?P<msti>\d+))\b[^\]]*\]", re.IGNORECASE)
# VRP / Comware 5 "CIST Root/ERPC :0.00e0-fc0e-6554 / 200200", "MSTI RegRoot/IRPC :..."; Comware 7
# "Root ID/ERPC : 0.00e0-fc0e-6554, 200200", "RegRoot ID/IRPC : ..." (the first of the instance counts)
_STP_ROOT = re.compile(r"^\s*(?:CIST\s+Root/ERPC|Root\s+ID/ERPC|MSTI\s+RegRoot/IRPC|RegRoot\s+ID/IRPC)\s*:\s*"
                       r"(?P<bridge>\d+ *\.[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4})", re.IGNORECASE)
# CloudEngine V300: "CIST Global Information:" (no dashes) opens the CIST block
_STP_PORT_BLOCK = re.compile(r"^\s*-+\[Port\d+\((?P<port>[^)]+)\)\]")
_STP_ROOT_ROLE = re.compile(r"^\s*Port\s+role\s*:\s*(?:CIST\s+|MSTI\s+)?Root\s+Port", re.IGNORECASE)


@handles(_VRP + (_H3C,), "display stp", textfsm=False)
def stp_verbose_roots(device: Device, parsed: Parsed) -> None:
    """`display stp`: each instance's root bridge (the CIST root, an MSTI's regional root) and the port
    whose role is Root Port in that instance."""
    roots: dict[str, StpRoot] = {}
    instance, port = None, None
    for line in parsed.lines():
        if (m := _STP_INSTANCE.match(line)) and "Global Info" in line:
            instance, port = m.group("msti") or "0", None
        elif line.strip().startswith("CIST Global Information"):
            instance, port = "0", None
        elif m := _STP_PORT_BLOCK.match(line):
            port = m.group("port")
        elif (m := _STP_ROOT.match(line)) and instance is not None and instance not in roots:
            # NE prints "0    .00e0-fc12-3456" (the priority padded): the bridge without the blanks
            roots[instance] = StpRoot(instance, m.group("bridge").replace(" ", "").lower(), None, line.strip())
        elif _STP_ROOT_ROLE.match(line) and instance in roots and port:
            roots[instance].root_port = port
    if not roots and "Global Info" in parsed.text:
        raise ParseFailure("no root bridge in the spanning-tree output")
    device.stp_roots, device.sources["stp_roots"] = list(roots.values()), parsed.command
