"""health.aaa on Huawei VRP and H3C Comware outputs (vendor documentation examples in tests/corpus): a
blocked server fails (high), all alive passes, a server whose state the device does not print is reported
configured with its state unknown (insufficient data, never a pass)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from netinspect.checks.context import AnalysisContext
from netinspect.checks.health_suite import run
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.core.results import DeviceResult
from netinspect.normalize import normalize

CORPUS = Path(__file__).resolve().parent / "corpus"
CTX = AnalysisContext(lang="en", user_config={}, options={"today": date(2026, 12, 7)})


def judged(os_id: str, outputs: dict[str, str], lang: str = "en") -> DeviceResult:
    raw = RawDevice(name="dev", os=os_id)
    for command, text in outputs.items():
        raw.add(CommandOutput(command, text, status="ok"))
    device, outcomes = normalize(raw)
    d = DeviceResult(raw=raw, device=device, commands=outcomes)
    run([d], AnalysisContext(lang=lang, user_config={}, options={"today": date(2026, 12, 7)}))
    return d


def aaa(d: DeviceResult):
    return next(r for r in d.results if r.check == "health.aaa")


def corpus(path: str) -> str:
    return (CORPUS / path).read_text(encoding="utf-8")


def test_h3c_blocked_radius_server_is_a_high_failure() -> None:
    r = aaa(judged("h3c_comware", {"display radius scheme": corpus(
        "h3c_comware7/display_radius_scheme/h3c_doc_S6520X_R1110_block.txt")}))
    assert r.status == "fail" and r.severity == "high"
    assert r.message == "2 AAA server(s) not alive: RADIUS 3.3.3.3 (Block), RADIUS 3.3.3.3 (Block (Mandatory))"


def test_h3c_radius_and_hwtacacs_all_active_pass_together() -> None:
    d = judged("h3c_comware", {
        "display radius scheme": corpus("h3c_comware7/display_radius_scheme/h3c_doc_ssh_aaa_example_rad.txt"),
        "display hwtacacs scheme": corpus("h3c_comware7/display_hwtacacs_scheme/hpe_doc_12900E_hwtac.txt")})
    assert sorted({s.protocol for s in d.device.aaa_servers}) == ["hwtacacs", "radius"]
    r = aaa(d)
    assert r.status == "pass" and r.message == "6 AAA server(s) alive"


def test_huawei_radius_servers_up_pass() -> None:
    r = aaa(judged("huawei_vrp8", {"display radius-server configuration": corpus(
        "huawei_vrp8/display_radius-server_configuration/huawei_doc_cmdref_shiva.txt")}))
    assert r.status == "pass" and r.message == "4 AAA server(s) alive"


def test_huawei_hwtacacs_secondary_without_state_is_not_a_pass() -> None:
    text = corpus("huawei_vrp8/display_hwtacacs-server_template/huawei_doc_CE_example_ht.txt")
    r = aaa(judged("huawei_vrp8", {"display hwtacacs-server template": text}))
    assert r.status == "insufficient_data"
    assert r.message.startswith("3 AAA server(s) alive; 3 configured but the device prints no state for them")
    assert "HWTACACS 10.7.66.66 (ht secondary authentication)" in r.message
    zh = aaa(judged("huawei_vrp8", {"display hwtacacs-server template": text}, lang="zh"))
    assert zh.status == "insufficient_data" and "设备未显示其状态" in zh.message


def test_huawei_down_server_fails_and_a_dead_one_among_silent_ones_still_fails() -> None:
    text = corpus("huawei_vrp8/display_radius-server_configuration/huawei_doc_troubleshooting_shiva.txt")
    down = text.replace("10.7.66.67     Port:1812  Weight:80  [UP]", "10.7.66.67     Port:1812  Weight:80  [DOWN]")
    assert down != text
    r = aaa(judged("huawei_vrp8", {"display radius-server configuration": down}))
    assert r.status == "fail" and r.severity == "high" and r.message == "1 AAA server(s) not alive: RADIUS 10.7.66.67 (DOWN)"


def test_no_server_configured_and_unreadable_output() -> None:
    r = aaa(judged("huawei_vrp", {"display radius-server configuration": "  Info: No RADIUS server template exists.\n"}))
    assert r.status == "skipped" and r.message == "no AAA server configured"
    garbled = "Authentication Server 1       :  10.7.66.66 garbled\n"
    d = judged("huawei_vrp", {"display radius-server configuration": garbled})
    assert d.commands["display radius-server configuration"].status == "parse_error"
    assert aaa(d).status == "insufficient_data"
