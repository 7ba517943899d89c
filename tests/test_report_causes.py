"""One problem per cause, on the demo fleet: a fault seen by several checks (the fan, its alarm, its log
lines; a power supply and its log; the firewall's CPU and its log; the IRF member and its link-down log;
offline APs and their alarms) is counted once, with the other checks' lines as its evidence."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"
# (device, the component check that is the problem, the checks that saw the same fault)
CAUSES = [("HZ-ACC-S5735-01", "health.fan", {"health.logs", "health.alarms"}),
          ("BJ-DIST-01", "health.power", {"health.logs"}),
          ("FW-01", "health.cpu", {"health.logs"}),
          ("HZ-CORE-S6850", "health.stack", {"health.logs"}),
          ("HZ-WAC-AC6605-01", "health.wlan_aps", {"health.alarms"})]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("causes") / "o"
    result = CliRunner().invoke(app, ["inspect", "--logs", str(FLEET), "--format", "json,md", "--out", str(out),
                                      "--no-history", "--lang", "en", "-q"])
    assert result.exit_code in (0, 1)
    return {"json": json.loads((out / "results.json").read_text(encoding="utf-8")),
            "md": (out / "inspection-report.md").read_text(encoding="utf-8")}


def _by_device(data: dict) -> dict[str, dict[str, dict]]:
    return {d["name"]: {r["check"]: r for r in d["results"]} for d in data["devices"]}


@pytest.mark.parametrize("device, primary, seen_by", CAUSES)
def test_one_fault_is_one_problem_with_the_others_as_evidence(results: dict, device: str, primary: str,
                                                             seen_by: set[str]) -> None:
    checks = _by_device(results["json"])[device]
    assert checks[primary]["status"] == "fail"
    assert {r["check"] for r in checks[primary]["related"]} == seen_by
    for check in seen_by:
        assert checks[check]["status"] == "fail" and checks[check]["same_cause"] == primary
        for line in checks[check]["evidence"]:
            assert any(line in r["evidence"] for r in checks[primary]["related"])


def test_the_demo_counts_problems_by_cause(results: dict) -> None:
    data = results["json"]
    failed = [(d["name"], r) for d in data["devices"] for r in d["results"] if r["status"] == "fail"]
    causes = [(name, r["check"]) for name, r in failed if not r.get("same_cause")]
    repeats = [(name, r["check"]) for name, r in failed if r.get("same_cause")]
    assert len(repeats) >= 6 and data["summary"]["problems"] == len(causes) == len(failed) - len(repeats)
    assert sum(data["summary"]["by_severity"].values()) == len(causes)
    # a log line about something no failed check covers stays a problem of its own (BJ-ACC-S5120's power
    # trap: its power supplies read normal now)
    s5120 = _by_device(data)["BJ-ACC-S5120"]
    assert s5120["health.logs"]["status"] == "fail" and not s5120["health.logs"].get("same_cause")
    # in the report: one row per cause, the fan once
    table = results["md"][results["md"].index("## 3. Problem list"):].split("\n### ")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "HZ-ACC-S5735-01" in line]
    titles = Counter(line.split(" | ")[2] for line in rows)
    assert titles["Fans"] == 1 and titles["Log buffer"] == 0 and titles["Active alarms"] == 0
