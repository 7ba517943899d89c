"""The asyncssh transport against the netmiko one on the same simulated devices: the same outputs byte
for byte, the same statuses when devices misbehave, the same host-key rules and read-only guard."""

from __future__ import annotations

from dataclasses import replace

import pytest

from netinspect.collect import transport as shared_transport
from netinspect.collect.ssh import collect
from netinspect.lab.demo import demo_inventory
from netinspect.lab.fleet import FLEET_DIR, SimRecord, load_fleet
from netinspect.lab.server import serve_fleet

FAST = {"workers": 8, "connect_timeout": 2.0, "command_timeout": 2.0, "progress": False}


def _both(inventory, **options):
    return {t: collect(inventory, transport=t, **{**FAST, **options}) for t in ("netmiko", "asyncssh")}


@pytest.fixture(scope="module")
def fleet_runs():
    devices = load_fleet([FLEET_DIR]).devices
    with serve_fleet(devices, latency_ms=1) as endpoints:
        return _both(demo_inventory(devices, endpoints), known_hosts=None, host_key_check=False)


def test_every_output_is_the_same_byte_for_byte(fleet_runs):
    netmiko, asyncssh = fleet_runs["netmiko"], fleet_runs["asyncssh"]
    assert [d.name for d in asyncssh.devices] == [d.name for d in netmiko.devices]
    compared = 0
    for a, b in zip(netmiko.devices, asyncssh.devices, strict=True):
        assert (b.status, b.os) == (a.status, a.os), a.name
        assert list(b.outputs) == list(a.outputs), a.name
        for command, output in a.outputs.items():
            assert (b.outputs[command].status, b.outputs[command].text) == (output.status, output.text), \
                f"{a.name}: {command}"
            compared += 1
    assert compared > 100


@pytest.fixture(scope="module")
def faulty_runs(tmp_path_factory: pytest.TempPathFactory):
    base = load_fleet([FLEET_DIR / "h3c_s5120_access.log"]).devices[0]
    devices = [replace(base, name=name, record=SimRecord(), faults=faults) for name, faults in (
        ("WRONG-PW", {"wrong_password": True}), ("SILENT", {"no_answer": True}),
        ("HANG-ONCE", {"hang_after": 2}), ("DROP", {"drop_after": 2}), ("FINE", {}))]
    with serve_fleet(devices) as endpoints:
        inventory = demo_inventory(devices, endpoints)
        runs = {}
        for transport in ("netmiko", "asyncssh"):
            for d in devices:
                d.record.logins = d.record.sessions = 0
            known = tmp_path_factory.mktemp(transport) / "known_hosts"
            runs[transport] = (collect(inventory, transport=transport, known_hosts=known, **FAST),
                               {d.name: (d.record.logins, d.record.sessions) for d in devices})
    return runs


def test_misbehaving_devices_get_the_same_statuses(faulty_runs):
    (netmiko, n_counts), (asyncssh, a_counts) = faulty_runs["netmiko"], faulty_runs["asyncssh"]
    statuses = {d.name: d.status for d in netmiko.devices}
    assert statuses == {"WRONG-PW": "auth_failed", "SILENT": "timeout", "HANG-ONCE": "ok", "DROP": "partial",
                        "FINE": "ok"}
    assert {d.name: d.status for d in asyncssh.devices} == statuses
    assert a_counts == n_counts  # the wrong password tried once, the timeout retried once
    for a, b in zip(netmiko.devices, asyncssh.devices, strict=True):
        assert [c for c, o in b.outputs.items() if o.status == "ok"] == \
               [c for c, o in a.outputs.items() if o.status == "ok"], a.name


def test_a_changed_host_key_is_refused_by_both(tmp_path):
    base = load_fleet([FLEET_DIR / "h3c_s5120_access.log"]).devices[0]
    for transport in ("netmiko", "asyncssh"):
        known = tmp_path / f"{transport}_known_hosts"
        device = replace(base, name="KEYED", record=SimRecord())
        with serve_fleet([device]) as endpoints:
            first = collect(demo_inventory([device], endpoints), transport=transport, known_hosts=known, **FAST)
        assert first.devices[0].status == "ok" and len(known.read_text().splitlines()) == 1
        rekeyed = replace(device, faults={"changed_host_key": True}, port=endpoints["KEYED"])
        with serve_fleet([rekeyed]) as endpoints:
            second = collect(demo_inventory([rekeyed], endpoints), transport=transport, known_hosts=known, **FAST)
        raw = second.devices[0]
        assert raw.status == "error" and "host key changed" in raw.message, (transport, raw.message)
        assert len(known.read_text().splitlines()) == 1


def test_the_read_only_guard_stops_both(monkeypatch):
    base = load_fleet([FLEET_DIR / "h3c_s5120_access.log"]).devices[0]
    monkeypatch.setattr(shared_transport, "command_set", lambda platform, extra=None: ("display version", "reboot"))
    device = replace(base, name="GUARDED", record=SimRecord())
    with serve_fleet([device]) as endpoints:
        for transport in ("netmiko", "asyncssh"):
            raw = collect(demo_inventory([device], endpoints), transport=transport, known_hosts=None,
                          host_key_check=False, **FAST).devices[0]
            assert raw.status == "error" and "non-read-only" in raw.message, transport
    assert not any("reboot" in line for line in device.record.received)
