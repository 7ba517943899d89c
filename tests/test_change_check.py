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


# ---- plans as engineers write them (issue 18) ---------------------------------------------------------

PLANS = Path(__file__).parent / "data" / "change"


def _docx_from_text(path: Path, target: Path) -> Path:
    """The plain-text plan as a Word document: 一、 headings as Heading 1, device lines as Heading 2, the
    rest (commands, prose) as plain paragraphs - the way such plans are typed in Word."""
    import docx

    from netinspect.change.plan import _ZH_HEADING

    document = docx.Document()
    for line in path.read_text(encoding="utf-8").splitlines():
        if _ZH_HEADING.match(line):
            document.add_heading(line, level=1)
        elif line.startswith("设备："):
            document.add_heading(line[3:], level=2)
        elif line.strip():
            document.add_paragraph(line)
    document.save(str(target))
    return target


def _findings(path: Path) -> list[tuple[str, str, str, tuple[str, ...]]]:
    plan = read_plan(path)
    return sorted((f.device, f.rule, f.severity, tuple(f.lines)) for f in review(plan).findings)


def test_service_template_plan_gives_the_same_findings_in_markdown_text_and_word(tmp_path):
    md, txt = PLANS / "service-plan.md", PLANS / "service-plan.txt"
    docx_path = _docx_from_text(txt, tmp_path / "service-plan.docx")
    forms = {p.suffix: read_plan(p) for p in (md, txt, docx_path)}
    assert {k: p.form for k, p in forms.items()} == {".md": "markdown", ".txt": "text", ".docx": "docx"}
    for plan in forms.values():
        assert set(plan.sections) >= {"overview", "analysis", "steps", "emergency", "rollback", "service_test"}
        (device,) = plan.devices
        assert (device.name, device.platform, len(device.steps), len(device.rollback or [])) == \
            ("BJ-ACC-01", "cisco_ios", 13, 8)
    expected = [("", "heading_unknown", "low", ("其他说明",))]
    assert _findings(md) == _findings(txt) == _findings(docx_path) == expected


def test_a_missing_emergency_plan_and_overview_are_findings_and_an_unknown_heading_is_named(tmp_path):
    text = (PLANS / "service-plan.txt").read_text(encoding="utf-8")
    text = text.replace("四、应急方案\n业务中断超过 5 分钟立即执行回退方案并通知值班经理。\n", "")
    text = text.replace("一、概述", "一、变更缘由说明")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    found = _findings(path)
    assert ("", "section_missing", "medium", ("emergency",)) in found
    assert ("", "section_missing", "medium", ("overview",)) in found
    assert ("", "heading_unknown", "low", ("变更缘由说明",)) in found


RISKY = {
    "huawei_vrp": ["system-view", "undo interface Vlanif20", "interface XGigabitEthernet0/0/1", "shutdown", "quit",
                   "undo stp enable", "undo ospf 1", "reset ospf 1 process", "undo bgp 100", "reset bgp all",
                   "startup system-software s5700-v200r019c10spc500.cc", "reboot"],
    "h3c_comware": ["system-view", "undo interface Vlan-interface20", "interface Bridge-Aggregation1", "shutdown",
                    "quit", "undo stp global enable", "undo ospf 1", "reset ospf 1 process", "undo bgp",
                    "reset bgp all", "boot-loader file flash:/s6850-cmw710-r6635.ipe all main", "reboot"],
    "cisco_ios": ["configure terminal", "no interface Vlan20", "interface Port-channel1", "shutdown", "exit",
                  "no spanning-tree vlan 1-4094", "no router ospf 1", "clear ip ospf process", "no router bgp 65001",
                  "clear ip bgp *", "boot system flash:c2960x-universalk9-mz.152-7.E4.bin", "reload"],
}


@pytest.mark.parametrize("os_id", OS_IDS)
def test_every_service_affecting_step_is_high(tmp_path, os_id):
    steps = RISKY[os_id] + [SAVE[os_id]]
    found = review(read_plan(plan_file(tmp_path, os_id, steps, [ENTER[os_id], SAVE[os_id]]))).findings
    hits = [(f.detail.removeprefix("impact: "), f.severity) for f in found if f.rule == "service_affecting"]
    assert hits == [(what, "high") for what in ("interface_removal", "uplink_shutdown", "stp_disable", "ospf_disable",
                                                "ospf_reset", "bgp_disable", "bgp_reset", "image_change", "reboot")]


def test_shutting_an_access_port_is_not_an_uplink_shutdown_unless_described_as_one(tmp_path):
    steps = ["system-view", "interface GigabitEthernet0/0/5", "shutdown", "quit", "save"]
    back = ["system-view", "interface GigabitEthernet0/0/5", "undo shutdown", "quit", "save"]
    assert rules_found(plan_file(tmp_path, "huawei_vrp", steps, back)) == []
    described = steps[:2] + ["description uplink-to-core"] + steps[2:]
    back = back[:2] + ["undo description"] + back[2:]
    assert rules_found(plan_file(tmp_path, "huawei_vrp", described, back)) == ["service_affecting"]


def test_a_rollback_removing_only_what_the_plan_created_is_right(tmp_path):
    steps = ["configure terminal", "vlan 30", "name USERS-30", "exit", "interface Vlan30",
             "ip address 10.30.0.1 255.255.255.0", "no shutdown", "end", "write memory"]
    back = ["configure terminal", "no interface Vlan30", "no vlan 30", "end", "write memory"]
    assert rules_found(plan_file(tmp_path, "cisco_ios", steps, back)) == []
    # Vlan30 existed before the change: removing it does not restore it, each line needs its undo
    config = "interface Vlan30\n ip address 10.30.0.254 255.255.255.0\n!\n"
    assert rules_found(plan_file(tmp_path, "cisco_ios", steps, back), {"SW1": (config, None)}) == ["rollback_incomplete"]
    # the VLAN left behind is a step without undo
    assert rules_found(plan_file(tmp_path, "cisco_ios", steps, back[:2] + back[3:])) == ["rollback_incomplete"]


def test_without_a_platform_tag_the_dialect_decides_and_the_review_says_so(tmp_path):
    text = ("## Overview\n\nx\n\n## Emergency\n\ny\n\n## Pre-check\n\n### SW1\n\n```\nshow interfaces status\n```\n\n"
            "## Steps\n\n### SW1\n\n```\nconfigure terminal\n"
            "interface GigabitEthernet1/0/10\ndescription PRINTER\nend\nshow interfaces status\nwrite memory\nreload\n```\n\n"
            "## Rollback\n\n### SW1\n\n```\nconfigure terminal\ninterface GigabitEthernet1/0/10\nno description\nend\n"
            "write memory\n```\n\n## Service test\n\n### SW1\n\n```\nshow interfaces status\n```\n")
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    result = review(read_plan(path))
    device = result.plan.devices[0]
    assert (device.platform, device.platform_source) == ("cisco_ios", "dialect")
    assert [(f.rule, f.detail) for f in result.findings if f.severity != "low"] == [
        ("service_affecting", "impact: reboot")]  # reload seen, write memory is the save
    assert review(read_plan(path), {"SW1": (None, None, "h3c_comware")}).plan.devices[0].platform_source == "inventory"
    out = run(str(path), "--out", str(tmp_path / "o"), "--lang", "en")
    assert "Platform: cisco_ios (inferred from the commands' dialect)" in (tmp_path / "o" / "review.md").read_text(encoding="utf-8")
    assert out.exit_code == 1


def test_a_window_in_working_hours_and_a_step_without_verification_are_warnings(tmp_path):
    text = (PLANS / "service-plan.md").read_text(encoding="utf-8").replace("2026-12-12 22:00-23:30", "2026-12-08 14:00-15:00")
    text = text.replace("end\nshow interfaces trunk\nwrite memory", "end\nwrite memory")
    text = text.replace("## 七、其他说明\n\n无。\n", "")
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    found = _findings(path)
    assert ("", "window_working_hours", "low", ("2026-12-08 14:00-15:00",)) in found  # a Tuesday afternoon
    assert ("BJ-ACC-01", "step_unverified", "low", ("vlan 30",)) in found
    assert all(f[2] == "low" for f in found), found


def test_secrets_in_the_plan_are_not_copied_into_the_review(tmp_path):
    steps = ["system-view", "local-user ops password irreversible-cipher Sup3rS3cret!", "quit", "save"]
    back = ["system-view", "undo local-user ops", "quit", "save"]
    path = plan_file(tmp_path, "huawei_vrp", steps, back)
    run(str(path), "--out", str(tmp_path / "o"), "--lang", "en")
    for name in ("review.md", "review.json"):
        assert "Sup3rS3cret" not in (tmp_path / "o" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_the_blank_template_has_the_service_sections_and_reads_back(tmp_path, fmt):
    result = CliRunner().invoke(app, ["change", "template", "--format", fmt, "--out", str(tmp_path / f"t.{fmt}")])
    assert result.exit_code == 0, result.output
    plan = read_plan(tmp_path / f"t.{fmt}")
    assert list(plan.sections) == ["overview", "analysis", "steps", "emergency", "rollback", "service_test"]
    assert plan.unknown_headings == [] and [d.name for d in plan.devices] == ["SW1"]


def test_numbered_prose_stays_prose_and_arabic_section_headings_are_read(tmp_path):
    text = (PLANS / "service-plan.txt").read_text(encoding="utf-8")
    for zh, ar in (("一、概述", "1. 概述"), ("二、组网分析", "2. 组网分析"), ("三、变更测试步骤", "3. 变更测试步骤"),
                   ("四、应急方案", "4. 应急方案"), ("五、回退方案", "5. 回退方案"), ("六、业务总体测试", "6. 业务总体测试"),
                   ("七、其他说明", "7. 其他说明")):
        text = text.replace(zh, ar)
    text = text.replace("变更窗口：", "1. 新增用户 VLAN 30\n2. 上联放通 VLAN 30\n变更窗口：")
    path = tmp_path / "arabic.txt"
    path.write_text(text, encoding="utf-8")
    plan = read_plan(path)
    assert set(plan.sections) == {"overview", "analysis", "steps", "emergency", "rollback", "service_test"}
    assert "新增用户 VLAN 30" in plan.sections["overview"] and plan.unknown_headings == []
    assert len(plan.devices[0].steps) == 13
    md = (PLANS / "service-plan.md").read_text(encoding="utf-8").replace(
        "变更窗口：", "1. 新增用户 VLAN 30\n2. 上联放通 VLAN 30\n\n变更窗口：")
    path = tmp_path / "list.md"
    path.write_text(md, encoding="utf-8")
    assert "2. 上联放通 VLAN 30" in read_plan(path).sections["overview"]
