"""`netinspect change check`: each rule on VRP, Comware and IOS, the example plans, the current configuration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.change.plan import read_plan
from netinspect.change.review import review
from netinspect.cli.app import app

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "change"

SAVE = {"huawei_vrp": "save", "h3c_comware": "save force", "cisco_ios": "write memory"}
NEG = {"huawei_vrp": "undo", "h3c_comware": "undo", "cisco_ios": "no"}
ENTER = {"huawei_vrp": "system-view", "h3c_comware": "system-view", "cisco_ios": "configure terminal"}
SHOW = {"huawei_vrp": "display", "h3c_comware": "display", "cisco_ios": "show"}
MGMT = {"huawei_vrp": "MEth0/0/1", "h3c_comware": "M-GigabitEthernet0/0/0", "cisco_ios": "GigabitEthernet0/0"}
REBOOT = {"huawei_vrp": "reboot", "h3c_comware": "reboot", "cisco_ios": "reload"}
ERASE = {"huawei_vrp": "reset saved-configuration", "h3c_comware": "reset saved-configuration",
         "cisco_ios": "write erase"}
VTY = {"huawei_vrp": ("user-interface vty 0 4", "undo acl 2000 inbound"),
       "h3c_comware": ("line vty 0 63", "undo acl ipv4 inbound"),
       "cisco_ios": ("line vty 0 4", "no access-class 10 in")}


def plan_file(tmp_path: Path, os_id: str, steps: list[str], rollback: list[str] | None, checks: bool = True) -> Path:
    def block(lines: list[str]) -> str:
        return "```\n" + "\n".join(lines) + "\n```\n"
    text = (f"# plan\n\n## Overview\n\ntest\n\n## Emergency\n\ncall the duty manager\n\n"
            f"## Steps\n\n### SW1 ({os_id})\n\n{block(steps)}\n")
    if checks:
        text += f"## Pre-check\n\n### SW1\n\n{block([SHOW[os_id] + ' version'])}\n"
        text += f"## Service test\n\n### SW1\n\n{block([SHOW[os_id] + ' ip routing-table' if os_id != 'cisco_ios' else 'show ip route'])}\n"
    if rollback is not None:
        text += f"## Rollback\n\n### SW1\n\n{block(rollback)}\n"
    path = tmp_path / f"plan-{os_id}.md"
    path.write_text(text, encoding="utf-8")
    return path


def rules_found(path: Path, configs=None, warnings: bool = False) -> list[str]:
    """The findings' rules; the low-severity warnings (a step without its own verification) only when asked."""
    return sorted(f.rule for f in review(read_plan(path), configs).findings if warnings or f.severity != "low")


def good_steps(os_id: str) -> tuple[list[str], list[str]]:
    neg = NEG[os_id]
    steps = [ENTER[os_id], "interface Vlan-interface30" if os_id == "h3c_comware" else
             "interface Vlanif30" if os_id == "huawei_vrp" else "interface Vlan30",
             "description USERS-30", "quit" if os_id != "cisco_ios" else "exit", SAVE[os_id]]
    back = [ENTER[os_id], steps[1], f"{neg} description", steps[3], SAVE[os_id]]
    return steps, back


OS_IDS = ("huawei_vrp", "h3c_comware", "cisco_ios")


@pytest.mark.parametrize("os_id", OS_IDS)
def test_good_plan_has_no_finding(tmp_path, os_id):
    steps, back = good_steps(os_id)
    assert rules_found(plan_file(tmp_path, os_id, steps, back)) == []


@pytest.mark.parametrize("os_id", OS_IDS)
def test_shutting_the_management_interface_cuts_the_session(tmp_path, os_id):
    steps = [ENTER[os_id], f"interface {MGMT[os_id]}", "shutdown", SAVE[os_id]]
    back = [ENTER[os_id], f"interface {MGMT[os_id]}", f"{NEG[os_id]} shutdown", SAVE[os_id]]
    assert rules_found(plan_file(tmp_path, os_id, steps, back)) == ["session_cut"]


@pytest.mark.parametrize("os_id", OS_IDS)
def test_vty_acl_removal_cuts_the_session(tmp_path, os_id):
    line_vty, undo_acl = VTY[os_id]
    steps = [ENTER[os_id], line_vty, undo_acl, SAVE[os_id]]
    back = [ENTER[os_id], line_vty, undo_acl.replace(NEG[os_id] + " ", "", 1), SAVE[os_id]]
    assert rules_found(plan_file(tmp_path, os_id, steps, back)) == ["session_cut"]


@pytest.mark.parametrize("os_id", OS_IDS)
def test_reboot_and_erase_are_destructive(tmp_path, os_id):
    steps, back = good_steps(os_id)
    found = review(read_plan(plan_file(tmp_path, os_id, steps + [ERASE[os_id], REBOOT[os_id]], back))).findings
    assert [(f.rule, f.severity, f.lines) for f in found if f.severity != "low"] == [
        ("service_affecting", "high", [REBOOT[os_id]]), ("destructive", "high", [ERASE[os_id]])]


@pytest.mark.parametrize("os_id", OS_IDS)
def test_missing_and_incomplete_rollback(tmp_path, os_id):
    steps, back = good_steps(os_id)
    assert rules_found(plan_file(tmp_path, os_id, steps, None)) == ["no_rollback"]
    extra = steps[:3] + ["ip address 10.30.0.1 255.255.255.0" if os_id == "cisco_ios" else "ip address 10.30.0.1 24"] + steps[3:]
    found = [f for f in review(read_plan(plan_file(tmp_path, os_id, extra, back))).findings if f.severity != "low"]
    assert [f.rule for f in found] == ["rollback_incomplete"]
    assert found[0].lines[0].endswith("ip address 10.30.0.1 255.255.255.0" if os_id == "cisco_ios" else "ip address 10.30.0.1 24")


@pytest.mark.parametrize("os_id", OS_IDS)
def test_missing_save_and_verification(tmp_path, os_id):
    steps, back = good_steps(os_id)
    assert rules_found(plan_file(tmp_path, os_id, steps[:-1], back, checks=False)) == \
        ["no_postcheck", "no_precheck", "no_save"]


def test_management_interface_from_the_current_configuration_makes_it_exact(tmp_path):
    steps = ["system-view", "interface Vlan-interface4094", "shutdown", "quit", "save force"]
    back = ["system-view", "interface Vlan-interface4094", "undo shutdown", "quit", "save force"]
    path = plan_file(tmp_path, "h3c_comware", steps, back)
    assert rules_found(path) == []  # a VLAN interface is not a management port by its name
    config = "#\ninterface Vlan-interface4094\n ip address 10.10.0.2 255.255.255.0\n#\n"
    assert rules_found(path, {"SW1": (config, "10.10.0.2")}) == ["session_cut"]


def test_yaml_plan_form(tmp_path):
    assert rules_found(EXAMPLE / "plan.yaml") == []


def run(*args: str):
    result = CliRunner().invoke(app, ["change", "check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_bad_example_reports_the_three_and_good_example_none(tmp_path):
    bad = run(str(EXAMPLE / "plan-bad.md"), "--out", str(tmp_path / "bad"), "--lang", "en")
    assert bad.exit_code == 1
    doc = json.loads((tmp_path / "bad" / "review.json").read_text(encoding="utf-8"))
    assert sorted(f["rule"] for f in doc["findings"] if f["severity"] != "low") == [
        "no_rollback", "no_save", "section_missing", "session_cut"]
    assert [f["lines"] for f in doc["findings"] if f["rule"] == "section_missing"] == [["emergency"]]
    good = run(str(EXAMPLE / "plan-good.md"), "--out", str(tmp_path / "good"), "--lang", "zh")
    assert good.exit_code == 0, good.output
    text = (tmp_path / "good" / "review.md").read_text(encoding="utf-8")
    assert "未发现问题" in text and "display ip routing-table protocol static" in text and "五、回退方案" in text


def test_unreadable_plan_is_one_line_exit_2(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("# nothing here\n", encoding="utf-8")
    result = run(str(empty), "--out", str(tmp_path))
    assert result.exit_code == 2 and "no device found" in result.output
