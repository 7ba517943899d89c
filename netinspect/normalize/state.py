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

from netinspect.core.model import Device, Neighbor, RedundancyGroup, Route, RoutingPeer, StpPort
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


def _set_peers(device: Device, protocol: str, peers: list[RoutingPeer], command: str) -> None:
    device.peers = [p for p in (device.peers or []) if p.protocol != protocol] + peers
    device.sources[f"peers.{protocol}"] = command


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

def _count_macs(parsed: Parsed) -> int:
    if not parsed.text.strip():
        return 0
    count = sum(1 for line in parsed.lines() if _MAC.search(line))
    if count == 0 and not re.search(r"(?i)mac|total|no entr|not found", parsed.text):
        raise ParseFailure("no address table in the output")
    return count


@handles(_VRP, "display arp all", textfsm=False)
@handles(_H3C, "display arp", textfsm=False)
@handles(_CISCO, "show ip arp", textfsm=False)
def arp_size(device: Device, parsed: Parsed) -> None:
    device.arp_entries, device.sources["arp_entries"] = _count_macs(parsed), parsed.command


@handles(_VRP + (_H3C,), "display mac-address", textfsm=False)
@handles(_CISCO, "show mac address-table", textfsm=False)
def mac_size(device: Device, parsed: Parsed) -> None:
    device.mac_entries, device.sources["mac_entries"] = _count_macs(parsed), parsed.command


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

_VRP_OSPF = re.compile(rf"^\s*{_IP}\s+(?P<intf>\S+)\s+(?P<rid>{_IP})\s+(?P<state>\S+)\s*$")
_H3C_OSPF = re.compile(rf"^\s*(?P<rid>{_IP})\s+{_IP}\s+\d+\s+\d+\s+(?P<state>\S+)\s+(?P<intf>\S+)\s*$")
_ISIS = re.compile(r"^\s*(?P<sys>[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}|\S+)\s+(?P<intf>\S+)\s+\S+\s+"
                   r"(?P<state>Up|Down|Init|UP|DOWN|INIT)\s+\d+")


def _peers_by_regex(parsed: Parsed, pattern: re.Pattern[str], protocol: str, id_group: str) -> list[RoutingPeer]:
    peers = []
    for line in parsed.lines():
        m = pattern.match(line)
        if m:
            state = m.group("state")
            peers.append(RoutingPeer(protocol, m.group(id_group), state, peer_up(protocol, state),
                                     interface=m.group("intf"), evidence=line.strip()))
    return peers


@handles(_VRP, "display ospf peer brief", textfsm=False)
def vrp_ospf(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "ospf", _peers_by_regex(parsed, _VRP_OSPF, "ospf", "rid"), parsed.command)


@handles(_H3C, "display ospf peer", textfsm=False)
def h3c_ospf(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "ospf", _peers_by_regex(parsed, _H3C_OSPF, "ospf", "rid"), parsed.command)


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
                                           remote_as=str(r["asn"]), evidence=_line(parsed, str(r["peer"]) + " "))
                               for r in parsed.rows], parsed.command)


@handles(_H3C, "display bgp peer ipv4")
def h3c_bgp(device: Device, parsed: Parsed) -> None:
    _set_peers(device, "bgp", [RoutingPeer("bgp", str(r["peer"]), str(r["state"]), peer_up("bgp", str(r["state"])),
                                           remote_as=str(r["remote_asn"]), evidence=_line(parsed, str(r["peer"]) + " "))
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
                                 remote_as=str(r["neighbor_as"]), evidence=_line(parsed, str(r["bgp_neighbor"]) + " ")))
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


@handles(_CISCO, "show spanning-tree")
def cisco_stp(device: Device, parsed: Parsed) -> None:
    device.stp_ports = [StpPort(str(r["vlan_id"]), str(r["interface"]), stp_role(str(r["role"])),
                                str(r["status"]).lower(), _line(parsed, str(r["interface"]) + " "))
                        for r in parsed.rows]
    device.sources["stp_ports"] = parsed.command
