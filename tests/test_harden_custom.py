"""User rule files, broken rule files and waivers, each end to end through `netinspect harden --configs`."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from netinspect.cli.harden import harden_command
from netinspect.harden.rules import compile_pattern, load_file, load_rules

DATA = Path(__file__).parent / "data" / "harden"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "rules"


def _cli(*args: str) -> tuple[int, str]:
    app = typer.Typer()
    app.command()(harden_command)
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def configs(tmp_path: Path) -> Path:
    folder = tmp_path / "configs"
    folder.mkdir()
    for name in ("ios_bad.cfg", "ios_good.cfg", "vrp5_bad.cfg"):
        shutil.copy(DATA / name, folder / name)
    return folder


def _results(out: Path) -> dict[str, dict[str, dict]]:
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {d["name"]: {r["check"]: r for r in d["results"]} for d in data["devices"]}


def test_cli_pattern_placeholders() -> None:
    assert compile_pattern("info-center loghost <IP>").match("info-center loghost 10.1.1.1")
    assert not compile_pattern("info-center loghost <IP>").match("info-center loghost-source x")
    assert compile_pattern("ntp server {ntp}", {"ntp": ["10.0.0.1"]}).match("ntp server 10.0.0.1 prefer")
    assert not compile_pattern("ntp server {ntp}", {"ntp": ["10.0.0.1"]}).match("ntp server 10.0.0.2")


def test_custom_rule_file_end_to_end(configs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = tmp_path / "site.yaml"
    site.write_text("location: Building 3 room 201\n", encoding="utf-8")
    code, output = _cli("--configs", str(configs), "--rules", str(EXAMPLES), "--site", str(site), "--out", str(out),
                        "--format", "md,json", "--lang", "en")
    assert code == 1, output
    results = _results(out)
    assert results["CSW-ACC-01"]["site.snmp_location"]["status"] == "fail"
    assert results["CSW-ACC-01"]["site.snmp_location"]["remediation"]["commands"] == [
        "snmp-server location Building 3 room 201"]
    assert results["HW-ACC-01"]["site.snmp_location"]["remediation"]["rollback"] == ["undo snmp-agent sys-info location"]
    assert results["CSW-ACC-01"]["site.port_description"]["status"] == "fail"  # Gi0/1 has no description
    assert results["CSW-ACC-01"]["harden.telnet"]["status"] == "fail"  # built-in rules still run
    fix = (out / "CSW-ACC-01.fix.txt").read_text(encoding="utf-8")
    assert "snmp-server location Building 3 room 201" in fix
    assert fix.index("snmp-server location") > fix.index("transport input ssh")  # phase 85 after telnet (60)


def test_broken_rule_file_reported_with_path_and_line_and_skipped(configs: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "good.yaml").write_text(
        "rules:\n  - id: site.has_ntp\n    severity: low\n    title: {zh: NTP, en: NTP}\n"
        "    platforms:\n      ios: {checks: [{present: 'ntp server <IP>'}]}\n", encoding="utf-8")
    (rules / "bad_rule.yaml").write_text(
        "rules:\n  - id: site.ok_one\n    severity: low\n    title: {zh: a, en: a}\n"
        "    platforms:\n      ios: {checks: [{present: 'x'}]}\n"
        "  - id: site.broken\n    severity: urgent\n    title: {zh: b, en: b}\n"
        "    platforms:\n      ios: {checks: [{present: 'x'}]}\n"
        "  - id: site.badregex\n    severity: low\n    title: {zh: c, en: c}\n"
        "    platforms:\n      junos: {checks: [{present: 're:(unclosed'}]}\n", encoding="utf-8")
    (rules / "not_yaml.yaml").write_text("rules:\n  - id: x\n   bad: [\n", encoding="utf-8")
    loaded, errors = load_rules(rules)
    ids = {r.id for r in loaded}
    assert {"site.has_ntp", "site.ok_one"} <= ids and "site.broken" not in ids and "site.badregex" not in ids
    where = {(Path(e.path).name, e.line) for e in errors}
    assert ("bad_rule.yaml", 7) in where and ("bad_rule.yaml", 12) in where
    assert any(Path(e.path).name == "not_yaml.yaml" and e.line for e in errors)
    assert any("severity" in e.message for e in errors) and any("junos" in e.message for e in errors)
    out = tmp_path / "out"
    code, output = _cli("--configs", str(configs), "--rules", str(rules), "--out", str(out), "--format", "md",
                        "--lang", "en")
    assert "bad_rule.yaml:7" in output.replace("\n", "") and "skipped" in output
    assert _results(out)["CSW-ACC-02"]["site.has_ntp"]["status"] == "pass"
    assert "bad_rule.yaml:7" in (out / "hardening-plan.md").read_text(encoding="utf-8")


def test_example_rule_file_is_valid() -> None:
    rules, errors = load_file(EXAMPLES / "site_baseline.yaml")
    assert errors == [] and [r.id for r in rules] == ["site.snmp_location", "site.port_description"]


def test_waivers_end_to_end(configs: Path, tmp_path: Path) -> None:
    today = date.today()
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        f"  - {{rule: harden.telnet, devices: [CSW-ACC-*], reason: Legacy NMS needs telnet, by: Li Si, "
        f"until: {(today + timedelta(days=30)).isoformat()}}}\n"
        f"  - {{rule: harden.ftp, devices: [HW-ACC-01], reason: Firmware upload, by: Wang Wu, "
        f"until: {(today - timedelta(days=1)).isoformat()}}}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, output = _cli("--configs", str(configs), "--waivers", str(waivers), "--out", str(out), "--format",
                        "md,json,html", "--lang", "en")
    results = _results(out)
    telnet = results["CSW-ACC-01"]["harden.telnet"]
    assert telnet["status"] == "skipped" and "Legacy NMS needs telnet" in telnet["message"]
    assert telnet["waiver"]["by"] == "Li Si"
    assert results["HW-ACC-01"]["harden.telnet"]["status"] == "fail"  # other devices not covered
    ftp = results["HW-ACC-01"]["harden.ftp"]
    assert ftp["status"] == "fail" and ftp["waiver"]["expired"] is True and "expired" in ftp["message"]
    plan = (out / "hardening-plan.md").read_text(encoding="utf-8")
    assert "Legacy NMS needs telnet" in plan and "Waiver expired" in plan
    fix = (out / "CSW-ACC-01.fix.txt").read_text(encoding="utf-8")
    assert "transport input ssh" not in fix  # a waived item is not in the script
    assert "undo ftp server enable" in (out / "HW-ACC-01.fix.txt").read_text(encoding="utf-8")


def test_bad_waiver_file_is_a_usage_error(configs: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - {rule: harden.telnet, reason: x, until: someday}\n", encoding="utf-8")
    code, output = _cli("--configs", str(configs), "--waivers", str(waivers), "--out", str(tmp_path / "o"))
    assert code == 2 and "until" in output
