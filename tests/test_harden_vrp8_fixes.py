"""The hardening plan writes VRP8 (CloudEngine / NetEngine, os huawei_vrp8) commands for a VRP8 device and the
VRP5 ones for a VRP5 device, from the same rules and templates (templates/harden/vrp.j2 branches on `f.vrp8`,
`f.netengine`).

The VRP8 spellings are the Huawei CE6800 V300R023C00 and NE40E V800R012C10 configuration guides' and command
references' (WheaterW/INTA-project, nassim-main/corpus/hw): `ipv4 source check user-bind enable`,
`port-security enable maximum N`, `storm suppression broadcast N`, `cpu-defend-policy NAME` without `global`
(NetEngine: a numbered policy applied in `slot N`), `ntp unicast-server` / `ntp trusted authentication-keyid`
(NetEngine: `ntp-service ... reliable`), `undo acl inbound`, `undo snmp-agent group v3 G privacy`, NetEngine
`user-block failed-times` and `user-password expire`, CloudEngine V300 `telnet server disable`. A step whose
VRP8 command those guides do not show keeps the VRP5 spelling and the plan says it is not confirmed.
"""

from __future__ import annotations

from collections import Counter

import pytest

from netinspect.harden.configtree import apply_script, dialect_of, parse_config, redacted_lines
from netinspect.harden.plan import build_plan
from netinspect.harden.rules import default_rules, load_rules
from netinspect.harden.suite import audit_config
from tests.test_harden_plan import _device, _fix_then_audit, _restored

RULES = default_rules(load_rules()[0])
SITE = {"mgmt_networks": ["10.10.10.0/24"], "syslog_servers": ["10.10.10.5"], "ntp_servers": ["10.10.10.6"],
        "snmpv3_user": "nmsuser", "snmpv3_group": "NMS"}

# an access switch with two user ports and a trunk uplink, none of the access features on; the same text is
# read as a CloudEngine (huawei_vrp8) and as an S-series (huawei_vrp)
SWITCH = """#
sysname SW
#
vlan batch 10
#
snmp-agent
snmp-agent sys-info version v2c
snmp-agent community read cipher %^%#Comm%^%#
#
ntp unicast-server 10.1.1.1
ntp-service unicast-server 10.1.1.1
#
interface 100GE1/0/1
 port link-type access
 port default vlan 10
#
interface 100GE1/0/2
 port link-type access
 port default vlan 10
#
interface 100GE1/0/3
 port link-type trunk
 port trunk allow-pass vlan 10
#
interface Vlanif10
 ip address 10.1.10.1 255.255.255.0
#
user-interface vty 0 4
 authentication-mode aaa
 protocol inbound ssh
#
return
"""

# a CloudEngine V300 (the CE6800 V300R023C00 guide's software): Telnet is on unless `telnet server disable`
CE_V300 = "!Software Version V300R023C00SPC500\n" + SWITCH.replace("ntp-service unicast-server 10.1.1.1\n", "") \
    .replace(" protocol inbound ssh\n", " protocol inbound all\n") \
    .replace("#\ninterface 100GE1/0/1", "#\naaa\n local-user netadmin privilege level 3\n#\n"
                                       "vlan 10\n description users\n#\ninterface 100GE1/0/1")

# a NetEngine router (software V800): NE40E spellings where they differ from CloudEngine's
NE = """!Software Version V800R012C10SPC300
#
sysname PE1
#
ntp-service unicast-server 10.1.1.1
#
aaa
 local-user netadmin privilege level 3
#
slot 1
#
interface GigabitEthernet1/0/0
 undo shutdown
 ip address 10.0.0.1 255.255.255.252
#
user-interface vty 0 4
 authentication-mode aaa
 protocol inbound all
#
return
"""


def _results(text: str, os_id: str) -> dict:
    return {r.check: r for r in audit_config(text, os_id, RULES, SITE, "en")}


def _fix(text: str, os_id: str, check: str) -> tuple[list[str], list[str], list[str]]:
    r = _results(text, os_id)[check]
    assert r.status == "fail", (check, os_id, r.status)
    return r.remediation.commands, r.remediation.rollback, r.remediation.verify


# rule: (VRP8 line in the fix, VRP5 line in the fix, VRP8 line in the rollback, VRP5 line in the rollback)
SPELLINGS = {
    "harden.ip_source_guard": (" ipv4 source check user-bind enable", " ip source check user-bind enable",
                               " undo ipv4 source check user-bind enable", " undo ip source check user-bind enable"),
    "harden.port_security": (" port-security enable maximum 5", " mac-limit maximum 5",
                             " undo port-security enable", " undo mac-limit maximum"),
    "harden.storm_control": (" storm suppression broadcast 5", " broadcast-suppression 5",
                             " undo storm suppression unknown-unicast", " undo unicast-suppression"),
    "harden.cpu_protection": ("cpu-defend-policy NETINSPECT-CPU", "cpu-defend-policy NETINSPECT-CPU global",
                              "undo cpu-defend-policy NETINSPECT-CPU", "undo cpu-defend-policy NETINSPECT-CPU global"),
    "harden.ntp_auth": ("ntp trusted authentication-keyid 1", "ntp-service reliable authentication-keyid 1",
                        "undo ntp authentication enable", "undo ntp-service authentication enable"),
    "harden.snmp_version": ("snmp-agent usm-user v3 nmsuser NMS authentication-mode sha2-256 <SNMP_AUTH_KEY> "
                            "privacy-mode aes128 <SNMP_PRIV_KEY>",
                            "snmp-agent usm-user v3 nmsuser authentication-mode sha cipher <SNMP_AUTH_KEY>",
                            "undo snmp-agent group v3 NMS privacy", "undo snmp-agent group v3 NMS"),
    "harden.mgmt_acl": ("acl number 2001", "acl number 2001", " undo acl inbound", " undo acl 2001 inbound"),
    "harden.password_policy": ("  password expire 90", "  password expire 90",
                               "  undo password expire", " undo local-aaa-user password policy administrator"),
}


@pytest.mark.parametrize("check", list(SPELLINGS))
def test_vrp8_plan_writes_the_vrp8_spelling_and_vrp5_keeps_its_own(check: str) -> None:
    vrp8_fix, vrp5_fix, vrp8_rollback, vrp5_rollback = SPELLINGS[check]
    text = SWITCH if check != "harden.ntp_auth" else SWITCH.replace("ntp-service unicast-server 10.1.1.1\n", "")
    fix8, rollback8, _ = _fix(text, "huawei_vrp8", check)
    assert vrp8_fix in fix8 and vrp8_rollback in rollback8
    text5 = SWITCH if check != "harden.ntp_auth" else SWITCH.replace("ntp unicast-server 10.1.1.1\n", "")
    fix5, rollback5, _ = _fix(text5, "huawei_vrp", check)
    assert vrp5_fix in fix5 and vrp5_rollback in rollback5
    if vrp8_fix != vrp5_fix:
        assert vrp5_fix not in fix8 and vrp8_fix not in fix5


def test_ntp_server_follows_the_device_spelling() -> None:
    bare = SWITCH.replace("ntp unicast-server 10.1.1.1\nntp-service unicast-server 10.1.1.1\n", "")
    assert _fix(bare, "huawei_vrp8", "harden.ntp_server") == (
        ["ntp unicast-server 10.10.10.6"], ["undo ntp unicast-server 10.10.10.6"], ["display ntp status"])
    assert _fix(bare, "huawei_vrp", "harden.ntp_server") == (
        ["ntp-service unicast-server 10.10.10.6"], ["undo ntp-service unicast-server 10.10.10.6"],
        ["display ntp-service status"])
    # a VRP8 device already printing `ntp-service` (NetEngine) keeps it
    ne = NE.replace("ntp-service unicast-server 10.1.1.1\n", "")
    assert _fix(ne, "huawei_vrp8", "harden.ntp_server")[0] == ["ntp-service unicast-server 10.10.10.6"]


def test_ntp_auth_on_a_netengine_keeps_ntp_service_and_reliable() -> None:
    fix, rollback, verify = _fix(NE, "huawei_vrp8", "harden.ntp_auth")
    assert "ntp-service reliable authentication-keyid 1" in fix
    assert "ntp-service unicast-server 10.1.1.1 authentication-keyid 1" in fix
    assert rollback[0] == "ntp-service unicast-server 10.1.1.1" and verify == ["display ntp-service status"]


def test_verify_commands_use_the_vrp8_display_commands() -> None:
    assert _fix(SWITCH, "huawei_vrp8", "harden.port_security")[2] == ["display port-security"]
    assert _fix(SWITCH, "huawei_vrp", "harden.port_security")[2] == ["display mac-limit"]
    assert _fix(SWITCH, "huawei_vrp8", "harden.storm_control")[2] == [
        "display storm suppression broadcast interface 100GE1/0/1"]
    assert _fix(SWITCH, "huawei_vrp", "harden.storm_control")[2] == ["display flow-suppression interface 100GE1/0/1"]
    assert _fix(SWITCH, "huawei_vrp8", "harden.password_policy")[2] == [
        "display local-aaa-user password policy administrator"]
    ftp = SWITCH.replace("#\nreturn", "ftp server enable\n#\nreturn")
    assert _fix(ftp, "huawei_vrp8", "harden.ftp") == (["undo ftp server enable"], ["ftp server enable"],
                                                        ["display ftp server"])
    assert _fix(ftp, "huawei_vrp", "harden.ftp")[2] == ["display ftp-server"]


def test_proxy_arp_is_undone_in_the_spelling_the_device_printed() -> None:
    text = SWITCH.replace(" ip address 10.1.10.1 255.255.255.0\n",
                          " ip address 10.1.10.1 255.255.255.0\n arp proxy inter-vlan enable\n")
    fix, rollback, verify = _fix(text, "huawei_vrp8", "harden.proxy_arp")
    assert fix == ["interface Vlanif10", " undo arp proxy inter-vlan enable", "quit"]
    assert rollback == ["interface Vlanif10", " arp proxy inter-vlan enable", "quit"]
    assert verify == ["display current-configuration | include proxy"]


def test_telnet_off_on_cloudengine_v300_and_netengine() -> None:
    fix, rollback, _ = _fix(CE_V300, "huawei_vrp8", "harden.telnet")
    assert fix[-1] == "telnet server disable" and rollback[0] == "undo telnet server disable"
    fix, rollback, _ = _fix(NE, "huawei_vrp8", "harden.telnet")
    assert fix[-1] == "undo telnet server enable" and rollback[0] == "telnet server enable"
    # a device that printed `telnet server enable` (VRP5, CloudEngine V200) turns it off with its undo form
    v200 = CE_V300.replace("V300R023C00SPC500", "V200R005C10SPC607").replace("#\nreturn",
                                                                           "telnet server enable\n#\nreturn")
    assert _fix(v200, "huawei_vrp8", "harden.telnet")[0][-1] == "undo telnet server enable"
    already = CE_V300.replace("#\nreturn", "telnet server disable\n#\nreturn")
    assert "telnet server disable" not in _fix(already, "huawei_vrp8", "harden.telnet")[0]


def test_netengine_lockout_password_policy_and_cpu_defend() -> None:
    fix, rollback, verify = _fix(NE, "huawei_vrp8", "harden.login_lockout")
    assert fix == ["aaa", " user-block failed-times 5 period 5", " user-block reactive 15", "quit"]
    assert rollback == ["aaa", " undo user-block failed-times", " undo user-block reactive", "quit"]
    assert verify == ["display current-configuration configuration aaa | include user-block"]
    fix, rollback, _ = _fix(NE, "huawei_vrp8", "harden.password_policy")
    assert fix == ["aaa", " user-password expire 90 prompt 7", " user-password history-password-check 5", "quit"]
    fix, rollback, verify = _fix(NE, "huawei_vrp8", "harden.cpu_protection")
    assert fix == ["cpu-defend policy 1", "quit", "slot 1", " cpu-defend-policy 1", "quit"]
    assert rollback == ["slot 1", " undo cpu-defend-policy", "quit", "undo cpu-defend policy 1"]
    assert verify == ["display cpu-defend policy 1"]


def test_the_checks_accept_the_vrp8_spellings() -> None:
    aaa = (" user-block failed-times 3 period 1\n user-password expire 90 prompt 7\n"
           " user-password history-password-check 5\n")
    done = _results(NE.replace(" local-user netadmin privilege level 3\n", aaa), "huawei_vrp8")
    assert done["harden.login_lockout"].status == "pass"
    assert done["harden.password_policy"].status == "pass"
    ssh = _results(SWITCH.replace("#\nreturn", "stelnet ipv4 server enable\n#\nreturn"), "huawei_vrp8")
    assert ssh["harden.ssh"].status == "pass"
    assert ssh["harden.ssh_crypto"].status == "fail"  # SSH counts as on: its algorithms are judged
    storm = SWITCH.replace(" port default vlan 10\n", " port default vlan 10\n storm suppression broadcast 5\n")
    assert _results(storm, "huawei_vrp8")["harden.storm_control"].status == "pass"


@pytest.mark.parametrize("check", ["harden.icmp_redirects", "harden.loop_detection", "harden.http"])
def test_a_step_the_vrp8_guides_do_not_show_is_marked_unconfirmed(check: str) -> None:
    text = SWITCH.replace("#\nreturn", "http server enable\n#\nreturn")
    for os_id, marked in (("huawei_vrp8", True), ("huawei_vrp", False)):
        dev = _device(text, os_id, SITE)
        result = next(r for r in dev.results if r.check == check)
        assert result.status == "fail"
        assert bool(result.extra["harden"].get("unconfirmed")) is marked
        plan = build_plan(dev, "en")
        step = plan.fix_script.index(next(line for line in plan.fix_script if f"[{check}]" in line))
        note = [line for line in plan.fix_script[step:step + 4] if "not show this step's command" in line]
        assert bool(note) is marked


# (NetEngine Telnet is on unless `undo telnet server enable` is printed: its rollback `telnet server enable`
# is a line the simulated tree keeps, so the round trip reads a NetEngine whose VTY allows SSH only)
@pytest.mark.parametrize("text", [CE_V300, NE.replace("inbound all", "inbound ssh")],
                         ids=["cloudengine_v300", "netengine"])
def test_vrp8_fix_clears_the_failures_and_rollback_restores_the_tree(text: str) -> None:
    dev, still = _fix_then_audit(text, "huawei_vrp8")
    assert still == []
    dev.results = [r for r in dev.results if r.status != "fail" or r.extra["harden"]["concrete"]]
    plan = build_plan(dev, "en")
    dialect = dialect_of("huawei_vrp8", text)
    tree = apply_script(parse_config(text, dialect), plan.fix_script, dialect)
    apply_script(tree, plan.rollback_script, dialect)
    assert Counter(_restored(tree, dialect)) == Counter(redacted_lines(parse_config(text, dialect), dialect))


def test_dhcp_snooping_trusts_the_uplink_before_enabling_on_vrp8_too() -> None:
    fix, rollback, _ = _fix(SWITCH, "huawei_vrp8", "harden.dhcp_snooping")
    assert fix.index(" dhcp snooping trusted") < fix.index("dhcp snooping enable")
    assert rollback.index("undo dhcp snooping enable") < rollback.index(" undo dhcp snooping trusted")
    assert rollback[-1] == "undo dhcp enable"  # the fix turned DHCP on: its rollback turns it off again
    assert _fix(SWITCH, "huawei_vrp", "harden.dhcp_snooping")[1][-1] == "undo dhcp enable"  # VRP5 alike
    on = SWITCH.replace("#\ninterface 100GE1/0/1", "#\ndhcp enable\n#\ninterface 100GE1/0/1")
    for os_id in ("huawei_vrp8", "huawei_vrp"):  # DHCP was on before: the rollback leaves it on
        assert "undo dhcp enable" not in _fix(on, os_id, "harden.dhcp_snooping")[1], os_id


def test_a_netengine_is_known_by_its_model_when_its_configuration_does_not_say_v800() -> None:
    unnamed = NE.replace("!Software Version V800R012C10SPC300\n", "")

    def lockout(model: str | None) -> list[str]:
        results = {r.check: r for r in audit_config(unnamed, "huawei_vrp8", RULES, SITE, "en", model=model)}
        return results["harden.login_lockout"].remediation.commands

    assert " user-block failed-times 5 period 5" not in lockout(None)  # no sign of a NetEngine: CloudEngine's
    assert " user-block failed-times 5 period 5" in lockout("NE40E-X8A")  # `display version` named the router
    assert " user-block failed-times 5 period 5" not in lockout("CE6850-48S6Q-HI")
