"""health.routing_peers / health.vrrp / health.vrrp_fleet on real outputs (ntc-templates fixtures) and the
same parsers the change snapshot uses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from netinspect.checks.context import AnalysisContext
from netinspect.checks.health_suite import run, run_fleet
from netinspect.core.model import RedundancyGroup
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.core.results import DeviceResult
from netinspect.normalize import normalize
from netinspect.pipeline import fleet_view

DATA = Path(__file__).resolve().parent / "data" / "snapshot"
CTX = AnalysisContext(lang="en", user_config={}, options={"today": date(2026, 12, 7)})


def judged(os_id: str, outputs: dict[str, str], name: str = "dev") -> DeviceResult:
    raw = RawDevice(name=name, os=os_id)
    for command, text in outputs.items():
        raw.add(CommandOutput(command, text, status="ok"))
    device, outcomes = normalize(raw)
    d = DeviceResult(raw=raw, device=device, commands=outcomes)
    run([d], CTX)
    return d


def result(d: DeviceResult, check: str):
    return next(r for r in d.results if r.check == check)


def test_vrp_bgp_peer_idle_is_high_and_a_young_session_is_flapping() -> None:
    d = judged("huawei_vrp", {"display bgp peer": (DATA / "huawei_vrp_display_bgp_peer.txt").read_text()})
    r = result(d, "health.routing_peers")
    assert r.status == "fail" and r.severity == "high"
    assert "BGP 10.1.1.1 in state Idle" in r.message
    assert "BGP 10.2.2.2 up only 17m (flapping?)" in r.message
    assert r.command == "display bgp peer"


def test_comware_bgp_connect_peers_fail_and_old_sessions_pass() -> None:
    d = judged("h3c_comware", {"display bgp peer ipv4": (DATA / "hp_comware_display_bgp_peer_ipv4.txt").read_text()})
    r = result(d, "health.routing_peers")
    assert r.status == "fail" and r.message.startswith("2 neighbour(s)/peer(s) with problems")
    assert "2.114.82.34 in state Connect" in r.message and "12.123.123.189" not in r.message


def test_no_peer_command_is_insufficient_data() -> None:
    d = judged("huawei_vrp", {})
    assert result(d, "health.routing_peers").status == "insufficient_data"
    assert result(d, "health.vrrp").status == "insufficient_data"


def test_two_vrrp_masters_across_the_fleet() -> None:
    a, b = judged("huawei_vrp", {}, "A"), judged("huawei_vrp", {}, "B")
    for d, state in ((a, "master"), (b, "master")):
        d.device.redundancy = [RedundancyGroup("vrrp", "Vlanif10", "1", state, "10.1.10.254", "1 Master Vlanif10")]
        d.device.sources["redundancy.vrrp"] = "display vrrp brief"
    views = [fleet_view(a), fleet_view(b)]
    run_fleet(views, CTX)
    for view in views:
        r = result(view, "health.vrrp_fleet")
        assert r.status == "fail" and r.severity == "high"
        assert r.message == "VRRP group 1 (virtual address 10.1.10.254) has 2 masters: A, B"


def test_one_master_one_backup_passes_and_per_device_init_fails() -> None:
    a, b = judged("huawei_vrp", {}, "A"), judged("huawei_vrp", {}, "B")
    a.device.redundancy = [RedundancyGroup("vrrp", "Vlanif10", "1", "master", "10.1.10.254")]
    b.device.redundancy = [RedundancyGroup("vrrp", "Vlanif10", "1", "backup", "10.1.10.254"),
                           RedundancyGroup("vrrp", "Vlanif20", "2", "initialize", "10.1.20.254")]
    views = [fleet_view(a), fleet_view(b)]
    run_fleet(views, CTX)
    assert result(views[0], "health.vrrp_fleet").status == "pass"
    b.results = []
    run([b], CTX)
    r = result(b, "health.vrrp")
    assert r.status == "fail" and "VRRP group 2 (Vlanif20) in state initialize" in r.message


CORPUS = Path(__file__).resolve().parent / "corpus"


def test_a_dead_radius_server_is_a_high_failure() -> None:
    dead = (CORPUS / "cisco_iosxe" / "show_aaa_servers" / "genie_golden2_radius_dead.txt").read_text()
    r = result(judged("cisco_iosxe", {"show aaa servers": dead}), "health.aaa")
    assert r.status == "fail" and r.severity == "high"
    assert r.message == "2 AAA server(s) not alive: RADIUS radius1.com (DEAD), RADIUS radius2.com (DEAD)"
    up = (CORPUS / "cisco_iosxe" / "show_aaa_servers" / "genie_golden1_radius_up.txt").read_text()
    assert result(judged("cisco_iosxe", {"show aaa servers": up}), "health.aaa").status == "pass"


def test_recent_topology_change_and_different_roots_across_the_fleet() -> None:
    stp = CORPUS / "cisco_ios" / "show_spanning-tree_detail"
    rapid = judged("cisco_ios", {"show spanning-tree detail": (stp / "genie_golden_output_rapid_pvst.txt").read_text()}, "A")
    r = result(rapid, "health.stp")
    assert r.status == "fail" and r.severity == "medium"
    assert r.message == ("2 instance(s) with a recent topology change: VLAN0100: 1 topology change(s), the last 0m "
                         "ago; VLAN0201: 1 topology change(s), the last 0m ago")
    old = judged("cisco_ios", {"show spanning-tree detail": (stp / "genie_golden_output_pvst.txt").read_text()}, "B")
    assert result(old, "health.stp").status == "fail"  # 00:05:37 ago is within the day too
    weeks = judged("cisco_ios", {"show spanning-tree detail": (stp / "genie_golden_output_1.txt").read_text()}, "C")
    assert result(weeks, "health.stp").status == "pass"
    # A and B both report VLAN0100 with the same root (24676/3820.56ff.76db); C has none of it
    views = [fleet_view(rapid), fleet_view(old), fleet_view(weeks)]
    run_fleet(views, CTX)
    assert all(result(v, "health.stp_fleet").status == "pass" for v in views)
    rapid.device.stp[0].root_address = "0000.0000.0001"  # B now sees another root for VLAN0100
    views = [fleet_view(rapid), fleet_view(old)]
    run_fleet(views, CTX)
    r = result(views[1], "health.stp_fleet")
    assert r.status == "fail" and r.message.startswith("VLAN 100 has different roots: 24676/0000.0000.0001 (A); "
                                                       "24676/3820.56ff.76db (B)")


def test_roots_from_the_snapshot_readers_join_the_fleet_check() -> None:
    """A Comware switch read with display stp (the change snapshot's reader) and a Cisco one with show
    spanning-tree detail are compared on MST 0 whatever their MAC notation."""
    from netinspect.core.model import StpRoot
    cisco = judged("cisco_iosxe", {"show spanning-tree detail": (CORPUS / "cisco_iosxe" / "show_spanning-tree_detail" /
                                                                 "genie_golden_output_2.txt").read_text()}, "XE")
    h3c = judged("h3c_comware", {}, "H3C")
    h3c.device.stp_roots = [StpRoot("0", "8192.5897-bdff-3b3a", None, "CIST Root/ERPC : 8192.5897-bdff-3b3a / 0")]
    views = [fleet_view(cisco), fleet_view(h3c)]
    run_fleet(views, CTX)
    assert [result(v, "health.stp_fleet").status for v in views] == ["pass", "pass"]
    h3c.device.stp_roots[0].bridge = "32768.000f-e200-2200"
    views = [fleet_view(cisco), fleet_view(h3c)]
    run_fleet(views, CTX)
    r = result(views[1], "health.stp_fleet")
    assert r.status == "fail" and "MST 0 has different roots" in r.message and "32768/000f.e200.2200 (H3C)" in r.message


def test_mac_table_usage_against_the_printed_capacity() -> None:
    text = (CORPUS / "cisco_iosxe" / "show_mac_address-table_count" / "genie_golden_output.txt").read_text()
    r = result(judged("cisco_iosxe", {"show mac address-table count": text}), "health.tables")
    assert r.status == "pass" and r.message == "tables within capacity: MAC 32778/131072 (25%)"
    full = text.replace("Total Mac Address Space Available: 98294", "Total Mac Address Space Available: 2000")
    r = result(judged("cisco_iosxe", {"show mac address-table count": full}), "health.tables")
    assert r.status == "fail" and r.severity == "high" and "MAC 32778/34778 (94.2%)" in r.message
