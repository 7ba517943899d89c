"""Cisco ASA as a platform (issue 17, item 4): a session log of real outputs (ntc-templates and genieparser,
in tests/corpus/cisco_asa) is recognised as ASA from its version output, read into identity, CPU, interfaces,
logs and failover state, and judged: a failed failover mate is a high HA failure, a healthy pair passes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from netinspect.checks.context import AnalysisContext
from netinspect.checks.health_suite import run
from netinspect.collect.readonly import refusal
from netinspect.core.results import DeviceResult
from netinspect.normalize import normalize
from netinspect.platforms import get_platform
from netinspect.sources.logs import read_logs

CORPUS = Path(__file__).resolve().parent / "corpus" / "cisco_asa"


def _log(tmp_path: Path, failover: str) -> Path:
    parts = [("show version", "show_version/ntc_ASA5516.txt"), ("show inventory", "show_inventory/ntc_ASA5506.txt"),
             ("show cpu usage detailed", "show_cpu_usage_detailed/ntc_22_cores.txt"),
             ("show interface ip brief", "show_interface_ip_brief/ntc_ip_brief.txt"),
             ("show logging", "show_logging/ntc_logging_3.txt"), ("show failover", failover)]
    text = "".join(f"ASA2# {cmd}\n{(CORPUS / path).read_text(encoding='utf-8').rstrip()}\n" for cmd, path in parts)
    path = tmp_path / "asa2.log"
    path.write_text(text + "ASA2# \n", encoding="utf-8")
    return path


def _judged(log: Path) -> DeviceResult:
    source = read_logs([log])
    raw = source.devices[0]
    device, outcomes = normalize(raw)
    d = DeviceResult(raw=raw, device=device, commands=outcomes)
    run([d], AnalysisContext(lang="en", user_config={}, options={"today": date(2026, 12, 7)}))
    return d


def _result(d: DeviceResult, check: str):
    return next(r for r in d.results if r.check == check)


def test_an_asa_log_is_read_and_a_failed_mate_is_a_high_ha_failure(tmp_path: Path) -> None:
    d = _judged(_log(tmp_path, "show_failover/ntc_failover2_mate_failed.txt"))
    ident = d.device.identity
    assert (ident.os, ident.vendor, ident.model, ident.version, ident.role) == (
        "cisco_asa", "cisco", "ASA5516", "9.9(2)32", "firewall")
    assert all(o.status == "ok" for o in d.commands.values()), d.commands
    ha = _result(d, "health.ha")
    assert ha.status == "fail" and ha.severity == "high"
    assert ha.message == "HA not in expected state (primary active, Active / Failed)"
    assert _result(d, "health.cpu").status == "pass"
    assert _result(d, "health.logs").status in ("pass", "fail")  # judged, not missing
    assert d.coverage.state == "complete", d.coverage


def test_a_healthy_pair_passes_and_failover_off_is_not_configured(tmp_path: Path) -> None:
    d = _judged(_log(tmp_path, "show_failover/ntc_active_active.txt"))
    assert _result(d, "health.ha").status == "pass"
    off = _judged(_log(tmp_path, "show_failover/genie_golden_output2_off.txt"))
    assert off.device.ha_configured is False and _result(off, "health.ha").status != "fail"


def test_asa_commands_and_session_setup_are_read_only() -> None:
    platform = get_platform("cisco_asa")
    assert platform.netmiko == "cisco_asa"
    for line in [c.command for c in platform.commands] + list(platform.setup):
        assert refusal(line) is None, line
