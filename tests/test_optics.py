"""health.optics on real outputs (tests/corpus): thresholds the module prints, margin, no light, third party."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from netinspect.checks.context import AnalysisContext
from netinspect.checks.health_suite import run
from netinspect.core.model import Interface
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.core.results import DeviceResult
from netinspect.normalize import normalize

CORPUS = Path(__file__).resolve().parent / "corpus"


def judged(family: str, command: str, name: str, os_id: str, lang: str = "en", interfaces: list | None = None,
           config: dict | None = None):
    text = (CORPUS / family / command.replace(" ", "_") / name).read_text(encoding="utf-8")
    raw = RawDevice(name="dev", os=os_id)
    raw.add(CommandOutput(command, text, status="ok"))
    device, outcomes = normalize(raw)
    assert outcomes[command].status == "ok", outcomes[command]
    if interfaces is not None:
        device.interfaces = interfaces
    d = DeviceResult(raw=raw, device=device, commands=outcomes)
    run([d], AnalysisContext(lang=lang, user_config=config or {}, options={"today": date(2026, 12, 7)}))
    return next(r for r in d.results if r.check == "health.optics")


def test_module_past_and_near_its_own_low_alarm() -> None:
    r = judged("cisco_iosxe", "show interfaces transceiver detail", "genie_golden4_Te1-1-1_to_3.txt", "cisco_iosxe")
    assert r.status == "fail" and r.severity == "high"
    assert "Te1/1/2 Rx power -14.6 dBm past its alarm threshold -13.9 dBm" in r.message
    assert "Te1/1/1 Rx power -13.3 dBm only 0.6 dB from its alarm threshold -13.9 dBm" in r.message
    assert "Te1/1/3" not in r.message  # -2.2 dBm against -13.9 / 2.0: fine
    assert r.command == "show interfaces transceiver detail"


def test_margin_comes_from_the_user_config() -> None:
    config = {"checks": {"health.optics": {"margin_db": 0.5}}, "roles": {}, "devices": {}}
    r = judged("cisco_iosxe", "show interfaces transceiver detail", "genie_golden4_Te1-1-1_to_3.txt", "cisco_iosxe",
               config=config)
    # 0.6 dB from the alarm is no longer "near"; it is still past the module's -9.9 dBm warning threshold
    assert "Te1/1/1 Rx power -13.3 dBm past its warning threshold -9.9 dBm" in r.message
    assert "only 0.6 dB" not in r.message and "Te1/1/2" in r.message


def test_healthy_modules_pass_with_lanes() -> None:
    r = judged("cisco_iosxe", "show interfaces transceiver detail", "genie_rv1_golden1_Hu2-6-0-15_4lanes.txt",
               "cisco_iosxe")
    assert r.status == "pass", r.message
    assert r.message == "1 optical module(s) with normal diagnostics"


def test_no_light_fails_on_a_port_up_but_not_on_a_port_down() -> None:
    name = "genie_golden2_Te0-0-5_idprom.txt"
    up = judged("cisco_iosxe", "show interfaces transceiver detail", name, "cisco_iosxe",
                interfaces=[Interface(name="TenGigabitEthernet0/0/5", link="up")])
    assert up.status == "fail" and "Te0/0/5 receives no light (-40 dBm)" in up.message
    down = judged("cisco_iosxe", "show interfaces transceiver detail", name, "cisco_iosxe",
                  interfaces=[Interface(name="TenGigabitEthernet0/0/5", link="down")])
    assert down.status == "pass"


def test_non_certified_module_is_reported_low_in_chinese() -> None:
    r = judged("huawei_vrp8", "display interface transceiver verbose", "huawei_doc_CE_10GE0-0-0_non_certified.txt",
               "huawei_vrp8", lang="zh")
    assert r.status == "fail" and r.severity == "low"
    assert "10GE0/0/0 非原厂/未认证模块（Hisense）" in r.message


def test_no_output_means_insufficient_data_not_pass() -> None:
    raw = RawDevice(name="dev", os="cisco_iosxe")
    device, outcomes = normalize(raw)
    d = DeviceResult(raw=raw, device=device, commands=outcomes)
    run([d], AnalysisContext(lang="en", user_config={}, options={"today": date(2026, 12, 7)}))
    r = next(r for r in d.results if r.check == "health.optics")
    assert r.status == "insufficient_data"
