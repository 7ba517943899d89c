"""`netinspect demo`: the built-in fleet (netinspect/lab/fleet/*.log) served over SSH on loopback,
collected, bundled, inspected; and the bundle re-analysed gives the same verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netinspect.lab.demo import run_demo
from netinspect.lab.fleet import FLEET_DIR, load_fleet
from netinspect.sources.bundle import read_bundle

ROLES_NEEDED = {"h3c_comware", "huawei_vrp", "cisco_ios", "cisco_iosxe"}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "run"
    code = run_demo(out=out, lang="en", formats=["json", "md"], progress=False)
    assert code == 0
    return out


def test_built_in_fleet_has_at_least_six_devices_of_the_issue_platforms():
    fleet = load_fleet()
    assert len(fleet.devices) >= 6, fleet.problems
    assert ROLES_NEEDED <= {d.os for d in fleet.devices}
    assert any(d.prompt_prefix == "HRP_M" for d in fleet.devices), "USG firewall in a hot-standby pair"
    assert all(len(d.outputs) >= 5 for d in fleet.devices)
    assert not [p for p in fleet.problems if not p.endswith(".md: not a device session")], fleet.problems


def test_demo_collects_every_device_over_ssh_and_writes_reports(demo_run: Path):
    results = json.loads((demo_run / "results.json").read_text(encoding="utf-8"))
    assert results["run"]["source"] == "ssh"
    devices = results["devices"]
    assert len(devices) == len(load_fleet().devices) >= 6
    assert {d["collection"]["status"] for d in devices} == {"ok"}
    assert all(d["host"] == "127.0.0.1" and d["model"] for d in devices)
    assert results["summary"]["problems"] > 0, "the demo fleet carries realistic problems"
    assert (demo_run / "inspection-report.md").is_file() or list(demo_run.glob("*.md"))
    manifest = json.loads((demo_run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["demo"] is True and manifest["secrets"] == "redacted"
    assert len(list((demo_run / "raw").iterdir())) == len(devices)


def test_bundle_re_analysis_gives_the_same_verdicts(demo_run: Path, tmp_path: Path):
    from netinspect.workflow import InspectOptions, inspect_source

    inspect_source(read_bundle(demo_run), "bundle", InspectOptions(out=tmp_path, formats=["json"], lang="en",
                                                                  quiet=True))
    again = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    first = json.loads((demo_run / "results.json").read_text(encoding="utf-8"))

    def verdicts(doc: dict) -> list:
        return [(d["name"], r["check"], r["status"]) for d in doc["devices"] for r in d["results"]]

    assert verdicts(again) == verdicts(first)


def test_fleet_logs_are_where_the_demo_expects_them():
    assert sorted(p.name for p in FLEET_DIR.glob("*.log"))
