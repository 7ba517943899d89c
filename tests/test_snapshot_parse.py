"""State-snapshot parsing (routes, neighbours, peers, VRRP, STP, ARP/MAC) on public fixtures and the example outputs."""

from __future__ import annotations

from pathlib import Path

from netinspect.collect.readonly import is_read_only
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.normalize import normalize
from netinspect.platforms import get_platform, snapshot_commands

DATA = Path(__file__).parent / "data" / "snapshot"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "change" / "outputs"


def device(os_id: str, outputs: dict[str, str]):
    raw = RawDevice(name="d", os=os_id)
    for command, text in outputs.items():
        raw.outputs[command] = CommandOutput(command, text)
    dev, outcomes = normalize(raw)
    assert all(o.status == "ok" for o in outcomes.values()), outcomes
    return dev


def test_snapshot_commands_are_read_only_and_known_to_every_platform():
    commands = snapshot_commands()
    for os_id, cmds in commands.items():
        assert get_platform(os_id) is not None
        assert all(is_read_only(c) for c in cmds)
        assert set(cmds) <= set(get_platform(os_id).vocabulary)


def test_vrp_bgp_peers_established_and_idle():
    dev = device("huawei_vrp", {"display bgp peer": (DATA / "huawei_vrp_display_bgp_peer.txt").read_text()})
    assert [(p.peer, p.state, p.up, p.remote_as) for p in dev.peers] == [
        ("10.1.1.1", "Idle", False, "100"), ("10.2.2.2", "Established", True, "200")]


def test_vrp_lldp_brief_arp_and_mac_sizes():
    dev = device("huawei_vrp8", {
        "display lldp neighbor brief": (DATA / "huawei_vrp_display_lldp_neighbor_brief.txt").read_text(),
        "display arp all": (DATA / "huawei_vrp_display_arp_all.txt").read_text(),
        "display mac-address": (DATA / "huawei_vrp_display_mac-address.txt").read_text()})
    assert len(dev.neighbors) == 14
    assert (dev.neighbors[-1].local_interface, dev.neighbors[-1].device, dev.neighbors[-1].port) == \
        ("MEth0/0/0", "TEST-LM04", "GigabitEthernet1/0/42")
    assert dev.arp_entries == 7 and dev.mac_entries == 2


def test_comware_bgp_and_lldp():
    dev = device("h3c_comware", {
        "display bgp peer ipv4": (DATA / "hp_comware_display_bgp_peer_ipv4.txt").read_text(),
        "display lldp neighbor-information list": (DATA / "hp_comware_display_lldp_neighbor-information_list.txt").read_text()})
    assert sum(p.up is True for p in dev.peers) == 3 and sum(p.up is False for p in dev.peers) == 2
    assert dev.neighbors[0].device == "SW-TEST-001" and dev.neighbors[0].port == "Ten-GigabitEthernet1/0/30"


def test_comware_example_routes_vrrp_ospf_stp():
    dev = device("h3c_comware", {
        "display ip routing-table": (EXAMPLE / "ip_routing-table.txt").read_text(),
        "display vrrp": (EXAMPLE / "vrrp.txt").read_text(),
        "display ospf peer": (EXAMPLE / "ospf_peer.txt").read_text(),
        "display stp brief": (EXAMPLE / "stp_brief.txt").read_text()})
    protocols = sorted({(r.prefix, r.protocol) for r in dev.routes})
    assert ("0.0.0.0/0", "bgp") in protocols and ("10.30.0.0/16", "ospf") in protocols
    assert len([r for r in dev.routes if r.prefix == "172.16.0.0/12"]) == 2  # two next hops
    assert [(g.interface, g.group, g.state) for g in dev.redundancy] == [("Vlan10", "10", "master"),
                                                                        ("Vlan20", "20", "master")]
    assert [(p.peer, p.up) for p in dev.peers] == [("10.10.0.3", True)]
    assert {p.role for p in dev.stp_ports} == {"designated"}


def test_vrp_routing_table_vrrp_and_stp():
    routes = """Route Flags: R - relay, D - download to fib
------------------------------------------------------------------------------
Routing Tables: Public
         Destinations : 3        Routes : 4

Destination/Mask    Proto   Pre  Cost      Flags NextHop         Interface

        0.0.0.0/0   Static  60   0          RD   10.1.1.254      Vlanif10
       10.1.1.0/24  Direct  0    0           D   10.1.1.1        Vlanif10
      10.20.0.0/16  OSPF    10   2           D   10.1.1.2        Vlanif10
                    OSPF    10   2           D   10.1.1.3        Vlanif10
"""
    vrrp = """Total:2     Master:1     Backup:1     Non-active:0
VRID  State        Interface                Type     Virtual IP
----------------------------------------------------------------
1     Master       Vlanif10                 Normal   10.1.1.254
2     Backup       Vlanif20                 Normal   10.1.2.254
"""
    stp = """ MSTID  Port                        Role  STP State     Protection
   0    GigabitEthernet0/0/1        ROOT  FORWARDING    NONE
   0    GigabitEthernet0/0/2        ALTE  DISCARDING    NONE
"""
    dev = device("huawei_vrp", {"display ip routing-table": routes, "display vrrp brief": vrrp,
                                "display stp brief": stp})
    assert [(r.prefix, r.protocol) for r in dev.routes] == [("0.0.0.0/0", "static"), ("10.1.1.0/24", "direct"),
                                                           ("10.20.0.0/16", "ospf"), ("10.20.0.0/16", "ospf")]
    assert [(g.group, g.state) for g in dev.redundancy] == [("1", "master"), ("2", "backup")]
    assert [(p.port, p.role) for p in dev.stp_ports] == [("GigabitEthernet0/0/1", "root"),
                                                         ("GigabitEthernet0/0/2", "alternate")]


def test_cisco_bgp_summary_hsrp_and_ospf():
    bgp = """BGP router identifier 10.0.0.1, local AS number 65001
BGP table version is 12, main routing table version 12
4 network entries using 992 bytes of memory

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
10.0.0.2        4        65002    1234    1230       12    0    0 2d03h           3
10.0.0.3        4        65003       0       0        1    0    0 never    Active
"""
    hsrp = """                     P indicates configured to preempt.
                     |
Interface   Grp  Pri P State   Active          Standby         Virtual IP
Vl10        10   110 P Active  local           10.10.10.3      10.10.10.1
Vl20        20   100 P Standby 10.10.20.2      local           10.10.20.1
"""
    ospf = """Neighbor ID     Pri   State           Dead Time   Address         Interface
10.0.0.5          1   FULL/DR         00:00:33    10.1.5.5        GigabitEthernet1/0/1
10.0.0.6          1   INIT/DROTHER    00:00:38    10.1.6.6        GigabitEthernet1/0/2
"""
    dev = device("cisco_ios", {"show ip bgp summary": bgp, "show standby brief": hsrp,
                               "show ip ospf neighbor": ospf})
    assert [(p.protocol, p.peer, p.up) for p in dev.peers] == [
        ("bgp", "10.0.0.2", True), ("bgp", "10.0.0.3", False), ("ospf", "10.0.0.5", True), ("ospf", "10.0.0.6", False)]
    assert [(g.interface, g.state) for g in dev.redundancy] == [("Vl10", "active"), ("Vl20", "standby")]


IOS_ROUTE = """Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP
       + - replicated route, % - next hop override

Gateway of last resort is 10.1.1.254 to network 0.0.0.0

S*    0.0.0.0/0 [1/0] via 10.1.1.254
      10.0.0.0/8 is variably subnetted, 4 subnets, 2 masks
C        10.1.1.0/24 is directly connected, Vlan10
L        10.1.1.1/32 is directly connected, Vlan10
O        10.2.0.0/16 [110/2] via 10.1.1.2, 00:10:11, Vlan10
B        10.3.0.0/16 [20/0] via 192.0.2.1, 1d02h
"""
IOS_CDP = """Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge
                  S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone,
                  D - Remote, C - CVTA, M - Two-port Mac Relay

Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID
BJ-CORE-01       Gig 1/0/49        158             R S I  C9500-24Y Twe 1/0/1
BJ-CORE-02       Gig 1/0/50        141             R S I  C9500-24Y Twe 1/0/1
"""
IOS_STP = """
VLAN0010
  Spanning tree enabled protocol rstp
  Root ID    Priority    4106
             Address     00aa.bbcc.0001
             Cost        4
             Port        49 (GigabitEthernet1/0/49)

Interface           Role Sts Cost      Prio.Nbr Type
------------------- ---- --- --------- -------- --------------------------------
Gi1/0/1             Desg FWD 4         128.1    P2p Edge
Gi1/0/49            Root FWD 4         128.49   P2p
Gi1/0/50            Altn BLK 4         128.50   P2p
"""


def test_cisco_routes_cdp_and_spanning_tree():
    dev = device("cisco_ios", {"show ip route": IOS_ROUTE, "show cdp neighbors": IOS_CDP, "show spanning-tree": IOS_STP})
    assert [(r.prefix, r.protocol) for r in dev.routes] == [
        ("0.0.0.0/0", "static"), ("10.1.1.0/24", "direct"), ("10.1.1.1/32", "direct"), ("10.2.0.0/16", "ospf"),
        ("10.3.0.0/16", "bgp")]
    assert [(n.protocol, n.local_interface, n.device, n.port) for n in dev.neighbors] == [
        ("cdp", "Gig 1/0/49", "BJ-CORE-01", "Twe 1/0/1"), ("cdp", "Gig 1/0/50", "BJ-CORE-02", "Twe 1/0/1")]
    assert [(p.instance, p.port, p.role) for p in dev.stp_ports] == [
        ("10", "Gi1/0/1", "designated"), ("10", "Gi1/0/49", "root"), ("10", "Gi1/0/50", "alternate")]
