"""Hardening rules on the variants real configurations use: inheritance, defaults and all user lines.

Each test is named after the variant of issue 8 it covers. The configurations are small, written from the
vendors' documentation (H3C/HPE fundamentals guide for line classes, Huawei VRP basic configuration guide
for maximum-vty); the real configurations with the same variants are in tests/configs_corpus/.
"""

from __future__ import annotations

from pathlib import Path

from netinspect.harden.configtree import parse_config, walk
from netinspect.harden.rules import load_rules
from netinspect.harden.suite import audit_config

RULES, _ = load_rules()
CORPUS = Path(__file__).parent / "configs_corpus"

# A hardened Comware 7 switch that sets idle timeout and scheme authentication once, in the line classes,
# and prints no `line con 0`: its lines take the class settings.
CMW7_CLASSES = """\
#
 version 7.1.070, Release 6635P07
#
 sysname CMW7-CLASSES
#
line class console
 authentication-mode scheme
 user-role network-admin
 idle-timeout 5 0
#
line class vty
 authentication-mode scheme
 user-role network-operator
 idle-timeout 5 0
#
line vty 0 63
 user-role network-operator
#
return
"""


def _status(text: str, os_id: str, rule: str) -> str:
    return {r.check: r for r in audit_config(text, os_id, RULES, {}, "en")}[rule].status


def _result(text: str, os_id: str, rule: str):  # noqa: ANN202 - a CheckResult
    return {r.check: r for r in audit_config(text, os_id, RULES, {}, "en")}[rule]


def test_comware7_line_class_settings_are_inherited_without_line_con_0() -> None:
    assert _status(CMW7_CLASSES, "h3c_comware", "harden.aaa_login") == "pass"
    assert _status(CMW7_CLASSES, "h3c_comware", "harden.idle_timeout") == "pass"


def test_comware7_line_class_without_settings_leaves_the_console_at_its_defaults() -> None:
    text = CMW7_CLASSES.replace(" authentication-mode scheme\n user-role network-admin\n idle-timeout 5 0\n",
                                " user-role network-admin\n")
    result = _result(text, "h3c_comware", "harden.aaa_login")
    assert result.status == "fail"
    assert "line con 0 (not in the configuration: defaults)" in result.evidence


def test_comware7_line_setting_overrides_the_class() -> None:
    text = CMW7_CLASSES.replace("line vty 0 63\n user-role network-operator\n",
                                "line vty 0 63\n user-role network-operator\n idle-timeout 0 0\n")
    result = _result(text, "h3c_comware", "harden.idle_timeout")
    assert result.status == "fail"
    assert result.evidence[0] == "line vty 0 63 > idle-timeout 0 0"


def test_comware7_vty_protocol_inbound_in_line_keeps_authentication_mode_at_default() -> None:
    # HPE/H3C: in VTY line view authentication-mode goes with protocol inbound; setting one there leaves
    # the other at its default (password), whatever the class says
    text = CMW7_CLASSES.replace("line vty 0 63\n user-role network-operator\n",
                                "line vty 0 63\n user-role network-operator\n protocol inbound ssh\n")
    assert _status(text, "h3c_comware", "harden.aaa_login") == "fail"


def test_comware7_line_vty_0_4_leaves_vty_5_63_at_defaults() -> None:
    text = CMW7_CLASSES.replace("line class vty\n authentication-mode scheme\n", "line class vty\n").replace(
        "line vty 0 63\n user-role network-operator\n",
        "line vty 0 4\n authentication-mode scheme\n user-role network-operator\n")
    result = _result(text, "h3c_comware", "harden.aaa_login")
    assert result.status == "fail"
    assert result.evidence[0] == "line vty 5 63 (not in the configuration: defaults)"


def test_comware7_line_vty_0_4_and_5_63_both_checked() -> None:
    text = CMW7_CLASSES.replace("line class vty\n authentication-mode scheme\n", "line class vty\n").replace(
        "line vty 0 63\n user-role network-operator\n",
        "line vty 0 4\n authentication-mode scheme\n#\nline vty 5 63\n authentication-mode scheme\n")
    assert _status(text, "h3c_comware", "harden.aaa_login") == "pass"
    half = text.replace("line vty 5 63\n authentication-mode scheme\n", "line vty 5 63\n user-role network-operator\n")
    assert _result(half, "h3c_comware", "harden.aaa_login").evidence[0] == "line vty 5 63"


IOS_LINES = """\
version 15.2
hostname R1
aaa new-model
aaa authentication login default local
line con 0
 exec-timeout 5 0
line vty 0 4
 access-class MGMT in
 exec-timeout 5 0
 transport input ssh
line vty 5 15
 access-class MGMT in
 exec-timeout 5 0
 transport input ssh
end
"""


def test_ios_line_vty_0_4_and_5_15_both_checked() -> None:
    assert _status(IOS_LINES, "cisco_ios", "harden.telnet") == "pass"
    assert _status(IOS_LINES, "cisco_ios", "harden.mgmt_acl") == "pass"
    open_rest = IOS_LINES.replace("line vty 5 15\n access-class MGMT in\n exec-timeout 5 0\n transport input ssh\n",
                                  "line vty 5 15\n exec-timeout 5 0\n transport input telnet ssh\n")
    assert _result(open_rest, "cisco_ios", "harden.telnet").evidence[0] == "line vty 5 15"
    assert _status(open_rest, "cisco_ios", "harden.mgmt_acl") == "fail"


VRP_MAX_VTY = """\
!Software Version V200R019C10SPC500
#
sysname S5735
#
aaa
 local-user netadmin password irreversible-cipher $1a$abcdefgh$
#
user-interface maximum-vty 15
#
user-interface con 0
 authentication-mode aaa
 idle-timeout 5 0
#
user-interface vty 0 4
 authentication-mode aaa
 idle-timeout 5 0
 protocol inbound ssh
#
return
"""


def test_vrp_user_interface_maximum_vty_lines_must_be_covered() -> None:
    result = _result(VRP_MAX_VTY, "huawei_vrp", "harden.aaa_login")
    assert result.status == "fail"
    assert result.evidence[0] == "user-interface vty 5 14 (not in the configuration: defaults)"
    covered = VRP_MAX_VTY.replace("#\nreturn", "#\nuser-interface vty 5 14\n authentication-mode aaa\n"
                                               " idle-timeout 5 0\n protocol inbound ssh\n#\nreturn")
    assert _status(covered, "huawei_vrp", "harden.aaa_login") == "pass"
    assert _status(covered, "huawei_vrp", "harden.idle_timeout") == "pass"


def test_vrp_default_five_vty_lines_need_no_maximum_vty() -> None:
    text = VRP_MAX_VTY.replace("user-interface maximum-vty 15\n#\n", "")
    assert _status(text, "huawei_vrp", "harden.aaa_login") == "pass"


def test_vrp8_user_interface_maximum_vty_lines_must_be_covered() -> None:
    text = VRP_MAX_VTY.replace("!Software Version V200R019C10SPC500", "!Software Version V800R021C10SPC600").replace(
        "user-interface maximum-vty 15", "user-interface maximum-vty 21")
    result = _result(text, "huawei_vrp8", "harden.idle_timeout")
    assert result.status == "fail"
    assert result.evidence[0] == "user-interface vty 5 20 (not in the configuration: defaults)"


def test_c9800_type0_secrets_in_ap_and_wlan_profiles_fail_plaintext_password() -> None:
    text = (CORPUS / "ios" / "oxidized_c9800-l_17.06.05.cfg").read_text(encoding="utf-8")
    result = _result(text, "cisco_iosxe", "harden.plaintext_password")
    assert result.status == "fail"
    evidence = "\n".join(result.evidence)
    for where in ("wlan test 1 test > security wpa psk set-key ascii 0", "ap profile default-ap-profile > dot1x",
                  "ap profile default-ap-profile > mgmtuser username apmgmtuser password 0"):
        assert where in evidence
    for secret in ("WLANSECR3T", "DOT1XPASSW0RD", "MGMTPASSW0RD", "MGMTSECR3T", "7df35f90c92e"):
        assert secret not in evidence  # evidence is redacted
    assert "password encryption aes" in result.remediation.commands


def test_ios_type0_username_password_counted_once() -> None:
    text = "hostname R1\nusername ops privilege 15 password 0 Opsp4ss\nservice password-encryption\nline vty 0 4\nend\n"
    result = _result(text, "cisco_ios", "harden.plaintext_password")
    assert result.status == "fail"
    assert len([e for e in result.evidence if "username ops" in e]) == 1
    assert "password encryption aes" not in result.remediation.commands


VRP_BASE = """\
!Software Version V200R021C00SPC600
#
sysname S6730
#
aaa
 local-aaa-user password policy administrator
  password history record number 5
  password expire 90
 local-user netadmin password irreversible-cipher $1c$abcdefgh$
#
info-center loghost 10.1.1.5
ntp-service unicast-server 10.1.1.6
#
user-interface con 0
 authentication-mode aaa
#
user-interface vty 0 4
 authentication-mode aaa
#
return
"""


def test_vrp_password_expire_0_and_history_0_turn_the_policy_off() -> None:
    assert _status(VRP_BASE, "huawei_vrp", "harden.password_policy") == "pass"
    off = VRP_BASE.replace("record number 5", "record number 0").replace("expire 90", "expire 0")
    assert _status(off, "huawei_vrp", "harden.password_policy") == "fail"


def test_vrp8_ntp_unicast_server_and_peer_syntax() -> None:
    no_ntp = VRP_BASE.replace("ntp-service unicast-server 10.1.1.6\n", "")
    assert _status(no_ntp, "huawei_vrp", "harden.ntp_server") == "fail"
    for line in ("ntp unicast-server 10.1.1.6", "ntp-service unicast-peer 10.1.1.6", "ntp unicast-peer 10.1.1.6"):
        assert _status(VRP_BASE.replace("ntp-service unicast-server 10.1.1.6", line), "huawei_vrp",
                       "harden.ntp_server") == "pass", line


def test_loghost_source_interface_or_loopback_is_not_a_remote_server() -> None:
    assert _status(VRP_BASE, "huawei_vrp", "harden.loghost") == "pass"
    for line in ("info-center loghost source LoopBack0", "info-center loghost 127.0.0.1 port 3301"):
        text = VRP_BASE.replace("info-center loghost 10.1.1.5", line)
        assert _status(text, "huawei_vrp", "harden.loghost") == "fail", line
    ios = "hostname R1\nlogging host 127.0.0.1\nline vty 0 4\nend\n"
    assert _status(ios, "cisco_ios", "harden.loghost") == "fail"
    assert _status(ios.replace("127.0.0.1", "10.1.1.5"), "cisco_ios", "harden.loghost") == "pass"


def test_vrp_security_key_simple_is_a_plaintext_secret() -> None:
    assert _status(VRP_BASE, "huawei_vrp", "harden.plaintext_password") == "pass"
    text = VRP_BASE.replace("#\nreturn", "#\ne-trunk 2\n security-key simple 00E0FC0000000000\n#\nreturn")
    result = _result(text, "huawei_vrp", "harden.plaintext_password")
    assert result.status == "fail"
    assert result.evidence[0] == "e-trunk 2 > security-key simple <redacted>"
    assert any("security-key cipher <SHARED_KEY>" in c for c in result.remediation.commands)


def test_snmp_community_stored_as_cipher_cannot_be_judged() -> None:
    text = VRP_BASE.replace("#\nreturn", "#\nsnmp-agent community read cipher %^%#abcdef%^%#\n#\nreturn")
    result = _result(text, "huawei_vrp", "harden.snmp_community")
    assert result.status == "insufficient_data"
    assert "encrypted" in result.message
    weak = text.replace("read cipher %^%#abcdef%^%#", "write private")
    assert _status(weak, "huawei_vrp", "harden.snmp_community") == "fail"  # a write community fails anyway


def test_ios_login_method_list_starting_with_none_or_line_fails_aaa_login() -> None:
    text = IOS_LINES.replace("aaa authentication login default local\n",
                             "aaa authentication login default local\naaa authentication login noacs line none\n")
    result = _result(text, "cisco_ios", "harden.aaa_login")
    assert result.status == "fail"
    assert result.evidence == ["aaa authentication login noacs line none"] or \
        result.evidence[0] == "aaa authentication login noacs line none"
    assert "aaa authentication login noacs local" in result.remediation.commands
    assert _status(IOS_LINES, "cisco_ios", "harden.aaa_login") == "pass"


def test_duplicate_lines_and_sections_do_not_cost_the_configuration() -> None:
    text = VRP_BASE.replace("#\nreturn", "#\ninterface MEth0/0/0\n ip address 10.0.0.15 24\n#\n"
                                         "interface MEth0/0/0\n ip address 10.0.0.15 24\n#\n"
                                         "dns server 10.1.1.1\ndns server 10.1.1.1\n#\nreturn")
    results = audit_config(text, "huawei_vrp", RULES, {}, "en")
    # skipped without a reason of not applicable: rules with no VRP check (ip_source_route is judged on IOS only)
    assert {r.status for r in results} <= {"pass", "fail", "insufficient_data", "skipped"}
    assert {r.check for r in results if r.status == "skipped" and not r.extra.get("not_applicable")} == \
        {"harden.ip_source_route"}
    assert {r.check: r.status for r in results}["harden.aaa_login"] == "pass"


def test_lines_differing_only_in_inner_spaces_are_one_line() -> None:
    """hier_config compares lines with inner spaces collapsed; a line repeated with two spaces (typed by hand,
    or a description padded by a script) is the same line, not a DuplicateChildError costing the audit."""
    text = VRP_BASE.replace("#\nreturn", "#\ninterface MEth0/0/0\n description to  oob\n description to oob\n"
                                         " ip address 10.0.0.15 24\n ip address  10.0.0.15 24\n#\n"
                                         "dns server 10.1.1.1\ndns  server 10.1.1.1\n#\nreturn")
    results = audit_config(text, "huawei_vrp", RULES, {}, "en")
    assert {r.status for r in results} <= {"pass", "fail", "insufficient_data", "not_applicable", "skipped"}
    assert {r.check: r.status for r in results}["harden.aaa_login"] == "pass"
    lines = [c.text for c, _ in walk(parse_config(text, "vrp"))]
    assert lines.count("description to oob") + lines.count("description to  oob") == 1
    assert lines.count("dns server 10.1.1.1") == 1


def test_vrp8_console_defaults_to_aaa_older_vrp5_does_not() -> None:
    vrp8 = VRP_BASE.replace("!Software Version V200R021C00SPC600", "!Software Version V800R021C10SPC600").replace(
        "user-interface con 0\n authentication-mode aaa\n", "user-interface con 0\n")
    assert _status(vrp8, "huawei_vrp8", "harden.aaa_login") == "pass"
    assert _status(vrp8.replace("user-interface con 0\n", "user-interface con 0\n authentication-mode password\n"),
                   "huawei_vrp8", "harden.aaa_login") == "fail"
    vrp5 = vrp8.replace("V800R021C10SPC600", "V200R010C00SPC600")
    result = _result(vrp5, "huawei_vrp", "harden.aaa_login")
    assert result.status == "fail" and result.evidence[0] == "user-interface con 0"


def _ensp(name: str) -> str:
    return (CORPUS / "vrp" / f"{name}.cfg").read_text(encoding="utf-8")


def test_vrp5_ensp_v200r003_telnet_and_http_servers_on_by_default() -> None:
    # eNSP AR V200R003 saved configuration: neither `telnet server enable` nor `undo telnet server enable`
    text = _ensp("ensp_ar_lab42_local_aaa_r2")
    for rule, line in (("harden.telnet", "telnet server enable"), ("harden.http", "http server enable")):
        result = _result(text, "huawei_vrp", rule)
        assert result.status == "fail" and result.evidence == [f"{line} (not in the configuration: defaults)"]
        # turned off: VRP5 prints `undo X`
        assert _status(text.replace("sysname R2\n", f"sysname R2\n#\nundo {line}\n"), "huawei_vrp", rule) == "pass"
    # the `[V200R003C00]` header of an AR export names the software: the same defaults
    assert _status(_ensp("ensp_ar_mpls_php_routerb"), "huawei_vrp", "harden.telnet") == "fail"


def test_vrp5_v200r011_and_later_and_vrp8_have_telnet_and_http_off_by_default() -> None:
    text = "!Software Version V200R021C00SPC100\n" + _ensp("ensp_ar_lab42_local_aaa_r2")
    assert _status(text, "huawei_vrp", "harden.telnet") == "pass"
    assert _status(text, "huawei_vrp", "harden.http") == "pass"
    assert _status(text.replace("sysname R2\n", "sysname R2\n#\ntelnet server enable\n"), "huawei_vrp",
                   "harden.telnet") == "fail"
    vrp8 = "!Software Version V800R011C00SPC607B607\n" + _ensp("ensp_ar_lab1_static_r1")
    assert _status(vrp8, "huawei_vrp8", "harden.http") == "pass"


def test_vrp5_default_telnet_fix_turns_the_server_off() -> None:
    from netinspect.harden.configtree import apply_script, parse_config
    from netinspect.harden.engine import evaluate
    from netinspect.harden.fixes import render_fix

    rule = next(r for r in RULES if r.id == "harden.telnet")
    tree = parse_config(_ensp("ensp_s5700_lab33_lacp_s1"), "vrp")
    finding = evaluate(rule, "vrp", tree)
    fix = render_fix(rule, "vrp", finding, tree, None)
    assert "undo telnet server enable" in fix.commands
    assert evaluate(rule, "vrp", apply_script(tree, fix.commands, "vrp")).status == "pass"


def test_vrp_ar_ftp_server_enable_in_capitals_fails_ftp() -> None:
    # AR routers print `FTP server enable` (eNSP lab 5.1)
    result = _result(_ensp("ensp_ar_lab51_ftp_server_r2"), "huawei_vrp", "harden.ftp")
    assert result.status == "fail" and result.evidence == ["FTP server enable"]
    from netinspect.harden.configtree import apply_script, parse_config
    from netinspect.harden.engine import evaluate
    from netinspect.harden.fixes import render_fix

    rule = next(r for r in RULES if r.id == "harden.ftp")
    tree = parse_config(_ensp("ensp_ar_lab51_ftp_server_r2"), "vrp")
    fix = render_fix(rule, "vrp", evaluate(rule, "vrp", tree), tree, None)
    assert fix.commands == ["undo FTP server enable"] and fix.rollback == ["FTP server enable"]
    assert evaluate(rule, "vrp", apply_script(tree, fix.commands, "vrp")).status == "pass"
