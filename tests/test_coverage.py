"""Honest coverage (issue 17): a device whose core checks lacked data is "partly inspected", never healthy."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.core.coverage import core_set
from tests.conftest import REPO, sample
from tests.test_e2e_logs import session

SCHEMA = json.loads((REPO / "netinspect" / "data" / "results.schema.json").read_text(encoding="utf-8"))
runner = CliRunner()


def few_commands_log() -> str:
    """Huawei S7706 (VRP5): five real outputs, all healthy; no temperature, interfaces or log buffer."""
    return session("<HZ-AGG-01>", [
        ("dis ver", sample("huawei_vrp5/display_version/netinspect_S7706_session.txt")),
        ("dis cpu", sample("huawei_vrp5/display_cpu-usage/netinspect_S7706_2020.txt")),
        ("dis memory-usage", sample("huawei_vrp5/display_memory-usage/netinspect_S7706_2020.txt")),
        ("dis fan", sample("huawei_vrp5/display_fan/rpq_fan_is_normal.txt")),
        ("dis power", sample("huawei_vrp5/display_power/netinspect_S7706_2020.txt")),
    ])


def run(tmp_path: Path, *extra: str, lang: str = "en") -> tuple[int, dict, str]:
    (tmp_path / "agg.log").write_text(few_commands_log(), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["inspect", "--logs", str(tmp_path / "agg.log"), "--out", str(out), "--no-hardening",
                                 "--no-history", "--lang", lang, "--format", "json,md", *extra])
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return result.exit_code, data, result.output + (out / "inspection-report.md").read_text(encoding="utf-8")


def test_the_core_set_is_in_data_for_every_platform() -> None:
    for os_name in ("huawei_vrp", "huawei_vrp8", "h3c_comware", "cisco_ios", "cisco_iosxe"):
        core = core_set(os_name)
        assert {"identity", "health.cpu", "health.memory", "health.power", "health.fan", "health.temperature",
                "health.interfaces", "health.logs"} <= set(core)


def test_a_log_with_few_commands_is_partly_inspected_and_exits_0(tmp_path: Path) -> None:
    code, data, text = run(tmp_path)
    jsonschema.validate(data, SCHEMA)
    assert code == 0
    device = data["devices"][0]
    assert device["inspection"]["state"] == "partial"
    assert device["inspection"]["missing_core"] == ["health.temperature", "health.interfaces", "health.logs"]
    counts = device["inspection"]["counts"]
    assert counts["insufficient_data"] >= 3 and counts["passed"] >= 4 and counts["failed"] == 0
    assert sum(counts.values()) == len(device["results"])
    assert data["summary"]["partly_inspected"] == 1
    assert data["summary"]["inspection"] == {"complete": 0, "partial": 1, "not_inspected": 0}
    collection = next(r for r in device["results"] if r["check"] == "health.collection")
    assert collection["status"] == "insufficient_data"
    assert "partly inspected" in collection["message"] and "Temperature" in collection["message"]
    assert "partly inspected: no data for Temperature, Interfaces and errors, Log buffer" in text
    assert "only partly inspected" in text and "HZ-AGG-01 (Temperature" in text
    assert "in good health" not in text and "collected in full" not in collection["message"]
    assert "1 device(s) were not collected or inspected in full" in text


def test_require_complete_exits_1_for_a_partly_inspected_device(tmp_path: Path) -> None:
    code, data, _ = run(tmp_path, "--require-complete")
    assert code == 1
    assert data["summary"]["partly_inspected"] == 1


def test_the_chinese_report_never_says_collected_in_full_for_it(tmp_path: Path) -> None:
    _, _, text = run(tmp_path, lang="zh")
    assert "采集完整" not in text and "运行状态良好" not in text
    assert "部分巡检：设备温度、接口状态与错包、日志检查 数据不足" in text
    assert "1 台设备仅部分巡检" in text


@pytest.mark.parametrize("log", sorted((REPO / "netinspect" / "lab" / "fleet").glob("*.log"))[:3],
                         ids=lambda p: p.stem)
def test_a_full_fleet_log_is_complete(tmp_path: Path, log: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["inspect", "--logs", str(log), "--out", str(out), "--no-hardening", "--no-history",
                        "--format", "json", "--require-complete"])
    device = json.loads((out / "results.json").read_text(encoding="utf-8"))["devices"][0]
    assert device["inspection"]["state"] == "complete", device["inspection"]
