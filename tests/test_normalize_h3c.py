"""Normalizer tests for H3C Comware: RawDevice -> normalize() -> device facts.

Real samples come from shared/samples; outputs with no public sample were written from the H3C command
references into tests/data/h3c/ (see tests/test_parse_h3c.py). The fleet tests read the demo session logs
in netinspect/lab/fleet/, split by prompt with a simple regex (not the real session-log reader).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.normalize import normalize
from netinspect.platforms import get_platform
from tests.conftest import REPO, sample

DATA = Path(__file__).parent / "data" / "h3c"
FLEET = REPO / "netinspect" / "lab" / "fleet"


def _raw(outputs: dict[str, str]) -> RawDevice:
    raw = RawDevice(name="dev", os="h3c_comware")
    for command, text in outputs.items():
        raw.add(CommandOutput(command=command, text=text))
    return raw


def _data(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_identity_from_version_and_manuinfo_comware7() -> None:
    device, outcomes = normalize(_raw({
        "display version": sample("h3c_comware7/display_version/oxidized_HPE5130-48G-EI_R3507P18.txt"),
        "display device manuinfo": sample("h3c_comware7/display_device_manuinfo/ntc_5130HI_null_power.txt"),
    }))
    assert {o.status for o in outcomes.values()} == {"ok"}
    ident = device.identity
    assert ident.os_version == "7.1.070"
    assert ident.version == "7.1.070 Release 3507P18"
    assert ident.model == "5130 48G PoE+ 4SFP+ EI Switch"
    assert ident.serial == "CN12AB12AB"
    assert ident.uptime_seconds == 16 * 604800 + 6 * 86400 + 23 * 3600 + 5 * 60
    assert ident.patch is None
    assert any("uptime is" in line for line in ident.evidence)
    assert device.sources["identity"] == "display version / display device manuinfo"


def test_identity_patch_and_comware5() -> None:
    device, _ = normalize(_raw({"display version": sample("h3c_comware7/display_version/ntc-pr_HP5900AF_R2418P06.txt")}))
    assert device.identity.patch == "Release 2418P06H04"
    device, _ = normalize(_raw({"display version": sample("h3c_comware5/display_version/netinspect_MSR30-40_R2511.txt")}))
    assert (device.identity.os_version, device.identity.version, device.identity.model) == (
        "5.20", "5.20 Release 2511", "MSR30-40")


def test_cpu_memory_fans_power_real_samples() -> None:
    device, _ = normalize(_raw({
        "display cpu-usage": sample("h3c_comware5/display_cpu-usage/rpq_slot1_2cpu.txt"),
        "display memory": sample("h3c_comware5/display_memory/netinspect_MSR30-40.txt"),
        "display fan": sample("h3c_comware7/display_fan/rpq_airflow.txt"),
        "display power": sample("h3c_comware5/display_power/rpq_slot_two_psu.txt"),
    }))
    assert [(c.slot, c.percent, c.interval) for c in device.cpu] == [("1", 8.0, "5min"), ("1/cpu1", 0.0, "5min")]
    assert device.cpu[1].evidence == "Slot 1 CPU 1 CPU usage: 0% in last 5 minutes"
    assert device.memory[0].percent == 30.0 and device.memory[0].total_kb == 424004240 // 1024
    assert [(f.slot, f.name, f.state, f.normal) for f in device.fans] == [
        ("1", "Fan 1", "Normal", True), ("1", "Fan 2", "Normal", True)]
    assert [(p.name, p.normal, p.present) for p in device.power] == [("Power 1", True, True), ("Power 2", True, True)]


def test_unknown_state_word_is_unknown_not_normal() -> None:
    device, _ = normalize(_raw({"display fan": " Fan   1 State: Spinning-slowly\n",
                                "display power": _data("display_power_cw7.txt")}))
    assert device.fans[0].normal is None
    absent = device.power[-1]
    assert (absent.state, absent.present, absent.normal) == ("Absent", False, None)


def test_memory_comware7_and_temperatures() -> None:
    device, _ = normalize(_raw({"display memory": _data("display_memory_cw7.txt"),
                                "display environment": _data("display_environment_cw7.txt")}))
    assert [(m.slot, m.percent) for m in device.memory] == [("1", 34.9), ("2", 32.9)]
    hot = device.temperatures[-1]
    assert (hot.slot, hot.name, hot.celsius, hot.warning_limit, hot.alarm_limit, hot.normal) == (
        "2", "hotspot 2", 83.0, 80.0, 95.0, False)
    assert all(t.normal for t in device.temperatures[:3])


def test_alarms_logs_ntp() -> None:
    device, _ = normalize(_raw({"display alarm": _data("display_alarm_cw7.txt"),
                                "display logbuffer": _data("display_logbuffer_cw7.txt"),
                                "display ntp-service status": _data("display_ntp-service_status_unsync.txt")}))
    assert [(a.level, a.text) for a in device.alarms] == [
        ("major", "Fan 2 is absent."),
        ("warning", "The temperature of sensor hotspot 2 exceeded the high-temperature warning threshold.")]
    assert [e.severity for e in device.logs] == [6, 3, 5, 5]
    assert device.logs[0].text.endswith("System restarted -- H3C Comware Software.")
    assert device.ntp.synchronized is False and device.ntp.stratum == 16 and device.ntp.reference is None
    device, _ = normalize(_raw({"display alarm": _data("display_alarm_none.txt")}))
    assert device.alarms == []


def test_ntp_real_sample_synchronized() -> None:
    device, _ = normalize(_raw({"display ntp-service status":
                                sample("h3c_comware5/display_ntp-service_status/netinspect_MSR30-40.txt")}))
    assert (device.ntp.synchronized, device.ntp.stratum, device.ntp.reference) == (True, 4, "11.77.0.1")


def test_irf_members_and_standalone() -> None:
    device, _ = normalize(_raw({"display irf": _data("display_irf_cw5.txt")}))
    assert [(m.member_id, m.role, m.normal) for m in device.stack.members] == [("1", "master", True), ("2", "slave", True)]
    assert device.stack_configured is True
    device, _ = normalize(_raw({"display irf": _data("display_irf_standalone.txt")}))
    assert device.stack is None and device.stack_configured is False


def test_interfaces_merge_brief_and_detail() -> None:
    device, _ = normalize(_raw({
        "display interface brief": sample("h3c_comware7/display_interface_brief/ntc_switch_fullauto.txt"),
        "display interface": sample("h3c_comware5/display_interface/ntc_stp-down_jumbo.txt"),
    }))
    by_name = {i.name: i for i in device.interfaces}
    bagg = by_name["Bridge-Aggregation10"]
    assert (bagg.link, bagg.duplex, bagg.speed, bagg.description) == ("up", "full", "20G", "mydescr")
    assert by_name["M-GigabitEthernet0/0/0"].link == "admin_down"
    ge = by_name["GigabitEthernet12/0/17"]
    assert (ge.link, ge.crc_errors, ge.input_errors, ge.output_errors) == ("admin_down", 0, 0, 0)
    assert by_name["GigabitEthernet11/0/17"].link == "down"


def test_firewall_and_controller_facts() -> None:
    device, _ = normalize(_raw({
        "display remote-backup-group status": _data("display_remote-backup-group_status.txt"),
        "display session statistics": _data("display_session_statistics.txt"),
        "display wlan ap all": _data("display_wlan_ap_all.txt"),
        "display license": _data("display_license_cw7.txt"),
        "dir": _data("dir_cw5.txt"),
        "display device": _data("display_device_cw5.txt"),
    }))
    assert (device.ha.role, device.ha.normal, device.ha_configured) == ("active", True, True)
    assert device.sessions.current == 1215 and device.sessions.percent is None
    assert [(a.name, a.normal) for a in device.access_points] == [
        ("hz-3f-ap01", True), ("hz-3f-ap02", True), ("hz-4f-ap01", False)]
    ips, ssl = device.licenses
    assert str(ips.expires) == "2025-01-04" and not ips.permanent and ssl.permanent and ssl.expires is None
    assert (device.storage[0].total_kb, device.storage[0].free_kb) == (31496, 20224)
    assert [(b.slot, b.type, b.normal) for b in device.boards] == [("1", "S5120-28P-SI", True)]


def test_garbage_or_partial_output_is_parse_error_not_facts() -> None:
    device, outcomes = normalize(_raw({
        "display version": "this is not a comware display version output\n",
        "display memory": "System Total Memory(bytes): 424004240\nsomething else entirely\n",
    }))
    assert {c: o.status for c, o in outcomes.items()} == {
        "display version": "parse_error", "display memory": "parse_error"}
    assert device.memory is None and device.identity.version is None


def test_unknown_trailing_line_does_not_discard_known_figures() -> None:
    """Issue 8: a line the template does not know costs that line, not the CPU figures around it."""
    partial = sample("h3c_comware5/display_cpu-usage/netinspect_MSR30-40.txt") + "Unexpected trailing text here\n"
    device, outcomes = normalize(_raw({"display cpu-usage": partial}))
    assert outcomes["display cpu-usage"].status == "ok"
    assert [(c.slot, c.percent) for c in device.cpu or []] == [("0", 5.0)]


# ---- demo fleet ------------------------------------------------------------------------------

_PROMPT = re.compile(r"^<([\w.-]+)>(.*)$", re.MULTILINE)


def fleet_raw(name: str) -> RawDevice:
    """Split a demo session log by prompt; error replies are recorded as unsupported."""
    text = (FLEET / name).read_text(encoding="utf-8")
    platform = get_platform("h3c_comware")
    marks = list(_PROMPT.finditer(text))
    raw = RawDevice(name=name, os="h3c_comware", hostname=marks[0].group(1))
    for mark, nxt in zip(marks, marks[1:] + [None]):
        command = mark.group(2).strip()
        if not command or command in platform.setup:
            continue
        body = text[mark.end() + 1: nxt.start() if nxt else len(text)]
        error = platform.is_error_reply(body)
        raw.add(CommandOutput(command=command, text=body, status="unsupported" if error else "ok", message=error))
    return raw


@pytest.fixture(scope="module")
def s6850():
    return normalize(fleet_raw("h3c_s6850_core.log"))


@pytest.fixture(scope="module")
def s5120():
    return normalize(fleet_raw("h3c_s5120_access.log"))


def test_fleet_logs_cover_the_command_set() -> None:
    commands = [c.command for c in get_platform("h3c_comware").commands]
    for name in ("h3c_s6850_core.log", "h3c_s5120_access.log"):
        assert list(fleet_raw(name).outputs) == commands


def test_fleet_s6850_identity_and_injected_problems(s6850) -> None:
    device, outcomes = s6850
    assert {c: o.status for c, o in outcomes.items() if o.status not in ("ok", "unsupported")} == {}
    ident = device.identity
    assert (ident.hostname, ident.model, ident.serial, ident.version) == (
        "HZ-CORE-S6850", "S6850-56HF", "210235A2CRH21B000107", "7.1.070 Release 6635")
    assert [m.member_id for m in device.stack.members] == ["1"]
    assert device.stack.expected_members == 2 and device.stack_configured is True
    crc = [i for i in device.interfaces if i.crc_errors]
    assert [(i.name, i.crc_errors) for i in crc] == [("Twenty-FiveGigE1/0/3", 1873)]
    assert all(f.normal for f in device.fans) and all(p.normal for p in device.power)
    assert all(t.normal for t in device.temperatures) and device.alarms == []
    assert device.ntp.synchronized and device.config.saved is True


def test_fleet_s5120_identity_and_injected_problems(s5120) -> None:
    device, outcomes = s5120
    assert {c: o.status for c, o in outcomes.items() if o.status not in ("ok", "unsupported")} == {}
    assert outcomes["display irf"].status == "unsupported"
    ident = device.identity
    assert (ident.hostname, ident.model, ident.serial, ident.os_version, ident.version) == (
        "BJ-ACC-S5120", "S5120-28P-SI", "210235A0GJH17B000123", "5.20", "5.20 Release 1513P81")
    assert ident.uptime_seconds == 18 * 3600 + 42 * 60 < 86400
    errors = [e for e in device.logs if e.severity is not None and e.severity <= 3]
    assert len(errors) == 1 and errors[0].module == "DEV" and "POWER" in errors[0].mnemonic
    assert all(p.normal for p in device.power) and device.cpu[0].percent == 8.0
    assert device.stack is None and device.stack_configured is None
    assert len([i for i in device.interfaces if i.name.startswith("GigabitEthernet")]) == 28
