"""Hardening rules on both sides: each rule fails on a configuration that breaks the baseline and passes on
one that meets it, for every dialect; plus verdicts on the real configurations in shared/samples.

tests/data/harden/*.cfg were written by hand from the vendors' command references (Huawei VRP5 S-series
and VRP8 CloudEngine, H3C Comware 5.20 and 7.1, Cisco IOS 15) because shared/samples has no Huawei
configuration and no Comware 5 one. *_bad.cfg breaks every rule of its platform, *_good.cfg meets all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from netinspect.harden.configtree import dialect_of, parse_config, walk
from netinspect.harden.rules import load_rules
from netinspect.harden.suite import audit_config
from netinspect.parse.detect import detect_os
from tests.conftest import sample

DATA = Path(__file__).parent / "data" / "harden"
PLATFORMS = {"vrp5": ("huawei_vrp", "vrp"), "vrp8": ("huawei_vrp8", "vrp"), "comware5": ("h3c_comware", "comware5"),
             "comware7": ("h3c_comware", "comware7"), "ios": ("cisco_ios", "ios")}
RULES, ERRORS = load_rules()
# the hand-written *_good / *_bad configurations plant the management-plane weaknesses; the access-layer,
# control-plane and routing families have their own planted configurations (test_harden_families.py)
RULE_IDS = [r.id for r in RULES if r.family == "management"]
# rules a written config cannot break on that platform (documented limits): none besides these
NOT_BROKEN = {"vrp8": {"harden.http", "harden.plaintext_password", "harden.unused_services"}}


def _results(name: str, lang: str = "en") -> dict[str, object]:
    text = (DATA / f"{name}.cfg").read_text(encoding="utf-8")
    os_id = PLATFORMS[name.split("_")[0]][0]
    return {r.check: r for r in audit_config(text, os_id, RULES, {}, lang)}


def test_builtin_catalog_loads_every_contract_check() -> None:
    assert ERRORS == []
    contract = {"harden.telnet", "harden.ssh", "harden.mgmt_acl", "harden.idle_timeout", "harden.aaa_login",
                "harden.login_lockout", "harden.password_policy", "harden.plaintext_password", "harden.http",
                "harden.ftp", "harden.snmp_community", "harden.snmp_version", "harden.loghost",
                "harden.ntp_server", "harden.banner", "harden.default_accounts", "harden.unused_services"}
    assert contract <= set(RULE_IDS)
    for rule in RULES:
        if rule.family == "management":
            assert set(rule.platforms) == {"vrp", "comware5", "comware7", "ios"}, rule.id
        assert rule.text("title", "zh") and rule.text("title", "en") and rule.text("risk", "zh")


@pytest.mark.parametrize("platform", list(PLATFORMS))
def test_detects_platform_from_content(platform: str) -> None:
    for side in ("bad", "good"):
        text = (DATA / f"{platform}_{side}.cfg").read_text(encoding="utf-8")
        os_id, dialect = PLATFORMS[platform]
        assert detect_os(text) == os_id
        assert dialect_of(os_id, text) == dialect


@pytest.mark.parametrize("platform", list(PLATFORMS))
@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_fires_on_bad_config(platform: str, rule_id: str) -> None:
    if rule_id in NOT_BROKEN.get(platform, set()):
        pytest.skip("covered by the VRP5 configuration (same dialect)")
    result = _results(f"{platform}_bad")[rule_id]
    assert result.status == "fail", result.message
    assert result.category == "hardening" and result.severity != "info"
    assert result.evidence, "a failure shows the offending lines or what is missing"
    assert result.remediation and result.remediation.commands and result.remediation.rollback
    assert result.remediation.verify and result.remediation.notes
    assert any(ref.startswith("GB/T 22239-2019") for ref in result.references) or rule_id == "harden.banner"


@pytest.mark.parametrize("platform", list(PLATFORMS))
@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_silent_on_good_config(platform: str, rule_id: str) -> None:
    result = _results(f"{platform}_good")[rule_id]
    # a feature the good configuration leaves off (SNMP) makes the rule not applicable: skipped with the reason
    assert result.status == "pass" or (result.status == "skipped" and result.extra.get("not_applicable")), \
        (result.message, result.evidence)


@pytest.mark.parametrize("name", [f"{p}_{s}" for p in PLATFORMS for s in ("bad", "good")])
def test_no_secret_in_results(name: str) -> None:
    dumped = json.dumps([r.to_json() for r in _results(name).values()], ensure_ascii=False)
    dumped = re.sub(r"<[A-Z][A-Z0-9_]*>", "", dumped)  # placeholders such as <ENABLE_SECRET> are not secrets
    assert "SECRET" not in dumped


def test_cisco_references_carry_cis_items() -> None:
    results = _results("ios_bad")
    assert "CIS Cisco IOS 16 1.2.2" in results["harden.telnet"].references
    assert all(not ref.startswith("CIS") for ref in _results("vrp5_bad")["harden.telnet"].references)


def test_comware7_sample_verdicts() -> None:
    text = sample("h3c_comware7/display_current-configuration/netutils_V7.1.045_R2418P06.txt")
    results = {r.check: r for r in audit_config(text, "h3c_comware", RULES, {}, "en")}
    assert results["harden.telnet"].status == "fail"
    assert results["harden.telnet"].evidence == ["telnet server enable"]
    # the device has VTY lines 0-63; 5-63 are not printed, so they keep their defaults (no timeout set,
    # password authentication): all VTY lines must be covered, not only the printed ones
    assert results["harden.idle_timeout"].evidence[:3] == ["line vty 5 63 (not in the configuration: defaults)",
                                                           "line vty 0 4 > idle-timeout 60 0",
                                                           "line aux 0 1 > idle-timeout 15 0"]
    assert results["harden.aaa_login"].evidence[0] == "line vty 5 63 (not in the configuration: defaults)"
    assert results["harden.snmp_version"].status == "fail"  # v2c on, no v3 user with privacy
    for passing in ("harden.ssh", "harden.mgmt_acl", "harden.loghost", "harden.ntp_server",
                    "harden.banner", "harden.plaintext_password", "harden.default_accounts"):
        assert results[passing].status == "pass", passing


def test_comware7_sample_tree_puts_global_commands_at_root() -> None:
    text = sample("h3c_comware7/display_current-configuration/netutils_V7.1.045_R2418P06.txt")
    tree = parse_config(text, "comware7")
    root = [c.text for c in tree.children]
    assert "ssh server enable" in root and "telnet server enable" in root
    vty = next(c for c in tree.children if c.text == "line vty 0 4")
    assert "protocol inbound ssh" in [c.text for c in vty.children]
    assert any(c.text.startswith("header motd Unauthorized") or "Unauthorized" in c.text for c, _ in walk(tree))


def test_cisco_samples_verdicts() -> None:
    c9200 = {r.check: r for r in audit_config(sample("cisco_iosxe/show_running-config/oxidized_C9200L.txt"),
                                               "cisco_iosxe", RULES, {}, "en")}
    assert c9200["harden.snmp_community"].status == "fail"
    assert c9200["harden.snmp_community"].evidence == ["snmp-server community <redacted> RW 5"]
    assert c9200["harden.ssh"].status == "pass" and c9200["harden.http"].status == "pass"
    # the Oxidized file was trimmed ("! ..."): no line vty section, so no verdict on VTY rules
    assert c9200["harden.telnet"].status == "insufficient_data"
    csr = {r.check: r for r in audit_config(sample("cisco_iosxe/show_running-config/napalm_CSR1000V_15.5.txt"),
                                             "cisco_iosxe", RULES, {}, "en")}
    assert csr["harden.default_accounts"].status == "fail"
    assert csr["harden.plaintext_password"].evidence == ["enable password <redacted>",
                                                         "username cisco privilege 15 password 0 <redacted>"]
    assert csr["harden.aaa_login"].status == "pass"


def test_missing_config_is_insufficient_data_not_pass() -> None:
    results = audit_config(None, "huawei_vrp", RULES, {}, "zh")
    assert {r.status for r in results} == {"insufficient_data"}
    unknown = audit_config("foo\nbar\n", None, RULES, {}, "en")
    assert {r.status for r in unknown} == {"insufficient_data"}


def test_texts_follow_language() -> None:
    zh = _results("vrp5_bad", "zh")["harden.telnet"]
    en = _results("vrp5_bad", "en")["harden.telnet"]
    assert zh.title == "关闭 Telnet" and "Telnet" in en.title and en.message.startswith("Does not meet")
    # the advice is what to do (the baseline's expected state), the risk stays in extra.harden.risk
    assert zh.advice == "整改为：Telnet 服务关闭，VTY 只接受 SSH。"
    assert "明文" not in zh.advice and "明文" in zh.extra["harden"]["risk"]
    assert en.advice.startswith("Change the configuration to:") and "clear" in en.extra["harden"]["risk"].lower()
