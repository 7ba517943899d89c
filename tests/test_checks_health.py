"""Health checks over hand-built device models: each check's pass, fail and no-data sides."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netinspect.checks.catalog import load_catalog
from netinspect.checks.config import ConfigError, effective, load_user_config
from netinspect.checks.context import AnalysisContext
from netinspect.checks.health import CHECKS
from netinspect.checks.health_suite import run
from netinspect.core.i18n import duration_text
from netinspect.core.model import (
    AccessPoint,
    Alarm,
    Board,
    ConfigState,
    CpuReading,
    Device,
    Fan,
    HaState,
    Interface,
    License,
    LogEntry,
    MemoryReading,
    NtpState,
    PowerSupply,
    SessionUsage,
    Stack,
    StackMember,
    Storage,
    TemperatureSensor,
)
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.core.results import CommandParse, DeviceResult


def results_for(device: Device, *, role: str = "switch", lang: str = "en", user_config: dict | None = None,
                commands: dict | None = None) -> dict[str, object]:
    device.identity.os = device.identity.os or "huawei_vrp"
    device.identity.role = role
    d = DeviceResult(raw=RawDevice(name=device.name, os=device.identity.os), device=device,
                     commands=commands or {})
    run([d], AnalysisContext(lang=lang, user_config=user_config or {}, options={"today": date(2026, 11, 22)}))
    return {r.check: r for r in d.results}


def test_catalog_has_a_function_for_every_check_and_every_contract_id() -> None:
    catalog = load_catalog("health")
    contract = {"health.collection", "health.cpu", "health.memory", "health.temperature", "health.fan", "health.power", "health.device",
                "health.uptime", "health.logs", "health.alarms", "health.interfaces", "health.ntp",
                "health.stack", "health.config_saved", "health.storage", "health.license", "health.ha",
                "health.sessions", "health.wlan_aps"}
    assert contract <= set(catalog)
    assert set(catalog) == set(CHECKS)


def test_nothing_collected_gives_insufficient_data_never_pass() -> None:
    results = results_for(Device(name="SW1"))
    statuses = {r.status for check, r in results.items() if check != "health.collection"}
    assert "pass" not in statuses
    assert results["health.cpu"].status == "insufficient_data"
    assert "display cpu-usage" in results["health.cpu"].message


def test_parse_error_is_named_as_the_reason() -> None:
    commands = {"display cpu-usage": CommandParse("parse_error", "no line matched template x")}
    result = results_for(Device(name="SW1"), commands=commands)["health.cpu"]
    assert result.status == "insufficient_data"
    assert "could not parse" in result.message and "no line matched" in result.message


@pytest.mark.parametrize("percent, status, severity", [(79.9, "pass", "info"), (80, "fail", "medium"),
                                                       (89, "fail", "medium"), (90, "fail", "high"),
                                                       (95, "fail", "high")])
def test_cpu_bands(percent: float, status: str, severity: str) -> None:
    device = Device(name="SW1", cpu=[CpuReading("0", 5.0), CpuReading("1", percent, evidence="slot 1 line")])
    result = results_for(device)["health.cpu"]
    assert (result.status, result.severity) == (status, severity)
    if status == "fail":
        assert result.evidence == ["slot 1 line"]
        assert result.advice


def test_memory_per_slot() -> None:
    device = Device(name="SW1", memory=[MemoryReading("1", 40.0), MemoryReading("2", 91.0)])
    result = results_for(device)["health.memory"]
    assert result.status == "fail" and result.severity == "high" and "2: 91%" in result.message


def test_fan_failed_unknown_and_empty() -> None:
    failed = results_for(Device(name="A", fans=[Fan("1", "FAN1", "Normal", True), Fan("1", "FAN2", "Abnormal", False,
                                                                                    evidence="FAN2 Abnormal")]))
    assert failed["health.fan"].status == "fail" and failed["health.fan"].severity == "high"
    assert failed["health.fan"].evidence == ["FAN2 Abnormal"]
    unknown = results_for(Device(name="B", fans=[Fan("1", "FAN1", "Weird", None)]))
    assert unknown["health.fan"].status == "insufficient_data"
    empty = results_for(Device(name="C", fans=[]))
    assert empty["health.fan"].status == "skipped"


def test_power_absent_slot_is_reported_not_failed() -> None:
    device = Device(name="A", power=[PowerSupply("0", "PWR1", "Normal", True),
                                     PowerSupply("0", "PWR2", "Absent", None, present=False)])
    result = results_for(device)["health.power"]
    assert result.status == "pass" and "PWR2" in result.message
    device.power.append(PowerSupply("0", "PWR3", "No input", False))
    assert results_for(device)["health.power"].status == "fail"


def test_temperature_limits() -> None:
    warn = Device(name="A", temperatures=[TemperatureSensor("1", "CPU", 70, warning_limit=65, alarm_limit=80)])
    assert results_for(warn)["health.temperature"].severity == "high"
    alarm = Device(name="A", temperatures=[TemperatureSensor("1", "CPU", 85, warning_limit=65, alarm_limit=80)])
    assert results_for(alarm)["health.temperature"].severity == "critical"
    fine = Device(name="A", temperatures=[TemperatureSensor("1", "CPU", 40, warning_limit=65, alarm_limit=80,
                                                            normal=True)])
    assert results_for(fine)["health.temperature"].status == "pass"


def test_uptime_under_a_day_fails() -> None:
    device = Device(name="A")
    device.identity.uptime_seconds = 3 * 3600
    assert results_for(device)["health.uptime"].status == "fail"
    device.identity.uptime_seconds = 40 * 86400
    assert results_for(device)["health.uptime"].status == "pass"


def test_logs_severity_and_patterns_and_flapping() -> None:
    entries = [LogEntry("info line", 6), LogEntry("%SYS-3-ERR something bad", 3)]
    result = results_for(Device(name="A", logs=entries))["health.logs"]
    assert result.status == "fail" and result.severity == "medium"
    critical = results_for(Device(name="A", logs=[LogEntry("%SYS-2-MALLOCFAIL Memory allocation failed", 2)]))
    assert critical["health.logs"].severity == "high"
    flap = [LogEntry("%LINEPROTO-5-UPDOWN: Line protocol on Interface Gi1/0/1, changed state to down", 5)] * 3
    assert results_for(Device(name="A", logs=flap))["health.logs"].status == "fail"
    once = flap[:1]
    assert results_for(Device(name="A", logs=once))["health.logs"].status == "pass"
    routine = [LogEntry("%LINK-3-UPDOWN: Interface GigabitEthernet1/0/23, changed state to up", 3)]
    assert results_for(Device(name="A", logs=routine))["health.logs"].status == "pass"


def test_alarms_major_fails_minor_passes() -> None:
    assert results_for(Device(name="A", alarms=[Alarm("fan failed", "major")]))["health.alarms"].status == "fail"
    assert results_for(Device(name="A", alarms=[Alarm("x", "minor")]))["health.alarms"].status == "pass"
    assert results_for(Device(name="A", alarms=[]))["health.alarms"].status == "pass"


def test_interfaces_errors_half_duplex_err_disabled() -> None:
    ifaces = [Interface("Gi0/1", link="up", duplex="full", crc_errors=0, input_errors=0),
              Interface("Gi0/2", link="up", duplex="half", crc_errors=12, input_errors=12),
              Interface("Gi0/3", link="down", err_disabled=True)]
    result = results_for(Device(name="A", interfaces=ifaces))["health.interfaces"]
    assert result.status == "fail" and "Gi0/2" in result.message and "Gi0/3" in result.message
    assert "Gi0/1" not in result.message


def test_ntp_config_storage() -> None:
    device = Device(name="A", ntp=NtpState(False, 16, evidence=["Clock status: unsynchronized"]),
                    config=ConfigState(False, "1 line(s) only in running", ["+ ntp server 1.1.1.1"]),
                    storage=[Storage("flash:", 1000, 50)])
    results = results_for(device)
    assert results["health.ntp"].status == "fail" and results["health.ntp"].evidence
    assert results["health.config_saved"].status == "fail"
    assert results["health.storage"].status == "fail" and "95%" in results["health.storage"].message


def test_stack_missing_member_and_standalone() -> None:
    stack = Stack("irf", [StackMember("1", "master", "ok", True)], expected_members=2)
    result = results_for(Device(name="A", stack=stack))["health.stack"]
    assert result.status == "fail" and "1 of 2" in result.message
    standalone = results_for(Device(name="A", stack_configured=False))["health.stack"]
    assert standalone.status == "skipped"


def test_license_expired_and_expiring() -> None:
    licenses = [License("A", "active", date(2026, 1, 1)), License("B", "active", date(2026, 12, 20)),
                License("C", "active", permanent=True)]
    result = results_for(Device(name="A", licenses=licenses))["health.license"]
    assert result.status == "fail" and result.severity == "high"
    soon = results_for(Device(name="A", licenses=licenses[1:]))["health.license"]
    assert soon.severity == "low"


def test_firewall_only_checks_skip_on_switch_and_run_on_firewall() -> None:
    device = Device(name="FW", ha=HaState("standby", "abnormal", False), sessions=SessionUsage(85, 100))
    on_switch = results_for(device, role="switch")
    assert on_switch["health.ha"].status == "skipped" and on_switch["health.sessions"].status == "skipped"
    on_fw = results_for(device, role="firewall")
    assert on_fw["health.ha"].status == "fail" and on_fw["health.sessions"].status == "fail"


def test_wlan_aps_on_controller() -> None:
    aps = [AccessPoint("ap1", "normal", True), AccessPoint("ap2", "fault", False)]
    result = results_for(Device(name="AC", access_points=aps), role="wlan_controller")["health.wlan_aps"]
    assert result.status == "fail" and "ap2" in result.message


def test_board_abnormal() -> None:
    result = results_for(Device(name="A", boards=[Board("1", "MPU", "Abnormal", False)]))["health.device"]
    assert result.status == "fail" and result.severity == "high"


def test_chinese_messages() -> None:
    result = results_for(Device(name="A", cpu=[CpuReading("0", 95.0)]), lang="zh")["health.cpu"]
    assert result.title == "CPU 利用率" and "过高" in result.message


def test_duration_text() -> None:
    assert duration_text(90061, "en") == "1d 1h"
    assert duration_text(3700, "zh") == "1小时1分钟"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thresholds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_config_layers(tmp_path: Path) -> None:
    catalog = load_catalog("health")
    config, warnings = load_user_config(write(tmp_path, """
checks:
  health.cpu: {medium: 50}
  health.bogus: {x: 1}
roles:
  firewall:
    health.cpu: {medium: 60, high: 70}
devices:
  "CORE-*":
    health.cpu: {enabled: false}
"""), catalog)
    assert any("health.bogus" in w for w in warnings)
    spec = catalog["health.cpu"]
    assert effective(spec, config, "ACC-1", "switch").thresholds["medium"] == 50
    assert effective(spec, config, "FW-1", "firewall").thresholds == {"medium": 60, "high": 70}
    off = effective(spec, config, "CORE-1", "switch")
    assert not off.enabled and off.disabled_by == "device CORE-*"
    result = results_for(Device(name="CORE-1", cpu=[CpuReading("0", 99.0)]), user_config=config)["health.cpu"]
    assert result.status == "skipped" and "CORE-*" in result.message


def test_user_config_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"thresholds.yaml:\d+: not valid YAML"):
        load_user_config(write(tmp_path, "checks:\n  health.cpu: {medium: 50\n"), load_catalog("health"))


def test_a_crashing_check_is_an_error_not_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError("defect")
    monkeypatch.setitem(CHECKS, "health.cpu", boom)
    result = results_for(Device(name="A", cpu=[CpuReading("0", 1.0)]))["health.cpu"]
    assert result.status == "error" and "defect" in result.message


def test_unsupported_command_reason() -> None:
    raw = RawDevice(name="A", os="huawei_vrp")
    raw.add(CommandOutput("display alarm active", status="unsupported", message="Error: Unrecognized command"))
    commands = {"display alarm active": CommandParse("unsupported", "Error: Unrecognized command")}
    result = results_for(Device(name="A"), commands=commands)["health.alarms"]
    assert result.status == "insufficient_data" and "does not support" in result.message


@pytest.mark.parametrize("status, severity", [("unreachable", "high"), ("auth_failed", "high"),
                                              ("timeout", "high"), ("partial", "low")])
def test_a_device_not_collected_in_full_is_a_problem(status: str, severity: str) -> None:
    device = Device(name="A", collection=status, collection_message="cannot connect to 10.1.1.1:22: refused")
    result = results_for(device)["health.collection"]
    assert (result.status, result.severity) == ("fail", severity)
    assert "10.1.1.1" in result.message and result.evidence
    zh = results_for(Device(name="A", collection="unreachable", collection_message="no TCP answer from 10.1.1.1:22"),
                     lang="zh")["health.collection"]
    assert zh.message == "采集失败（不可达）：10.1.1.1:22 无 TCP 响应"
