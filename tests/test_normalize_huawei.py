"""Huawei normalizer: RawDevice -> normalize() -> facts, on real samples, written samples and the
demo fleet logs (netinspect/lab/fleet/huawei_*.log; split by prompt here with a simple regex)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.normalize import normalize
from netinspect.platforms import get_platform
from tests.conftest import sample

DATA = Path(__file__).parent / "data" / "huawei"
FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"
PROMPT = re.compile(r"^(?:HRP_[MS])?<([\w.-]+)>(.*)$", re.MULTILINE)


def device_from(os_id: str, outputs: dict[str, str]):
    raw = RawDevice(name="dut", os=os_id)
    for command, text in outputs.items():
        raw.add(CommandOutput(command=command, text=text))
    return normalize(raw)


def fleet(name: str):
    text = (FLEET / name).read_text(encoding="utf-8")
    platform = get_platform("huawei_vrp")
    marks = list(PROMPT.finditer(text))
    raw = RawDevice(name=name, os="huawei_vrp", hostname=marks[0].group(1))
    for mark, nxt in zip(marks, marks[1:] + [None]):
        command = mark.group(2).strip()
        if command:
            out = text[mark.end() + 1: nxt.start() if nxt else len(text)]
            raw.add(CommandOutput(command=command, text=out,
                                  status="unsupported" if platform.is_error_reply(out) else "ok"))
    return normalize(raw)


def test_identity_cpu_memory_from_real_vrp5_samples():
    dev, outcomes = device_from("huawei_vrp", {
        "display version": sample("huawei_vrp5/display_version/netinspect_S7706_session.txt"),
        "display esn": sample("huawei_vrp5/display_esn/rpq_S7706.txt"),
        "display cpu-usage": sample("huawei_vrp5/display_cpu-usage/netinspect_S7706_2020.txt"),
        "display memory-usage": sample("huawei_vrp5/display_memory-usage/netinspect_S7706_2020.txt"),
    })
    assert {o.status for o in outcomes.values()} == {"ok"}
    ident = dev.identity
    assert (ident.model, ident.version, ident.os_version, ident.serial) == ("S7706", "V200R010C00SPC600", "5.170", "21021xxxxxx0JB000288")
    assert ident.uptime_seconds == 19 * 604800 + 5 * 86400 + 5 * 3600 + 27 * 60
    assert [(c.percent, c.interval) for c in dev.cpu] == [(7.0, "5min")]
    assert dev.memory[0].percent == 13.0 and dev.memory[0].total_kb == 2134900736 // 1024
    assert dev.sources["cpu"] == "display cpu-usage" and "five minutes: 7%" in dev.cpu[0].evidence


def test_vrp8_cpu_fans_power_temperatures():
    dev, outcomes = device_from("huawei_vrp8", {
        "display version": sample("huawei_vrp8/display_version/napalm-huawei-vrp_NE40E-X8A.txt"),
        "display cpu-usage": sample("huawei_vrp8/display_cpu-usage/rpq_NE20E-S4_20220523.txt"),
        "display device fan": sample("huawei_vrp8/display_device_fan/napalm-ce_CE6850.txt"),
        "display power": sample("huawei_vrp8/display_power/netinspect_NE20E-S4_20220221.txt"),
        "display device temperature all": sample("huawei_vrp8/display_device_temperature_all/ntc-pr_CE_LSW.txt"),
        "display temperature": sample("huawei_vrp8/display_temperature/ntc_NE_LPUF41A.txt"),
    })
    assert {o.status for o in outcomes.values()} == {"ok"}, outcomes
    assert dev.identity.patch == "V800R021SPH016" and dev.identity.version == "V800R021C10SPC600"
    assert dev.cpu[0].percent == 93.0
    assert [(f.name, f.normal, f.speed_percent) for f in dev.fans] == [("FAN1", True, 40.0), ("FAN2", True, 40.0)]
    assert [p.normal for p in dev.power] == [True, True]
    # "display temperature" ran last and wins the group; its rows carry no limits
    assert dev.sources["temperatures"] == "display temperature" and dev.temperatures[0].celsius == 38.0


def test_device_temperature_limits():
    dev, _ = device_from("huawei_vrp8", {"display device temperature all":
                                         sample("huawei_vrp8/display_device_temperature_all/ntc-pr_CE_LSW.txt")})
    lsw = dev.temperatures[4]
    assert (lsw.name, lsw.celsius, lsw.warning_limit, lsw.alarm_limit, lsw.normal) == ("LSW-1", 84.0, 105.0, 120.0, True)


def test_unknown_state_word_is_unknown_not_normal():
    text = sample("huawei_vrp5/display_fan/rpq_fan_is_normal.txt").replace("normal", "spinning")
    dev, outcomes = device_from("huawei_vrp", {"display fan": text})
    assert outcomes["display fan"].status == "ok"
    assert dev.fans[0].state == "spinning" and dev.fans[0].normal is None


def test_ap_states_from_real_sample():
    dev, _ = device_from("huawei_vrp", {"display ap all": sample("huawei_ac/display_ap_all/ntc_AirEngine.txt")})
    assert [(a.name, a.normal) for a in dev.access_points] == [
        ("APW_0055(WC VIP)", True), ("APW_0001", False), ("APW_0002", False), ("APW_0003(Parkin VIP)", True)]


def test_interfaces_brief_and_detail_merge():
    dev, _ = device_from("huawei_vrp8", {
        "display interface brief": sample("huawei_vrp8/display_interface_brief/napalm-huawei-vrp_NE40E-X8A.txt"),
        "display interface": sample("huawei_vrp8/display_interface/napalm-huawei-vrp_NE40E-X8A.txt"),
    })
    by_name = {i.name: i for i in dev.interfaces}
    assert by_name["GigabitEthernet0/0/0"].link == "admin_down"
    ge = by_name["GigabitEthernet1/0/0"]
    assert (ge.link, ge.protocol, ge.crc_errors, ge.duplex) == ("up", "up", 0, "full")
    assert len(ge.evidence) == 2


def test_written_hrp_peer_down_and_stack():
    """display hrp state / display stack samples written from the USG and S-series references."""
    dev, _ = device_from("huawei_vrp", {
        "display hrp state": (DATA / "display_hrp_state_peer_down.txt").read_text(),
        "display stack": (DATA / "display_stack_two_members.txt").read_text(),
    })
    assert (dev.ha.role, dev.ha.peer_state, dev.ha.normal) == ("standby", "unknown", False)
    assert dev.stack_configured is True and [(m.member_id, m.role, m.normal) for m in dev.stack.members] == [
        ("0", "Master", True), ("1", "Standby", True)]
    standalone, _ = device_from("huawei_vrp", {"display stack": (DATA / "display_stack_standalone.txt").read_text()})
    assert standalone.stack_configured is False and standalone.stack is None


@pytest.mark.parametrize("command, text", [
    ("display cpu-usage", "CPU Usage            : 8% Max: 83%\nsome garbage line\n"),
    ("display version", "this is not a version output\n"),
    ("display fan", "<HZ>dis fan\nsome garbage line\n"),
])
def test_garbage_is_parse_error_and_no_facts(command, text):
    dev, outcomes = device_from("huawei_vrp", {command: text})
    assert outcomes[command].status == "parse_error"
    assert "first line not understood" in outcomes[command].message
    assert dev.cpu is None and dev.fans is None and dev.identity.model is None


def test_unknown_line_costs_that_line_not_the_output():
    """A line the template does not know (here a stray prompt) is skipped; the fan line it knows is kept."""
    dev, outcomes = device_from("huawei_vrp", {"display fan": "Slot 0: Fan 0 is normal.\n<HZ>dis fan\n"})
    assert outcomes["display fan"].status == "ok"
    assert [(f.slot, f.normal) for f in dev.fans] == [("0", True)]


def test_partial_parse_is_not_ok_and_names_the_line():
    """VRP version line found but no model line: identity incomplete -> parse_error naming the line; of the
    identity only the version its line printed is kept (issue 20), never a model."""
    text = "Huawei Versatile Routing Platform Software\nVRP (R) software, Version 5.170 (S5700 V200R010C00SPC600)\nfoo bar\n"
    dev, outcomes = device_from("huawei_vrp", {"display version": text})
    assert outcomes["display version"].status == "parse_error"
    assert "foo bar" in outcomes["display version"].message
    assert dev.identity.model is None and dev.identity.version == "V200R010C00SPC600"


def test_fleet_s5735_fan_fault_and_unsaved_config():
    dev, outcomes = fleet("huawei_s5735_access.log")
    assert not [c for c, o in outcomes.items() if o.status == "parse_error"]
    assert (dev.identity.model, dev.identity.version, dev.identity.hostname) == ("S5735-L48T4X-A1", "V200R019C10SPC500", "HZ-ACC-S5735-01")
    assert dev.identity.serial == "102356783012K4000027" and dev.identity.role == "switch"
    assert [(f.name, f.normal) for f in dev.fans] == [("1", True), ("2", False)]
    assert dev.config.saved is False and any("TEMP-PRINTER-TEST" in e for e in dev.config.evidence)
    assert dev.ntp.synchronized is True and dev.cpu[0].percent < 50
    assert dev.stack_configured is False
    assert outcomes["display ap all"].status == "unsupported"


def test_fleet_ac6605_aps_and_ntp():
    dev, outcomes = fleet("huawei_ac6605.log")
    assert not [c for c, o in outcomes.items() if o.status == "parse_error"]
    assert (dev.identity.model, dev.identity.role) == ("AC6605", "wlan_controller")
    assert len(dev.access_points) == 8
    assert sorted(a.name for a in dev.access_points if a.normal is False) == ["HZ-3F-AP06", "HZ-4F-AP08"]
    assert dev.ntp.synchronized is False and dev.ntp.stratum == 16
    assert all(f.normal for f in dev.fans) and dev.config.saved is True


def test_fleet_usg6555e_sessions_cpu_ha():
    dev, outcomes = fleet("huawei_usg6555e.log")
    assert not [c for c, o in outcomes.items() if o.status == "parse_error"]
    assert (dev.identity.model, dev.identity.hostname, dev.identity.role) == ("USG6555E", "FW-01", "firewall")
    assert dev.cpu[0].percent == 92.0
    assert 84 <= dev.sessions.percent <= 86
    assert (dev.ha.role, dev.ha.peer_state, dev.ha.normal) == ("active", "standby", True)
    assert dev.alarms == [] and all(p.normal for p in dev.power)
