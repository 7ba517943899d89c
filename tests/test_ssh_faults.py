"""Collection when devices misbehave, over real SSH on loopback: wrong password (never retried), no answer
(timeout, retried once), a hang that a retry cures, a connection dropped mid-command, a changed host key,
an unreachable port and an unresolvable name, a command outside the allowlist, and 50 devices at once."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest

from netinspect.collect import transport
from netinspect.collect.hostkeys import AcceptNewPolicy
from netinspect.collect.inventory import InventoryDevice
from netinspect.collect.ssh import collect
from netinspect.lab.fleet import SimDevice, SimRecord
from netinspect.lab.server import public_key_line, serve_fleet
from tests.test_ssh_collect import inventory_for, sample_device

FAST = {"workers": 8, "connect_timeout": 1.0, "command_timeout": 1.0, "progress": False}


def _fresh(device: SimDevice, **changes: object) -> SimDevice:
    return replace(device, record=SimRecord(), **changes)


@pytest.fixture(scope="module")
def h3c() -> SimDevice:
    return sample_device("H3C", "h3c_comware", "h3c_comware7")


@pytest.fixture(scope="module")
def faulty(h3c: SimDevice, tmp_path_factory: pytest.TempPathFactory):
    devices = [
        _fresh(h3c, name="WRONG-PW", faults={"wrong_password": True}),
        _fresh(h3c, name="SILENT", faults={"no_answer": True}),
        _fresh(h3c, name="HANG-ONCE", faults={"hang_after": 2}),
        _fresh(h3c, name="DROP", faults={"drop_after": 2}),
        _fresh(h3c, name="FINE"),
    ]
    known_hosts = tmp_path_factory.mktemp("faults") / "known_hosts"
    with serve_fleet(devices) as endpoints:
        inventory = inventory_for(devices, endpoints)
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        inventory.append(InventoryDevice("CLOSED", "127.0.0.1", "cisco_ios", port=closed.getsockname()[1],
                                         username="a", password="b"))
        closed.close()
        inventory.append(InventoryDevice("NO-DNS", "no-such-device.invalid", "huawei_vrp", username="a",
                                         password="b", file="inv.yaml", line=7))
        started = time.monotonic()
        source = collect(inventory, known_hosts=known_hosts, **FAST)
        elapsed = time.monotonic() - started
    return {d.name: d for d in devices}, {r.name: r for r in source.devices}, source, elapsed


def test_one_failure_never_stops_the_others(faulty):
    _, raws, source, elapsed = faulty
    assert raws["FINE"].status == "ok" and raws["FINE"].outputs["display version"].status == "ok"
    assert len(source.devices) == 7 and len(source.inputs) == 7
    assert elapsed < 20


def test_wrong_password_is_auth_failed_and_not_retried(faulty):
    sims, raws, source, _ = faulty
    assert raws["WRONG-PW"].status == "auth_failed"
    assert "not retried" in raws["WRONG-PW"].message
    assert sims["WRONG-PW"].record.logins == 1
    assert not raws["WRONG-PW"].outputs
    assert next(i for i in source.inputs if i.name == "WRONG-PW").status == "rejected"


def test_no_answer_is_a_timeout_retried_once(faulty):
    sims, raws, _, _ = faulty
    assert raws["SILENT"].status == "timeout"
    assert "after one retry" in raws["SILENT"].message
    assert sims["SILENT"].record.sessions == 2


def test_a_hang_cured_by_the_retry_keeps_every_output(faulty):
    sims, raws, _, _ = faulty
    raw = raws["HANG-ONCE"]
    assert raw.status == "ok" and "retry" in raw.message
    assert sims["HANG-ONCE"].record.sessions == 2
    assert raw.outputs["display version"].status == "ok"
    assert [c for c, o in raw.outputs.items() if o.status == "ok"] == \
           [c for c, o in raws["FINE"].outputs.items() if o.status == "ok"]


def test_dropped_connection_keeps_what_came_before(faulty):
    _, raws, source, _ = faulty
    raw = raws["DROP"]
    assert raw.status == "partial"
    assert "connection closed by the device" in raw.message
    assert sum(1 for o in raw.outputs.values() if o.status == "ok") == 2
    assert next(i for i in source.inputs if i.name == "DROP").status == "partial"


def test_unreachable_and_unresolvable(faulty):
    _, raws, _, _ = faulty
    assert raws["CLOSED"].status == "unreachable" and "cannot connect" in raws["CLOSED"].message
    assert raws["NO-DNS"].status == "unreachable"
    assert "does not resolve" in raws["NO-DNS"].message and "inv.yaml:7" in raws["NO-DNS"].message


def test_host_keys_accept_new_then_a_changed_key_fails(h3c, tmp_path):
    known_hosts = tmp_path / "known_hosts"
    device = _fresh(h3c, name="KEYED")
    with serve_fleet([device]) as endpoints:
        first = collect(inventory_for([device], endpoints), known_hosts=known_hosts, **FAST)
        port = endpoints["KEYED"]
    assert first.devices[0].status == "ok"
    assert known_hosts.read_text().split() == [f"[127.0.0.1]:{port}", *public_key_line("KEYED").split()]

    changed = _fresh(h3c, name="KEYED", port=port, faults={"changed_host_key": True})
    with serve_fleet([changed]) as endpoints:
        inventory = inventory_for([changed], endpoints)
        refused = collect(inventory, known_hosts=known_hosts, **FAST)
        sessions_when_refused = changed.record.sessions
        lab = collect(inventory, known_hosts=None, host_key_check=False, **FAST)
    raw = refused.devices[0]
    assert raw.status == "error" and "host key changed" in raw.message and str(known_hosts) in raw.message
    assert not raw.outputs and sessions_when_refused == 0
    assert lab.devices[0].status == "ok"
    assert len(known_hosts.read_text().splitlines()) == 1  # the changed key was not recorded


def test_accept_new_policy_refuses_a_key_that_differs_from_the_file(tmp_path):
    import paramiko

    path = tmp_path / "kh"
    policy = AcceptNewPolicy(path)
    client = paramiko.SSHClient()
    key_a = paramiko.RSAKey.generate(1024)
    key_b = paramiko.RSAKey.generate(1024)
    policy.missing_host_key(client, "[10.0.0.1]:2222", key_a)
    with pytest.raises(paramiko.BadHostKeyException):
        policy.missing_host_key(paramiko.SSHClient(), "[10.0.0.1]:2222", key_b)
    assert path.read_text().count("\n") == 1


def test_a_command_outside_the_allowlist_is_never_sent(h3c, monkeypatch):
    """Even if a bug put `reboot` into the command set, the channel guard stops it before the socket."""
    device = _fresh(h3c, name="GUARDED")
    monkeypatch.setattr(transport, "command_set", lambda platform, extra=None: ("display version", "reboot"))
    with serve_fleet([device]) as endpoints:
        source = collect(inventory_for([device], endpoints), known_hosts=None, host_key_check=False, **FAST)
    raw = source.devices[0]
    assert raw.status == "error" and "non-read-only" in raw.message
    assert "display version" in device.record.received
    assert not any("reboot" in line for line in device.record.received)


def test_fifty_devices_in_one_run(h3c):
    devices = [_fresh(h3c, name=f"SW-{i:02d}") for i in range(50)]
    with serve_fleet(devices, latency_ms=1) as endpoints:
        started = time.monotonic()
        source = collect(inventory_for(devices, endpoints), workers=16, connect_timeout=5, command_timeout=10,
                         known_hosts=None, host_key_check=False, progress=False)
        elapsed = time.monotonic() - started
    assert [d.status for d in source.devices] == ["ok"] * 50
    assert all(d.outputs["display version"].status == "ok" for d in source.devices)
    assert all(d.record.sessions == 1 for d in devices)
    assert elapsed < 40
