"""`netinspect diff` on the simulator: a snapshot, a change window, a second snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.collect.bundle import write_bundle
from netinspect.collect.ssh import collect
from netinspect.lab.demo import demo_inventory
from netinspect.lab.fleet import load_fleet
from netinspect.lab.server import serve_fleet
from netinspect.platforms import snapshot_commands

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "change"


def snapshot(fleet: Path, run_dir: Path) -> Path:
    """Serve the fleet file, collect it over SSH with the snapshot commands, write a run bundle."""
    loaded = load_fleet(fleet)
    assert not loaded.problems
    devices = [d for d in loaded.devices]
    for d in devices:
        d.port = 0
    with serve_fleet(devices, latency_ms=0) as endpoints:
        source = collect(demo_inventory(devices, endpoints), workers=2, connect_timeout=5.0, command_timeout=30.0,
                         known_hosts=None, host_key_check=False, progress=False, extra_commands=snapshot_commands())
    assert all(d.status == "ok" for d in source.devices), [(d.name, d.status, d.message) for d in source.devices]
    write_bundle(run_dir, source)
    return run_dir


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("diff")
    return (snapshot(EXAMPLE / "fleet-before.yaml", base / "before"),
            snapshot(EXAMPLE / "fleet-before.yaml", base / "before-again"),
            snapshot(EXAMPLE / "fleet-after.yaml", base / "after"))


def run_diff(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["diff", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_change_window_reports_exactly_the_four_changes_and_the_intended_one_expected(bundles, tmp_path):
    before, _, after = bundles
    code, output = run_diff(str(before), str(after), "--expect", str(EXAMPLE / "expected.yaml"),
                            "--out", str(tmp_path), "--lang", "en")
    assert code == 1, output
    doc = json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    found = sorted((d["kind"], d["item"], d["expected"]) for d in doc["differences"])
    assert found == [
        ("config_added", "ip route-static 10.20.0.0 16 10.10.0.9", True),
        ("interface_down", "Twenty-FiveGigE1/0/3", False),
        ("peer_down", "bgp 10.10.0.10", False),
        # the inspection judges BGP peers too (issue 17): the lost peer is also a new health problem
        ("problem_new", "health.routing_peers", False),
        ("role_changed", "vrrp Vlan10 10", False),
    ]
    assert doc["devices"][0]["matched_by"] == "serial"
    for name in ("diff-report.html", "diff-report.md", "diff-report.xlsx"):
        assert (tmp_path / name).is_file()
    md = (tmp_path / "diff-report.md").read_text(encoding="utf-8")
    assert "Interface went down" in md
    assert "| HZ-CORE-S6850 | Routing peers up | 3 | **2** |" in md and "| Route prefixes bgp | 2 | 2 |" in md


def test_unchanged_network_reports_nothing_and_exits_0(bundles, tmp_path):
    before, again, _ = bundles
    code, output = run_diff(str(before), str(again), "--out", str(tmp_path), "--lang", "zh")
    assert code == 0, output
    doc = json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    assert doc["differences"] == []
    assert "未发现差异" in (tmp_path / "diff-report.md").read_text(encoding="utf-8")


def test_an_intended_change_that_did_not_happen_is_reported(bundles, tmp_path):
    before, again, _ = bundles
    expected = tmp_path / "expected.yaml"
    expected.write_text("expected:\n  - {device: HZ-CORE-*, kind: interface_down, item: 'Twenty-FiveGigE1/0/9'}\n",
                        encoding="utf-8")
    code, _ = run_diff(str(before), str(again), "--expect", str(expected), "--out", str(tmp_path / "o"), "-f", "json")
    doc = json.loads((tmp_path / "o" / "diff.json").read_text(encoding="utf-8"))
    assert [d["kind"] for d in doc["differences"]] == ["expected_missing"]
    assert code == 1


def test_fail_on_above_the_differences_exits_0(bundles, tmp_path):
    before, _, after = bundles
    code, _ = run_diff(str(before), str(after), "--fail-on", "critical", "--out", str(tmp_path), "-f", "json")
    assert code == 0


def test_bad_expectations_file_is_one_line_and_exit_2(bundles, tmp_path):
    before, _, after = bundles
    bad = tmp_path / "bad.yaml"
    bad.write_text("expected:\n  - {kind: link_gone}\n", encoding="utf-8")
    code, output = run_diff(str(before), str(after), "--expect", str(bad), "--out", str(tmp_path))
    assert code == 2 and "unknown kind 'link_gone'" in output
    code, output = run_diff(str(before), str(tmp_path / "nope"), "--out", str(tmp_path))
    assert code == 2 and "文件或文件夹不存在" in output


def test_results_json_gives_problems_only(bundles, tmp_path):
    from netinspect.collect.bundle import read_bundle
    from netinspect.workflow import InspectOptions, inspect_source

    before, _, after = bundles
    for name, bundle in (("b", before), ("a", after)):
        inspect_source(read_bundle(bundle), "bundle", InspectOptions(out=tmp_path / name, formats=["json"], quiet=True))
    code, output = run_diff(str(tmp_path / "b" / "results.json"), str(tmp_path / "a" / "results.json"),
                            "--out", str(tmp_path / "o"), "-f", "json", "--lang", "en")
    assert "only problems can be compared" in output
    doc = json.loads((tmp_path / "o" / "diff.json").read_text(encoding="utf-8"))
    assert all(d["kind"].startswith("problem_") for d in doc["differences"])
