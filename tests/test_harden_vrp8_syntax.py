"""VRP rules read the CloudEngine / NetEngine (VRP8) spelling of the access and control-plane features.

Found with the Huawei CE6800 V300R023C00 and NE40E V800R012C10 configuration-guide examples of the corpus
(tests/configs_corpus/vrp/hwdoc_*): ports that print only `port default vlan N` (the CE default link type is
access), `ipv4 source check user-bind enable`, `dhcp snooping trusted interface X` in the VLAN view,
`port-security enable maximum N`, `arp proxy enable`, and the CPU defence policy applied per board in `slot N`.
"""

from __future__ import annotations

import pytest

from netinspect.harden.rules import default_rules, load_rules
from netinspect.harden.suite import audit_config

RULES = default_rules(load_rules()[0])

# a CE access switch: two user ports with only their VLAN printed, a trunk uplink
ACCESS = """#
sysname CE
#
vlan batch 10
#
dhcp enable
#
dhcp snooping enable
#
vlan 10
 dhcp snooping enable
 dhcp snooping trusted interface 100GE1/0/3
 ipv4 source check user-bind enable
#
interface 100GE1/0/1
 port default vlan 10
 port-security enable maximum 1
#
interface 100GE 1/0/2
 port default vlan 10
 port-security enable maximum 1
#
interface 100GE1/0/3
 port link-type trunk
 port trunk allow-pass vlan 10
#
return
"""


def _status(text: str, os_id: str = "huawei_vrp8") -> dict[str, str]:
    return {r.check: r.status for r in audit_config(text, os_id, RULES, {}, "en")}


def test_ce_ports_with_only_a_default_vlan_are_access_ports_and_their_features_count() -> None:
    got = _status(ACCESS)
    assert got["harden.dhcp_snooping"] == "pass"
    assert got["harden.ip_source_guard"] == "pass"
    assert got["harden.port_security"] == "pass"
    assert got["harden.storm_control"] == "fail"  # the rules do apply: the switch has access ports
    # one user port without the limit fails the rule (`interface 100GE 1/0/2`, written with a space)
    assert _status(ACCESS.replace("port default vlan 10\n port-security enable maximum 1\n#\ninterface 100GE1/0/3",
                                  "port default vlan 10\n#\ninterface 100GE1/0/3"))["harden.port_security"] == "fail"


def test_qinq_tunnel_ports_are_not_user_access_ports() -> None:
    tunnel = "#\nsysname CE\n#\ninterface 100GE1/0/1\n port link-type dot1q-tunnel\n port default vlan 100\n#\nreturn\n"
    got = {r.check: r for r in audit_config(tunnel, "huawei_vrp8", RULES, {}, "en")}
    assert got["harden.dhcp_snooping"].status == "skipped"
    assert got["harden.dhcp_snooping"].extra["roles"] == []  # not applicable: no access role shown


def test_snooping_without_a_trusted_interface_still_fails() -> None:
    untrusted = ACCESS.replace(" dhcp snooping trusted interface 100GE1/0/3\n", "")
    assert _status(untrusted)["harden.dhcp_snooping"] == "fail"


@pytest.mark.parametrize("line", ["arp proxy enable", "arp proxy inter-vlan enable", "arp-proxy enable"])
def test_proxy_arp_in_either_spelling_fails(line: str) -> None:
    text = ("#\nsysname R\n#\ninterface 100GE1/0/1\n undo portswitch\n ip address 10.1.1.1 255.255.255.0\n"
            f" {line}\n#\nreturn\n")
    assert _status(text)["harden.proxy_arp"] == "fail"


def test_cpu_defend_policy_applied_in_slot_view_passes() -> None:
    policy = "#\nsysname NE\n#\ncpu-defend policy 6\n car total-packet high\n#\n"
    applied = policy + "slot 1\n cpu-defend-policy 6\n#\nreturn\n"
    assert _status(applied, "huawei_vrp")["harden.cpu_protection"] == "pass"
    assert _status(policy + "return\n", "huawei_vrp")["harden.cpu_protection"] == "fail"  # defined, not applied
