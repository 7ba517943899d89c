"""`netinspect demo`: the built-in fleet (netinspect/lab/fleet/*.log) served over SSH on loopback,
collected, bundled, inspected; and the bundle re-analysed gives the same verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netinspect.collect.bundle import read_bundle
from netinspect.lab.demo import run_demo
from netinspect.lab.fleet import FLEET_DIR, load_fleet

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
    """Same verdicts from the saved bundle, except where a verdict needs a secret the bundle redacted
    (SNMP community names): there the bundle honestly gives insufficient_data, never a pass."""
    from netinspect.harden.rules import load_rules
    from netinspect.workflow import InspectOptions, inspect_source

    needs_secrets = {r.id for r in load_rules()[0] if r.needs_secrets}
    assert needs_secrets == {"harden.snmp_community"}

    from netinspect.lab.demo import DEMO_LIFECYCLE

    inspect_source(read_bundle(demo_run), "bundle", InspectOptions(out=tmp_path, formats=["json"], lang="en",
                                                                  quiet=True,
                                                                  suite_options={"lifecycle": DEMO_LIFECYCLE,
                                                                                 "advisories": str(demo_run / "advisories.sqlite")}))
    again = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    first = json.loads((demo_run / "results.json").read_text(encoding="utf-8"))

    def verdicts(doc: dict, secret: bool) -> list:
        return [(d["name"], r["check"], r["status"]) for d in doc["devices"] for r in d["results"]
                if (r["check"] in needs_secrets) == secret]

    assert verdicts(again, False) == verdicts(first, False)
    assert "pass" not in {status for _, _, status in verdicts(again, True)}
    assert "insufficient_data" in {status for _, _, status in verdicts(again, True)}
    assert "fail" in {status for _, _, status in verdicts(first, True)}  # live collection saw "public"


def test_fleet_logs_are_where_the_demo_expects_them():
    assert sorted(p.name for p in FLEET_DIR.glob("*.log"))


def test_ssh_gives_the_same_facts_and_verdicts_as_the_session_logs(demo_run: Path, tmp_path: Path):
    """Every platform of the fleet, collected over real SSH, is judged exactly as its session log is:
    same identity facts, same verdict per check, and the injected problems are among the failures."""
    from netinspect.checks.context import AnalysisContext
    from netinspect.core.results import run_to_json
    from netinspect.pipeline import analyse
    from netinspect.sources.logs import read_logs
    from netinspect.workflow import InspectOptions, suites_for

    over_ssh = {d["name"]: d for d in json.loads((demo_run / "results.json").read_text(encoding="utf-8"))["devices"]}
    from netinspect.lab.demo import DEMO_LIFECYCLE

    run = analyse(read_logs(sorted(FLEET_DIR.glob("*.log"))), "logs",
                  AnalysisContext(lang="en", options={"lifecycle": DEMO_LIFECYCLE,
                                                      "advisories": str(demo_run / "advisories.sqlite")}),
                  suites_for(InspectOptions()))
    from_logs = {d["name"]: d for d in run_to_json(run)["devices"]}
    assert set(over_ssh) == set(from_logs)
    identity = ("vendor", "os", "role", "model", "version", "serial", "uptime_seconds")
    for name, device in over_ssh.items():
        assert {k: device[k] for k in identity} == {k: from_logs[name][k] for k in identity}, name
        verdicts = lambda d: {(r["check"], r["status"], r["severity"]) for r in d["results"]}  # noqa: E731
        assert verdicts(device) == verdicts(from_logs[name]), name
    failed = {(n, r["check"]) for n, d in over_ssh.items() for r in d["results"] if r["status"] == "fail"}
    assert {("HZ-ACC-S5735-01", "health.fan"), ("HZ-ACC-S5735-01", "health.config_saved"),
            ("HZ-WAC-AC6605-01", "health.wlan_aps"), ("HZ-WAC-AC6605-01", "health.ntp"),
            ("FW-01", "health.sessions"), ("FW-01", "health.cpu"),
            ("HZ-CORE-S6850", "health.stack"), ("HZ-CORE-S6850", "health.interfaces"),
            ("BJ-ACC-S5120", "health.uptime"), ("BJ-ACC-S5120", "health.logs"),
            ("BJ-DIST-01", "health.power"), ("BJ-DIST-01", "health.memory"),
            ("BJ-ACC-01", "health.interfaces"), ("BJ-ACC-01", "health.ntp")} <= failed


def test_demo_assesses_versions_on_its_own_advisory_set(demo_run: Path):
    """The demo imports its shipped advisory set into a store in its own folder (never the user's) and the
    inspection carries the version verdicts: a recommended version where a fix is known, the exposure."""
    results = json.loads((demo_run / "results.json").read_text(encoding="utf-8"))
    version = {d["name"]: next(r for r in d["results"] if r["check"] == "version.advisories")
               for d in results["devices"]}
    assert (demo_run / "advisories.sqlite").is_file()
    assert version["BJ-DIST-01"]["recommended_version"] == "17.9.4a"
    assert version["BJ-ACC-01"]["exposure"] == {"cisco-sa-20180328-smi2": "none_found"}
