"""The diff engine on hand-built snapshots: device matching, tolerances, redaction, what cannot be compared."""

from __future__ import annotations

from netinspect.diff.engine import compare, match_devices
from netinspect.diff.snapshot import DeviceSnapshot, Fact, config_lines


def snap(name: str, hostname: str | None = None, serial: str | None = None, **facts) -> DeviceSnapshot:
    s = DeviceSnapshot(name=name, hostname=hostname, serial=serial)
    s.facts = {aspect: {k: Fact(v) for k, v in items.items()} for aspect, items in facts.items()}
    return s


def kinds(before, after) -> list[tuple[str, str]]:
    return sorted((d.kind, d.item) for d in compare(before, after)[1])


def test_devices_match_by_serial_then_hostname_then_name():
    before = [snap("a", "SW-A", "SN1"), snap("b", "SW-B"), snap("c")]
    after = [snap("renamed", "SW-A-NEW", "SN1"), snap("other-name", "sw-b"), snap("c"), snap("d")]
    pairs = match_devices(before, after)
    assert [(p.name, p.after.name if p.after else None, p.matched_by) for p in pairs] == [
        ("a", "renamed", "serial"), ("b", "other-name", "hostname"), ("c", "c", "name"), ("d", "d", None)]
    assert kinds(before, after) == [("device_new", "d")]


def test_missing_device_is_high():
    diffs = compare([snap("a")], [])[1]
    assert [(d.kind, d.severity) for d in diffs] == [("device_missing", "high")]


def test_table_sizes_within_tolerance_are_not_reported():
    before = [snap("a", counts={"mac": 1000, "arp": 100})]
    assert kinds(before, [snap("a", counts={"mac": 950, "arp": 95})]) == []
    assert kinds(before, [snap("a", counts={"mac": 800, "arp": 80})]) == [("count_drop", "arp"), ("count_drop", "mac")]


def test_neighbour_lost_changed_and_peer_lost():
    before = [snap("a", neighbors={"lldp GE1/0/1": "SW2 GE0/1", "lldp GE1/0/2": "SW3 GE0/1"},
                   peers={"ospf 1.1.1.1": {"state": "Full/DR", "up": True}, "bgp 2.2.2.2": {"state": "Idle", "up": False}})]
    after = [snap("a", neighbors={"lldp GE1/0/1": "SW9 GE0/1"}, peers={"bgp 2.2.2.2": {"state": "Idle", "up": False}})]
    assert kinds(before, after) == [("neighbor_changed", "lldp GE1/0/1"), ("neighbor_lost", "lldp GE1/0/2"),
                                    ("peer_lost", "ospf 1.1.1.1")]


def test_part_collected_before_but_not_after_is_reported_not_silently_passed():
    assert kinds([snap("a", routes={"0.0.0.0/0 static": "static"})], [snap("a")]) == [("not_compared", "routes")]


def test_configuration_diff_keeps_sections_and_redacts_secrets():
    before = "#\nlocal-user admin class manage\n password hash $h$6$abc==\n#\ninterface Vlan-interface10\n ip address 10.0.0.1 24\n#\n"
    after = before.replace("$h$6$abc==", "$h$6$xyz==").replace(" ip address 10.0.0.1 24", " ip address 10.0.0.1 24\n shutdown")
    a, b = snap("a"), snap("a")
    a.config, b.config = config_lines(before), config_lines(after)
    diffs = compare([a], [b])[1]
    assert [(d.kind, d.item) for d in diffs] == [("config_added", "interface Vlan-interface10 > shutdown")]
    assert all("abc" not in line and "xyz" not in line for line in a.config + b.config)
