"""The simulator speaks like the devices: real prompts, echo, paging commands, abbreviations, the vendor's own
error replies, logout; checked with a plain paramiko shell over loopback (no netmiko in between)."""

from __future__ import annotations

import time
from pathlib import Path

import paramiko
import pytest

from netinspect.lab.fleet import SimDevice, load_fleet, parse_faults, prompt_prefix
from netinspect.lab.server import resolve, serve_fleet
from netinspect.platforms import get_platform

DEVICES = [
    SimDevice("FW-01", "huawei_vrp", {"display version": "Huawei Versatile Routing Platform Software",
                                      "display hrp state": "Role: active"}, prompt_prefix="HRP_M"),
    SimDevice("CORE", "h3c_comware", {"display version": "H3C Comware Software, Version 7.1.070",
                                      "display interface brief": "Interface Link\nGE1/0/1 UP\nGE1/0/2 DOWN"}),
    SimDevice("SW9300", "cisco_iosxe", {"show version": "Cisco IOS XE Software, Version 17.09.04a"}),
]


class Shell:
    def __init__(self, port: int) -> None:
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect("127.0.0.1", port, "admin", "admin", allow_agent=False, look_for_keys=False,
                            timeout=5)
        self.chan = self.client.invoke_shell()
        self.chan.settimeout(5)

    def read_until(self, ending: str) -> str:
        data, deadline = "", time.monotonic() + 5
        while not data.endswith(ending) and time.monotonic() < deadline:
            data += self.chan.recv(65536).decode()
        assert data.endswith(ending), data
        return data

    def run(self, line: str, prompt: str) -> str:
        self.chan.send(line + "\n")
        return self.read_until(prompt)

    def close(self) -> None:
        self.client.close()


@pytest.fixture(scope="module")
def lab():
    with serve_fleet(DEVICES) as endpoints:
        yield endpoints


def test_huawei_firewall_prompt_echo_abbreviation_and_error(lab):
    shell = Shell(lab["FW-01"])
    try:
        assert shell.read_until("HRP_M<FW-01>").startswith("\r\nInfo: The max number of VTY users")
        reply = shell.run("screen-length 0 temporary", "HRP_M<FW-01>")
        assert reply.startswith("screen-length 0 temporary\r\n") and "Info: The configuration takes effect" in reply
        reply = shell.run("dis ver", "HRP_M<FW-01>")
        assert reply == "dis ver\r\nHuawei Versatile Routing Platform Software\r\nHRP_M<FW-01>"
        reply = shell.run("display foo", "HRP_M<FW-01>")
        lines = reply.split("\r\n")
        assert lines[2] == "Error: Unrecognized command found at '^' position."
        assert lines[1].index("^") == len("HRP_M<FW-01>display ")
        assert get_platform("huawei_vrp").is_error_reply("\n".join(lines[1:-1]))
        assert shell.run("system-view", "HRP_M[FW-01]").endswith("HRP_M[FW-01]")
        assert shell.run("quit", "HRP_M<FW-01>").endswith("HRP_M<FW-01>")
    finally:
        shell.close()


def test_h3c_prompt_pipe_filter_and_error_dialect(lab):
    shell = Shell(lab["CORE"])
    try:
        shell.read_until("<CORE>")
        assert shell.run("screen-length disable", "<CORE>") == "screen-length disable\r\n<CORE>"
        reply = shell.run("dis int br | include DOWN", "<CORE>")
        assert reply == "dis int br | include DOWN\r\nGE1/0/2 DOWN\r\n<CORE>"
        reply = shell.run("display irf", "<CORE>")
        assert " % Unrecognized command found at '^' position." in reply
        assert get_platform("h3c_comware").is_error_reply(reply.split("\r\n", 1)[1])
        shell.chan.send("quit\n")
        time.sleep(0.2)
        assert shell.chan.exit_status_ready() or shell.chan.closed or shell.chan.recv(100) in (b"quit\r\n", b"")
    finally:
        shell.close()


def test_cisco_prompt_paging_and_invalid_input(lab):
    shell = Shell(lab["SW9300"])
    try:
        shell.read_until("SW9300#")
        assert shell.run("terminal length 0", "SW9300#") == "terminal length 0\r\nSW9300#"
        assert "Cisco IOS XE Software" in shell.run("sh ver", "SW9300#")
        reply = shell.run("show bogus", "SW9300#")
        assert "% Invalid input detected at '^' marker." in reply
        assert shell.run("conf t", "SW9300(config)#").endswith("SW9300(config)#")
        assert shell.run("end", "SW9300#").endswith("SW9300#")
    finally:
        shell.close()


def test_wrong_password_is_refused(lab):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    with pytest.raises(paramiko.AuthenticationException):
        client.connect("127.0.0.1", lab["CORE"], "admin", "nope", allow_agent=False, look_for_keys=False, timeout=5)
    client.close()


def test_resolve_is_unique_prefix_per_word():
    vocabulary = ["display version", "display interface", "display interface brief", "display ip interface brief",
                  "display cpu-usage", "display current-configuration"]
    assert resolve("dis ver", vocabulary)[0] == "display version"
    assert resolve("dis int b", vocabulary)[0] == "display interface brief"
    assert resolve("dis int", vocabulary)[0] == "display interface"
    assert resolve("dis c", vocabulary)[0] is None and resolve("dis c", vocabulary)[2] == "ambiguous"
    assert resolve("dis cu", vocabulary)[0] == "display current-configuration"
    assert resolve("dis nothing", vocabulary)[1:] == (1, "unknown")


def test_fault_and_prompt_helpers():
    assert parse_faults(["wrong_password", {"drop_after": 3}]) == {"wrong_password": True, "drop_after": 3}
    with pytest.raises(ValueError):
        parse_faults(["explode"])
    log = "HRP_M<FW-01>display version\nHuawei\nHRP_M<FW-01>\n"
    assert prompt_prefix(log, "FW-01") == "HRP_M" and prompt_prefix(log, "OTHER") == ""


def test_fleet_yaml_with_ports_faults_and_latency(tmp_path: Path):
    log = tmp_path / "sw.log"
    log.write_text("<SW1>display version\nHuawei Versatile Routing Platform Software\n"
                   "VRP (R) software, Version 5.170 (S5735 V200R019C10SPC500)\nHUAWEI S5735-L48T4X-A1 Routing Switch\n"
                   "<SW1>\n", encoding="utf-8")
    fleet = tmp_path / "fleet.yaml"
    fleet.write_text("defaults: {password: lab, latency_ms: 20}\ndevices:\n"
                     "  - {name: A, log: sw.log}\n"
                     "  - {name: B, log: sw.log, faults: [wrong_password, {drop_after: 2}], latency_ms: 0}\n"
                     "  - {name: C, log: missing.log}\n"
                     "  - {name: D}\n", encoding="utf-8")
    loaded = load_fleet(fleet)
    assert [d.name for d in loaded.devices] == ["A", "B"]
    a, b = loaded.devices
    assert (a.os, a.hostname, a.password, a.latency_ms) == ("huawei_vrp", "SW1", "lab", 20.0)
    assert "display version" in a.outputs
    assert b.faults == {"wrong_password": True, "drop_after": 2} and b.latency_ms == 0
    assert a.record is not b.record
    assert len(loaded.problems) >= 2 and any("no `log:`" in p for p in loaded.problems)
