"""`netinspect diff` on real output formats, case by case (issue 18): each loss reported once and right,
nothing invented, the unchanged pair silent. Outputs go through the inspection's own parsers."""

from __future__ import annotations

from pathlib import Path

from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.core.results import DeviceResult
from netinspect.diff.engine import compare, group, use_config
from netinspect.diff.expect import Expectation, apply
from netinspect.diff.snapshot import config_lines, from_device_result
from netinspect.normalize import normalize

DATA = Path(__file__).parent / "data" / "snapshot"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "change" / "outputs"


def snapshot(os_id: str, outputs: dict[str, str], config: str | None = None):
    raw = RawDevice(name="sw1", os=os_id, hostname="SW1")
    for command, text in outputs.items():
        raw.outputs[command] = CommandOutput(command, text)
    dev, outcomes = normalize(raw)
    snap = from_device_result(DeviceResult(raw, dev, outcomes))
    if config is not None:
        snap.config = config_lines(config)
    return snap, outcomes


def diffs(before, after, expectations=()):
    pairs, found = compare([before], [after])
    found += apply(list(expectations), pairs, found)
    return group(found)


def found(before, after, expectations=()):
    return sorted((d.kind, d.item, d.severity) for d in diffs(before, after, expectations))


def test_comware_point_to_point_ospf_neighbour_is_read_and_its_loss_reported():
    text = (DATA / "h3c_comware_display_ospf_peer_p2p.txt").read_text()
    before, outcomes = snapshot("h3c_comware", {"display ospf peer": text})
    assert outcomes["display ospf peer"].status == "ok"
    assert sorted((k, f.value["state"], f.value["up"]) for k, f in before.facts["peers.ospf"].items()) == [
        ("ospf 10.10.0.3", "Full/BDR", True), ("ospf 10.10.0.9", "Full/ -", True)]
    after, _ = snapshot("h3c_comware", {"display ospf peer": "\n".join(
        line for line in text.splitlines() if "XGE1/0/49" not in line)})
    assert found(before, after) == [("peer_lost", "ospf 10.10.0.9", "high")]


def test_a_neighbour_row_the_parser_cannot_read_fails_the_parse_instead_of_vanishing():
    text = (DATA / "h3c_comware_display_ospf_peer_p2p.txt").read_text().replace("Full/ -  ", "Full / - ?")
    _, outcomes = snapshot("h3c_comware", {"display ospf peer": text})
    assert outcomes["display ospf peer"].status == "parse_error"


def test_vrp_ospf_peer_verbose_and_brief_are_the_same_neighbours():
    verbose, outcomes = snapshot("huawei_vrp", {"display ospf peer": (DATA / "huawei_vrp_display_ospf_peer.txt").read_text()})
    assert outcomes["display ospf peer"].status == "ok"
    assert {k: f.value["up"] for k, f in verbose.facts["peers.ospf"].items()} == {"ospf 10.1.1.1": True,
                                                                                "ospf 10.1.2.1": True}
    brief = """
          OSPF Process 1 with Router ID 10.1.1.2
                  Peer Statistic Information
 ----------------------------------------------------------------------------
 Area Id          Interface                        Neighbor id      State
 0.0.0.0          Vlanif100                        10.1.1.1         Full
 0.0.0.0          Vlanif200                        10.1.2.1         Full
 ----------------------------------------------------------------------------
"""
    brief_snap, _ = snapshot("huawei_vrp", {"display ospf peer brief": brief})
    assert found(brief_snap, verbose) == []
    down = brief.replace("10.1.2.1         Full", "10.1.2.1         Init")
    assert found(verbose, snapshot("huawei_vrp", {"display ospf peer brief": down})[0]) == [
        ("peer_down", "ospf 10.1.2.1", "high")]


def test_vrrp_verbose_and_brief_forms_name_the_same_groups():
    vrp, outcomes = snapshot("huawei_vrp", {"display vrrp": (DATA / "huawei_vrp_display_vrrp.txt").read_text()})
    assert outcomes["display vrrp"].status == "ok"
    assert {k: f.value for k, f in vrp.facts["roles.vrrp"].items()} == {"vrrp vlan100 1": "master",
                                                                         "vrrp vlan200 2": "backup"}
    brief = """Total:2     Master:1     Backup:1     Non-active:0
VRID  State        Interface                Type     Virtual IP
----------------------------------------------------------------
1     Master       Vlanif100                Normal   10.1.1.111
2     Master       Vlanif200                Normal   10.1.2.111
"""
    assert found(vrp, snapshot("huawei_vrp", {"display vrrp brief": brief})[0]) == [
        ("role_changed", "vrrp Vlanif200 2", "medium")]
    verbose = (DATA / "h3c_comware_display_vrrp_verbose.txt").read_text()
    h3c_brief = "\n".join(line for line in (EXAMPLE / "vrrp.txt").read_text().splitlines() if "Vlan20 " not in line)
    b, _ = snapshot("h3c_comware", {"display vrrp": h3c_brief})
    a, outcomes = snapshot("h3c_comware", {"display vrrp verbose": verbose})
    assert outcomes["display vrrp verbose"].status == "ok"
    assert found(b, a) == []  # Vlan10 (brief) and Vlan-interface10 (verbose) are one interface


def test_root_bridge_change_with_the_same_root_port_on_a_catalyst():
    text = (DATA / "cisco_ios_show_spanning-tree.txt").read_text()
    before, outcomes = snapshot("cisco_ios", {"show spanning-tree": text})
    assert outcomes["show spanning-tree"].status == "ok"
    assert before.facts["stp_roots"]["stp 1"].value == {"bridge": "32769.fa16.3e57.336f", "port": "GigabitEthernet0/3"}
    # the root moved to another bridge; this switch still reaches it through Gi0/3 (edit of the real output)
    moved = text.replace("Address     fa16.3e57.336f", "Address     fa16.3e00.0001", 1)
    after, _ = snapshot("cisco_ios", {"show spanning-tree": moved})
    assert found(before, after) == [("stp_root_changed", "stp 1", "high")]


def _mac_table(ports: dict[str, int]) -> str:
    """A Catalyst `show mac address-table` (the layout of cisco_ios_show_mac-address-table13.txt)."""
    head = (DATA / "cisco_ios_show_mac-address-table13.txt").read_text().splitlines()[:6]
    rows, n = [], 0
    for port, count in ports.items():
        for _ in range(count):
            n += 1
            rows.append(f"  10    0019.ab{n // 256:02x}.{n % 256:02x}11    DYNAMIC     {port}")
    return "\n".join(head + rows) + "\n"


def test_a_port_losing_its_macs_is_medium_though_the_table_shrank_little():
    many = {f"Gi1/0/{i}": 8 for i in range(1, 48)}
    before, outcomes = snapshot("cisco_ios", {"show mac address-table": _mac_table({**many, "Gi1/0/48": 36})})
    assert outcomes["show mac address-table"].status == "ok"
    after, _ = snapshot("cisco_ios", {"show mac address-table": _mac_table(many)})
    total_before = before.facts["counts.mac"]["mac"].value
    assert (total_before - after.facts["counts.mac"]["mac"].value) / total_before < 0.10
    assert found(before, after) == [("mac_port_drop", "Gi1/0/48", "medium")]
    real = (DATA / "cisco_ios_show_mac-address-table13.txt").read_text()
    per_port = snapshot("cisco_ios", {"show mac address-table": real})[0].facts["mac_ports"]
    assert {f.label: f.value for f in per_port.values()} == {"Vl1": 1, "Gi1/1/1": 2, "Vl87": 1}


VRP_ROUTES_HEAD = """Route Flags: R - relay, D - download to fib
------------------------------------------------------------------------------
Routing Tables: Public
         Destinations : 54       Routes : 54

Destination/Mask    Proto   Pre  Cost      Flags NextHop         Interface

        0.0.0.0/0   Static  60   0          RD   10.1.1.254      Vlanif10
       10.1.1.0/24  Direct  0    0           D   10.1.1.1        Vlanif10
"""


def _vrp_routes(extra: int, ecmp: bool = True) -> str:
    rows = [f"     10.{100 + i // 200}.{i % 200}.0/24  OSPF    10   2           D   10.1.1.2        Vlanif10"
            for i in range(extra)]
    rows.append("      10.20.0.0/16  OSPF    10   2           D   10.1.1.2        Vlanif10")
    if ecmp:
        rows.append("                    OSPF    10   2           D   10.1.1.3        Vlanif10")
    return VRP_ROUTES_HEAD + "\n".join(rows) + "\n"


def test_fifty_routes_lost_via_one_next_hop_are_one_finding_and_ecmp_paths_are_counted():
    before, outcomes = snapshot("huawei_vrp", {"display ip routing-table": _vrp_routes(50)})
    assert outcomes["display ip routing-table"].status == "ok"
    after, _ = snapshot("huawei_vrp", {"display ip routing-table": _vrp_routes(0, ecmp=False)})
    result = diffs(before, after)
    assert sorted((d.kind, d.item) for d in result) == [("ecmp_reduced", "10.20.0.0/16"),
                                                        ("route_lost", "via 10.1.1.2")]
    lost = next(d for d in result if d.kind == "route_lost")
    assert len(lost.members) == 50 and "10.100.0.0/24" in lost.members and lost.before == 50


def test_expected_vlan_added_to_a_list_line_is_expected_and_nothing_else_is_reported():
    config = "#\nvlan batch 10 20\n#\ninterface GigabitEthernet0/0/1\n port link-type trunk\n port trunk allow-pass vlan 10 20\n#\n"
    after_config = config.replace("vlan batch 10 20", "vlan batch 10 20 30").replace(
        "allow-pass vlan 10 20", "allow-pass vlan 10 20 30")
    before, _ = snapshot("huawei_vrp", {}, config)
    after, _ = snapshot("huawei_vrp", {}, after_config)
    expected = [Expectation(kind="config_added", item="*vlan*30", note="CR-7 VLAN 30")]
    result = diffs(before, after, expected)
    assert sorted((d.kind, d.item, d.expected) for d in result) == [
        ("config_added", "interface GigabitEthernet0/0/1 > port trunk allow-pass vlan 30", True),
        ("config_added", "vlan batch 30", True)]
    cisco = "interface GigabitEthernet1/0/1\n switchport trunk allowed vlan 10,20-22\n!\n"
    b, _ = snapshot("cisco_ios", {}, cisco)
    a, _ = snapshot("cisco_ios", {}, cisco.replace("20-22", "20-21"))
    assert found(b, a) == [("config_removed", "interface GigabitEthernet1/0/1 > switchport trunk allowed vlan 22",
                            "medium")]


def test_a_command_collected_before_only_is_not_compared_never_a_loss():
    bgp = (DATA / "huawei_vrp_display_bgp_peer.txt").read_text()
    ospf = (DATA / "huawei_vrp_display_ospf_peer.txt").read_text()
    before, _ = snapshot("huawei_vrp", {"display bgp peer": bgp, "display ospf peer": ospf})
    after, _ = snapshot("huawei_vrp", {"display ospf peer": ospf})
    result = diffs(before, after)
    assert [(d.kind, d.item, d.severity, d.before, d.after) for d in result] == [
        ("not_compared", "peers.bgp", "info", "display bgp peer", "not collected")]
    vrrp = (DATA / "huawei_vrp_display_vrrp.txt").read_text()
    assert [(d.kind, d.item) for d in diffs(after, snapshot("huawei_vrp", {"display ospf peer": ospf,
                                                                          "display vrrp": vrrp})[0])] == [
        ("not_compared", "roles.vrrp")]


def test_bgp_prefixes_received_drop_beyond_the_tolerance_and_the_tolerance_from_a_file():
    text = (EXAMPLE.parent.parent.parent / "tests" / "data" / "snapshot" / "hp_comware_display_bgp_peer_ipv4.txt").read_text()
    before, _ = snapshot("h3c_comware", {"display bgp peer ipv4": text.replace(
        "0       1 0286h47m", "0     400 0286h47m")})
    after, _ = snapshot("h3c_comware", {"display bgp peer ipv4": text.replace(
        "0       1 0286h47m", "0     370 0286h47m")})
    assert found(before, after) == []  # 30 of 400: within 10 %
    try:
        use_config({"tolerance": {"bgp_prefixes": {"percent": 5}}})
        assert found(before, after) == [("bgp_prefixes_drop", "bgp 12.123.123.189", "medium")]
    finally:
        use_config(None)


def test_ios_ip_interface_brief_gives_link_states():
    text = (DATA / "cisco_ios_show_ip_interface_brief.txt").read_text()
    before, outcomes = snapshot("cisco_ios", {"show ip interface brief": text})
    assert outcomes["show ip interface brief"].status == "ok"
    states = {f.label: f.value for f in before.facts["interfaces"].values()}
    assert states["Ethernet0/1"] == "up" and states["Ethernet0/2"] == "admin_down"
    after, _ = snapshot("cisco_ios", {"show ip interface brief": text.replace(
        "Ethernet0/1                1.1.1.1         YES NVRAM  up                    up",
        "Ethernet0/1                1.1.1.1         YES NVRAM  down                  down")})
    assert found(before, after) == [("interface_down", "Ethernet0/1", "high")]


def test_the_unchanged_pair_reports_nothing():
    outputs = {"display ospf peer": (DATA / "h3c_comware_display_ospf_peer_p2p.txt").read_text(),
               "display vrrp": (EXAMPLE / "vrrp.txt").read_text(),
               "display ip routing-table": (EXAMPLE / "ip_routing-table.txt").read_text(),
               "display bgp peer ipv4": (DATA / "hp_comware_display_bgp_peer_ipv4.txt").read_text(),
               "display mac-address": (EXAMPLE / "mac.txt").read_text(),
               "display stp brief": (EXAMPLE / "stp_brief.txt").read_text()}
    config = "#\nvlan batch 10 20\n#\n"
    b, _ = snapshot("h3c_comware", outputs, config)
    a, _ = snapshot("h3c_comware", outputs, config)
    assert len(b.facts) >= 6
    assert diffs(b, a) == []


def test_comware_and_vrp_display_stp_give_the_root_bridge_and_root_port():
    h3c, outcomes = snapshot("h3c_comware", {"display stp": (DATA / "h3c_comware7_display_stp.txt").read_text()})
    assert outcomes["display stp"].status == "ok"
    assert h3c.facts["stp_roots"]["stp 0"].value == {"bridge": "0.00e0-fc0e-6554", "port": "GigabitEthernet1/0/48"}
    text = (DATA / "huawei_vrp_display_stp.txt").read_text()
    vrp, _ = snapshot("huawei_vrp", {"display stp": text})
    assert vrp.facts["stp_roots"]["stp 0"].value == {"bridge": "4096.4c1f-cc45-aacc", "port": "GigabitEthernet0/0/1"}
    moved, _ = snapshot("huawei_vrp", {"display stp": text.replace(":4096.4c1f-cc45-aacc / 20000",
                                                                    ":0.4c1f-cc45-0001 / 40000")})
    assert found(vrp, moved) == [("stp_root_changed", "stp 0", "high")]


def _session(tmp: Path, name: str, clock: str, ospf: str, vlans: str) -> Path:
    version = next((Path(__file__).parent / "corpus" / "h3c_comware7" / "display_version").glob("*.txt")).read_text()
    path = tmp / name
    path.write_text(f"<CORE1>display clock\n{clock}\n<CORE1>display version\n{version}\n<CORE1>dis ospf peer\n{ospf}\n"
                    f"<CORE1>display current-configuration\n#\n sysname CORE1\n#\nvlan batch {vlans}\n#\n"
                    f"snmp-agent community read cipher $c$3$s3cr3t{name}\n#\nreturn\n<CORE1>", encoding="utf-8")
    return path


def test_cli_on_session_logs_dates_each_side_by_the_device_clock_and_keeps_secrets_out(tmp_path):
    import json

    from typer.testing import CliRunner

    from netinspect.cli.app import app

    ospf = (DATA / "h3c_comware_display_ospf_peer_p2p.txt").read_text()
    before = _session(tmp_path, "before.log", " 14:02:11 UTC Sat 12/05/2026", ospf, "10 20")
    after = _session(tmp_path, "after.log", " 02:15:40 UTC Sun 12/06/2026",
                     "\n".join(line for line in ospf.splitlines() if "XGE" not in line), "10 20 30")
    expect = tmp_path / "expect.yaml"
    expect.write_text("expected:\n  - {kind: config_added, item: 'vlan batch 30', note: CR-9}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(before), str(after), "--expect", str(expect), "--out",
                                      str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 1, result.output
    doc = json.loads((tmp_path / "o" / "diff.json").read_text(encoding="utf-8"))
    assert [(d["kind"], d["item"], d["expected"]) for d in doc["differences"]] == [
        ("peer_lost", "ospf 10.10.0.9", False), ("config_added", "vlan batch 30", True)]
    assert doc["before"]["started"] == "2026-12-05T14:02:11" and doc["before"]["started_how"] == "device_clock"
    assert doc["after"]["started"] == "2026-12-06T02:15:40"
    for report in (tmp_path / "o").iterdir():
        if report.suffix in (".md", ".html", ".json"):
            assert "s3cr3t" not in report.read_text(encoding="utf-8")
    bad = tmp_path / "tol.yaml"
    bad.write_text("tolerances: {mac: {percent: 5}}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(before), str(after), "--config", str(bad), "--out", str(tmp_path / "p")])
    assert result.exit_code == 2 and "unknown key 'tolerances'" in result.output


def test_configuration_differences_of_one_section_are_one_finding_listing_its_lines():
    config = ("#\ninterface GigabitEthernet0/0/1\n description TO-CORE\n port link-type trunk\n"
              " stp edged-port enable\n#\ninterface GigabitEthernet0/0/2\n description PRINTER\n#\n")
    after = config.replace(" port link-type trunk\n stp edged-port enable\n", "").replace("PRINTER", "CAMERA")
    b, _ = snapshot("huawei_vrp", {}, config)
    a, _ = snapshot("huawei_vrp", {}, after)
    result = diffs(b, a)
    assert sorted((d.kind, d.item, tuple(d.members)) for d in result) == [
        ("config_added", "interface GigabitEthernet0/0/2 > description CAMERA", ()),
        ("config_removed", "interface GigabitEthernet0/0/1", ("port link-type trunk", "stp edged-port enable")),
        ("config_removed", "interface GigabitEthernet0/0/2 > description PRINTER", ())]


def test_a_command_collected_but_not_readable_after_is_not_compared_and_says_why():
    text = (DATA / "h3c_comware_display_ospf_peer_p2p.txt").read_text()
    before, _ = snapshot("h3c_comware", {"display ospf peer": text})
    after, outcomes = snapshot("h3c_comware", {"display ospf peer": text.replace("Full/ -  ", "Full / - ?")})
    assert outcomes["display ospf peer"].status == "parse_error"
    (d,) = diffs(before, after)
    assert (d.kind, d.item, d.severity, d.before) == ("not_compared", "peers.ospf", "info", "display ospf peer")
    assert d.after.startswith("display ospf peer: not read (parse_error")
