"""The heart of the hardening plan, per platform: applying a device's fix script to its configuration tree
and auditing again leaves no failed item among the rules whose fix had concrete site facts; applying the
rollback script then restores the original tree (compared with secrets redacted: the rollback cannot carry
secrets, those lines come back from the backup the plan takes first). Also the safe order and warnings.

Configurations: tests/data/harden/*_bad.cfg (written from the vendors' references, see test_harden_rules)
and the real ones in shared/samples.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from netinspect.core.model import Device
from netinspect.core.raw import RawDevice
from netinspect.core.results import DeviceResult
from netinspect.harden.configtree import apply_script, dialect_of, parse_config, redacted_lines, to_text
from netinspect.harden.plan import build_plan
from netinspect.harden.rules import default_rules, load_rules
from netinspect.harden.suite import audit_config
from netinspect.parse.detect import detect_os
from tests.conftest import sample

DATA = Path(__file__).parent / "data" / "harden"
RULES = default_rules(load_rules()[0])  # as `harden` runs without --baseline (optional rules: test_harden_families)
SITE = {"mgmt_networks": ["10.10.10.0/24", "172.16.0.0/16"], "syslog_servers": ["10.10.10.5"],
        "ntp_servers": ["10.10.10.6", "10.10.10.7"], "snmpv3_user": "nmsuser", "snmpv3_group": "NMS",
        "banner": "Authorized access only. All activity is logged.", "admin_user": "netadmin"}
CONFIGS = {
    "vrp5": ("huawei_vrp", (DATA / "vrp5_bad.cfg").read_text()),
    "vrp8": ("huawei_vrp8", (DATA / "vrp8_bad.cfg").read_text()),
    "comware5": ("h3c_comware", (DATA / "comware5_bad.cfg").read_text()),
    "comware7": ("h3c_comware", (DATA / "comware7_bad.cfg").read_text()),
    "ios": ("cisco_ios", (DATA / "ios_bad.cfg").read_text()),
}
SAMPLES = ["h3c_comware7/display_current-configuration/netutils_V7.1.045_R2418P06.txt",
           "cisco_iosxe/show_running-config/napalm_CSR1000V_15.5.txt",
           "cisco_iosxe/show_running-config/netutils_17.1.txt",
           "cisco_iosxe/show_running-config/oxidized_C9200L.txt"]


def _device(text: str, os_id: str, site: dict | None = SITE, lang: str = "en") -> DeviceResult:
    dev = DeviceResult(raw=RawDevice(name="dut", os=os_id), device=Device(name="dut"))
    dev.device.identity.os = os_id
    dev.results = audit_config(text, os_id, RULES, site, lang)
    return dev


def _fix_then_audit(text: str, os_id: str) -> tuple[DeviceResult, list[str]]:
    dev = _device(text, os_id)
    concrete = {r.check for r in dev.results if r.status == "fail" and r.extra["harden"]["concrete"]}
    dev.results = [r for r in dev.results if r.check in concrete or r.status != "fail"]
    plan = build_plan(dev, "en")
    dialect = dialect_of(os_id, text)
    tree = apply_script(parse_config(text, dialect), plan.fix_script, dialect)
    after = audit_config(to_text(tree), os_id, RULES, SITE, "en")
    return dev, [r.check for r in after if r.status == "fail" and r.check in concrete]


@pytest.mark.parametrize("platform", list(CONFIGS))
def test_fix_script_clears_every_concrete_failure(platform: str) -> None:
    os_id, text = CONFIGS[platform]
    dev, still = _fix_then_audit(text, os_id)
    assert len([r for r in dev.results if r.status == "fail"]) >= 13
    assert still == []


@pytest.mark.parametrize("platform", list(CONFIGS))
def test_rollback_restores_the_original_tree(platform: str) -> None:
    os_id, text = CONFIGS[platform]
    dev = _device(text, os_id)
    dev.results = [r for r in dev.results if r.status != "fail" or r.extra["harden"]["concrete"]]
    plan = build_plan(dev, "en")
    dialect = dialect_of(os_id, text)
    tree = apply_script(parse_config(text, dialect), plan.fix_script, dialect)
    assert Counter(redacted_lines(tree, dialect)) != Counter(redacted_lines(parse_config(text, dialect), dialect))
    apply_script(tree, plan.rollback_script, dialect)
    assert Counter(_restored(tree, dialect)) == Counter(redacted_lines(parse_config(text, dialect), dialect))


def _restored(tree, dialect: str) -> list[str]:
    """Lines of a tree after rollback: the placeholders standing for the configuration's secrets (their
    values come from the backup) count as the secret."""
    return [re.sub(r"<(?:CURRENT_PASSWORD|COMMUNITY_NAME)>", "<redacted>", line)
            for line in redacted_lines(tree, dialect)]


@pytest.mark.parametrize("path", SAMPLES)
def test_real_samples_fix_and_rollback(path: str) -> None:
    text = sample(path)
    os_id = detect_os(text)
    dialect = dialect_of(os_id, text)
    dev, still = _fix_then_audit(text, os_id)
    assert still == []
    plan = build_plan(dev, "en")
    tree = apply_script(parse_config(text, dialect), plan.fix_script, dialect)
    apply_script(tree, plan.rollback_script, dialect)
    assert set(_restored(tree, dialect)) == set(redacted_lines(parse_config(text, dialect), dialect))


def _index(script: list[str], prefix: str) -> int:
    return next(i for i, line in enumerate(script) if line.strip().startswith(prefix))


def test_safe_order_vrp() -> None:
    os_id, text = CONFIGS["vrp5"]
    plan = build_plan(_device(text, os_id), "en")
    s = plan.fix_script
    assert _index(s, "save") < _index(s, "system-view")  # backup first
    assert _index(s, "acl number 2001") < _index(s, "acl 2001 inbound")  # ACL before binding it
    assert _index(s, "stelnet server enable") < _index(s, "undo telnet server enable")  # SSH before telnet off
    assert _index(s, "authentication-mode aaa") < _index(s, "undo telnet server enable")
    assert _index(s, "local-user netadmin password") < _index(s, "undo local-user admin")  # new admin first
    warning = _index(s, "# WARNING")
    assert warning < _index(s, "undo telnet server enable")
    assert s[-1] == "save"
    r = plan.rollback_script
    assert _index(r, "telnet server enable") < _index(r, "undo acl number 2001")  # reverse order
    assert "save" in r


def test_vrp8_uses_commit_trial_and_comware7_configuration_replace() -> None:
    os_id, text = CONFIGS["vrp8"]
    plan = build_plan(_device(text, os_id), "en")
    assert plan.fix_script[-1] == "commit trial 600"
    assert "commit" in plan.rollback_script
    os_id, text = CONFIGS["comware7"]
    plan = build_plan(_device(text, os_id), "en")
    assert any("configuration replace file flash:/pre-harden.cfg" in line for line in plan.fix_script)
    assert _index(plan.fix_script, "save flash:/pre-harden.cfg") < _index(plan.fix_script, "system-view")
    assert _index(plan.fix_script, "acl basic") < _index(plan.fix_script, "ssh server acl")


def test_ios_order_and_backup() -> None:
    os_id, text = CONFIGS["ios"]
    s = build_plan(_device(text, os_id), "en").fix_script
    assert _index(s, "copy running-config flash:pre-harden.cfg") < _index(s, "configure terminal")
    assert _index(s, "ip access-list standard MGMT-ACCESS") < _index(s, "access-class MGMT-ACCESS in")
    assert _index(s, "ip ssh version 2") < _index(s, "transport input ssh")
    assert _index(s, "aaa new-model") < _index(s, "transport input ssh")
    assert s[-1] == "copy running-config startup-config"


def test_missing_site_facts_become_placeholders_listed_in_plan() -> None:
    os_id, text = CONFIGS["vrp5"]
    plan = build_plan(_device(text, os_id, site={}, lang="zh"), "zh")
    assert {"<SYSLOG_SERVER>", "<NTP_SERVER>", "<MGMT_NETWORK>", "<ADMIN_USER>", "<BANNER_TEXT>",
            "<SNMPV3_USER>"} <= set(plan.placeholders)
    assert "<ADMIN_PASSWORD>" in plan.secrets and "<ADMIN_PASSWORD>" not in plan.placeholders
    assert "info-center loghost <SYSLOG_SERVER>" in plan.fix_script
    assert any(line.startswith("# 执行前需填写") for line in plan.fix_script)
    assert not any("Fill in" in line for line in plan.fix_script)  # zh plan is zh only


def test_scripts_carry_no_secret() -> None:
    for os_id, text in CONFIGS.values():
        plan = build_plan(_device(text, os_id), "en")
        joined = "\n".join(plan.fix_script + plan.rollback_script)
        assert "SECRET" not in joined.replace("<ENABLE_SECRET>", "")
