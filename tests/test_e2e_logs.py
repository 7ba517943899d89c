"""End to end: session logs built from real samples -> `netinspect inspect --logs` -> results and reports."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from tests.conftest import REPO, sample

SCHEMA = json.loads((REPO / "netinspect" / "data" / "results.schema.json").read_text(encoding="utf-8"))  # shipped copy
FLEET = REPO / "netinspect" / "lab" / "fleet"
runner = CliRunner()

RUNNING = """#
 sysname HZ-AGG-01
#
 ntp-service unicast-server 10.1.1.1
#
interface GigabitEthernet1/0/1
 description TO-CORE
#
return"""


def session(prompt: str, commands: list[tuple[str, str]]) -> str:
    """A session log as a terminal program saves it: prompt + typed command, output, final prompt."""
    parts = [f"{prompt}{typed}\n{output.rstrip()}\n" for typed, output in commands]
    return "".join(parts) + prompt + "\n"


def problem_log() -> str:
    """Huawei S7706 (VRP5): a failed fan, CPU at 95 %, clock not synchronised, configuration not saved.

    display version, memory and power are real S7706 output; cpu-usage is the real output with the
    five-minute figure raised to 95 %; the fan line is the real one-line VRP5 format with the state
    changed; the NTP output was written from the VRP command reference (tests/data/huawei).
    """
    cpu = sample("huawei_vrp5/display_cpu-usage/netinspect_S7706_2020.txt").replace(
        "five minutes: 7%", "five minutes: 95%")
    fan = sample("huawei_vrp5/display_fan/rpq_fan_is_normal.txt").replace("Fan 0 is normal", "Fan 0 is abnormal")
    ntp = (REPO / "tests" / "data" / "huawei" / "display_ntp-service_status_unsync.txt").read_text(encoding="utf-8")
    saved = RUNNING.replace(" description TO-CORE\n", "")
    return session("<HZ-AGG-01>", [
        ("screen-length 0 temporary", "Info: The configuration takes effect on the current user terminal interface only."),
        ("dis ver", sample("huawei_vrp5/display_version/netinspect_S7706_session.txt")),
        ("dis cpu", cpu),
        ("dis memory-usage", sample("huawei_vrp5/display_memory-usage/netinspect_S7706_2020.txt")),
        ("dis fan", fan),
        ("dis power", sample("huawei_vrp5/display_power/netinspect_S7706_2020.txt")),
        ("dis ntp-service status", ntp),
        ("dis cur", RUNNING),
        ("dis saved-configuration", saved),
    ])


def inspect(args: list[str]) -> tuple[int, dict]:
    result = runner.invoke(app, ["inspect", *args])
    out = Path(args[args.index("--out") + 1])
    data = json.loads((out / "results.json").read_text(encoding="utf-8")) if (out / "results.json").exists() else {}
    return result.exit_code, data


def test_known_problems_are_exactly_the_problems(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "agg.log").write_text(problem_log(), encoding="utf-8")
    code, data = inspect(["--logs", str(logs), "--out", str(tmp_path / "out"), "--no-hardening", "--lang", "en"])
    jsonschema.validate(data, SCHEMA)
    assert code == 1
    device = data["devices"][0]
    assert (device["name"], device["vendor"], device["os"], device["model"]) == ("HZ-AGG-01", "huawei",
                                                                               "huawei_vrp", "S7706")
    assert device["version"] == "V200R010C00SPC600"
    failed = {r["check"]: r for r in device["results"] if r["status"] == "fail"}
    assert set(failed) == {"health.fan", "health.cpu", "health.ntp", "health.config_saved"}
    assert failed["health.cpu"]["severity"] == "high"
    assert any("95%" in line for line in failed["health.cpu"]["evidence"])
    assert any("abnormal" in line for line in failed["health.fan"]["evidence"])
    assert failed["health.ntp"]["evidence"] and failed["health.config_saved"]["evidence"]
    assert not any(r["status"] == "pass" for r in device["results"]
                   if r["check"] in ("health.logs", "health.alarms", "health.storage"))


def test_fail_on_controls_the_exit_code(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "agg.log").write_text(problem_log(), encoding="utf-8")
    code, _ = inspect(["--logs", str(logs), "--out", str(tmp_path / "o1"), "--no-hardening", "--fail-on", "critical"])
    assert code == 0


def test_bad_inputs_are_listed_and_the_rest_analysed(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "agg.log").write_text(problem_log(), encoding="utf-8")
    (logs / "empty.log").write_bytes(b"")
    (logs / "image.bin").write_bytes(bytes(range(256)) * 10)
    (logs / "notes.txt").write_text("meeting notes\nnothing to see here\n", encoding="utf-8")
    result = runner.invoke(app, ["inspect", "--logs", str(logs), "--out", str(tmp_path / "out"), "--no-hardening"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    data = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    inputs = {Path(i["name"]).name: i for i in data["run"]["inputs"]}
    assert inputs["agg.log"]["status"] == "ok"
    for name in ("empty.log", "image.bin", "notes.txt"):
        assert inputs[name]["status"] == "rejected" and inputs[name]["message"]
        assert name in result.output


def test_no_usable_input_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty.log").write_bytes(b"")
    result = runner.invoke(app, ["inspect", "--logs", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    missing = runner.invoke(app, ["inspect", "--logs", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "文件或文件夹不存在" in missing.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_fleet_logs_all_formats(tmp_path: Path, lang: str) -> None:
    """The built-in fleet logs (one per platform) through the whole pipeline, hardening included."""
    out = tmp_path / "out"
    logs = sorted(FLEET.glob("*.log"))
    args = ["inspect", "--out", str(out), "--lang", lang]
    for log in logs:
        args += ["--logs", str(log)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert {p.suffix for p in out.iterdir()} >= {".json", ".html", ".md", ".xlsx"}
    by_name = {d["name"]: d for d in data["devices"]}
    assert len(by_name) == len(logs)
    for device in data["devices"]:
        assert device["os"] and device["model"] and device["version"], device["name"]
        assert device["collection"]["status"] == "ok"
        parse_errors = [c for c in device["collection"]["commands"] if c["status"] == "parse_error"]
        assert parse_errors == [], (device["name"], parse_errors)
    failed = {(d["name"], r["check"]) for d in data["devices"] for r in d["results"] if r["status"] == "fail"}
    assert ("HZ-ACC-S5735-01", "health.fan") in failed
    assert ("HZ-WAC-AC6605-01", "health.wlan_aps") in failed
    assert ("FW-01", "health.sessions") in failed
    assert ("HZ-CORE-S6850", "health.stack") in failed
    assert ("BJ-ACC-S5120", "health.uptime") in failed
    assert ("BJ-DIST-01", "health.power") in failed
    assert ("BJ-ACC-01", "health.interfaces") in failed


def test_filtered_output_is_not_judged(tmp_path: Path) -> None:
    """`display current-configuration | include telnet` is not the whole configuration: no verdict on it."""
    log = session("<HZ-AGG-01>", [
        ("dis ver", sample("huawei_vrp5/display_version/netinspect_S7706_session.txt")),
        ("dis cur | include snmp", " snmp-agent sys-info version v3"),
    ])
    (tmp_path / "a.log").write_text(log, encoding="utf-8")
    code, data = inspect(["--logs", str(tmp_path / "a.log"), "--out", str(tmp_path / "out")])
    results = data["devices"][0]["results"]
    hardening = [r for r in results if r["category"] == "hardening"]
    assert hardening and all(r["status"] != "pass" for r in hardening)


def test_parallel_normalize_gives_the_same_facts() -> None:
    """Many devices are normalized in worker processes; the facts must equal the serial ones."""
    from netinspect.pipeline import PARALLEL_FROM, normalize_all
    from netinspect.sources.logs import read_logs

    devices = read_logs([FLEET]).devices
    many = (devices * (PARALLEL_FROM // len(devices) + 1))[:PARALLEL_FROM]
    assert normalize_all(many, jobs=2) == normalize_all(many, jobs=1)


def test_parallel_analysis_gives_the_same_verdicts_as_the_serial_one(tmp_path) -> None:
    """A large fleet is judged in worker processes (parse and per-device checks); the fleet-wide checks
    (version consistency) still see every device. Verdicts, facts and order equal the serial run's."""
    from dataclasses import replace

    from netinspect.advisories.store import Store
    from netinspect.checks.context import AnalysisContext
    from netinspect.core.raw import SourceResult
    from netinspect.pipeline import PARALLEL_FROM, analyse
    from netinspect.sources.logs import read_logs

    devices = read_logs([FLEET]).devices
    many = [replace(d, name=f"{d.name}-{i}") for i in range(PARALLEL_FROM // len(devices) + 1) for d in devices]
    store = tmp_path / "adv.db"
    with Store(store):  # an empty store: the version suite runs, the advisories give insufficient data
        pass
    ctx = AnalysisContext(lang="en", options={"advisories": str(store)})
    parallel = analyse(SourceResult(devices=many), "logs", ctx, ["health", "hardening", "version"], jobs=2)
    serial = analyse(SourceResult(devices=many), "logs", ctx, ["health", "hardening", "version"], jobs=1)
    assert [d.name for d in parallel.devices] == [d.name for d in many]
    assert [d.raw for d in parallel.devices] == many  # the raw outputs are the caller's, put back in place
    assert [(d.device, d.results) for d in parallel.devices] == [(d.device, d.results) for d in serial.devices]
    consistency = [r for d in parallel.devices for r in d.results if r.check == "version.consistency"]
    assert len(consistency) == len(many) and any(r.status == "pass" for r in consistency)
