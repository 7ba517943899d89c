"""Issue 17 item 4: signature database age (health.signatures) and the security policy
(health.security_policy) on Huawei USG and H3C SecPath.

No public capture of these signature commands was found (see tests/corpus/README.md, closing note of
issue 17): the USG outputs are the demo firewall's (netinspect/lab/fleet/huawei_usg6555e.log, written in
the layout of the USG command reference), the Comware ones are written here in the layout the reader
expects. The tests pin what the readers take from those layouts and how the checks judge it."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from netinspect.checks.context import AnalysisContext
from netinspect.checks.health_suite import run
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.core.results import DeviceResult
from netinspect.normalize import firewall, normalize
from netinspect.normalize.firewall import parse_day, security_rules_from_config
from tests.adversarial import adversarial_lines

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"
USG_LOG = (FLEET / "huawei_usg6555e.log").read_text(encoding="utf-8")
TODAY = date(2024, 6, 12)  # the demo firewall's own clock (display cpu-usage / memory-usage stamps)


def usg_output(command: str) -> str:
    """One command's output in the demo USG session log (from its prompt line to the next prompt)."""
    m = re.search(rf"^HRP_M<FW-01>{re.escape(command)}\n(.*?)(?=^HRP_M<FW-01>)", USG_LOG, re.S | re.M)
    assert m, command
    return m.group(1)


def judged(os_id: str, outputs: dict[str, str], today: date = TODAY, lang: str = "en") -> DeviceResult:
    raw = RawDevice(name="fw", os=os_id, role="firewall")
    for command, text in outputs.items():
        raw.add(CommandOutput(command, text, status="ok"))
    device, outcomes = normalize(raw)
    d = DeviceResult(raw=raw, device=device, commands=outcomes)
    run([d], AnalysisContext(lang=lang, user_config={}, options={"today": today}))
    return d


def result(d: DeviceResult, check: str):
    return next(r for r in d.results if r.check == check)


COMWARE_IPS = """\
IPS signature library information:
Type       SigVersion         ReleaseTime                 Size
Current    1.0.112            Tue May 28 09:12:40 2024    22409216
Last       1.0.108            Tue May 14 10:03:11 2024    22377472
Factory    1.0.0              Fri Jan 11 11:39:02 2019    20971520
"""

COMWARE_AV = """\
Anti-virus signature library information:
Type       SigVersion         ReleaseTime                 Size
Current    1.0.33             -                           9437184
Factory    1.0.0              Fri Jan 11 11:39:02 2019    8388608
"""


# --- readers, one per command ------------------------------------------------------------------------

@pytest.mark.parametrize(("command", "kind", "version", "released", "updated"), [
    ("display version ips-sdb", "ips", "2023112002", date(2023, 11, 20), date(2023, 11, 21)),
    ("display version av-sdb", "av", "2024060902", date(2024, 6, 9), date(2024, 6, 10)),
    ("display version sa-sdb", "app", "2024060501", date(2024, 6, 5), date(2024, 6, 6)),
])
def test_usg_signature_versions_read_from_the_current_block(command, kind, version, released, updated) -> None:
    d = judged("huawei_vrp", {command: usg_output(command)})
    assert d.commands[command].status == "ok"
    [db] = d.device.signatures
    assert (db.kind, db.version, db.released, db.updated) == (kind, version, released, updated)
    assert d.device.sources[f"signatures.{kind}"] == command


def test_usg_engine_list_and_backup_block_are_not_read_as_the_database() -> None:
    text = usg_output("display version ips-sdb")
    assert "IPS Engine Information List" in text and "Backup Version" in text
    blocks = firewall.vrp_signature_blocks(text)
    assert len(blocks) == 1 and blocks[0]["version"] == "2023112002"


def test_comware_signature_libraries_read_from_the_current_row() -> None:
    d = judged("h3c_comware", {"display ips signature library": COMWARE_IPS,
                               "display anti-virus signature library": COMWARE_AV})
    by_kind = {db.kind: db for db in d.device.signatures}
    assert (by_kind["ips"].version, by_kind["ips"].released) == ("1.0.112", date(2024, 5, 28))
    assert (by_kind["av"].version, by_kind["av"].released) == ("1.0.33", None)


def test_an_output_without_a_version_block_is_a_parse_error_not_a_pass() -> None:
    d = judged("huawei_vrp", {"display version ips-sdb": "Info: The signature database is being updated.\n"})
    assert d.commands["display version ips-sdb"].status == "parse_error"
    assert d.device.signatures is None
    assert result(d, "health.signatures").status == "insufficient_data"


def test_dates_in_the_forms_devices_print() -> None:
    assert parse_day("17:40:21 2023/11/20") == date(2023, 11, 20)
    assert parse_day("2024-03-05 10:21:33") == date(2024, 3, 5)
    assert parse_day("Tue May 28 09:12:40 2024    22409216") == date(2024, 5, 28)
    assert parse_day("-") is None and parse_day("2024/13/40") is None


def test_usg_security_policy_from_the_running_configuration() -> None:
    rules = security_rules_from_config(usg_output("display current-configuration"), "huawei_vrp")
    assert [r.name for r in rules] == ["trust-to-untrust", "untrust-to-dmz-web"]
    assert rules[0].action == "permit" and not rules[0].sources and not rules[0].services
    assert rules[1].destinations == ["destination-address 172.16.10.0 mask 255.255.255.0"]
    assert rules[1].services == ["service http", "service https"]


COMWARE_POLICY = """\
#
security-policy ip
 rule 0 name trust-untrust
  action pass
  source-zone trust
  destination-zone untrust
 rule 1 name web-in
  action pass
  source-zone untrust
  destination-zone dmz
  destination-ip-host 172.16.10.5
  service http
 rule 2 name old-any
  action pass
  disable
#
return
"""


def test_comware_security_policy_rules_and_disabled_rules() -> None:
    rules = security_rules_from_config(COMWARE_POLICY, "h3c_comware")
    assert [(r.name, r.action, r.enabled) for r in rules] == [
        ("trust-untrust", "pass", True), ("web-in", "pass", True), ("old-any", "pass", False)]
    assert security_rules_from_config("#\nsysname X\n#\n", "h3c_comware") is None


# --- health.signatures: pass, fail, insufficient data --------------------------------------------------

def test_signatures_pass_within_the_limit() -> None:
    d = judged("huawei_vrp", {"display version av-sdb": usg_output("display version av-sdb")})
    r = result(d, "health.signatures")
    assert r.status == "pass", r.message
    assert r.message == "1 signature database(s) current: antivirus database 2024060902 (released 2024-06-09)"


def test_signatures_fail_medium_past_the_limit_and_high_past_high_age_days() -> None:
    outputs = {"display version ips-sdb": usg_output("display version ips-sdb")}
    medium = result(judged("huawei_vrp", outputs, today=date(2023, 12, 30)), "health.signatures")
    assert (medium.status, medium.severity) == ("fail", "medium")
    assert medium.message == ("1 signature database(s) outdated: IPS database 2023112002 released 2023-11-20 is "
                              "40 days old (limit 30)")
    high = result(judged("huawei_vrp", outputs), "health.signatures")  # 205 days on the log's own date
    assert (high.status, high.severity) == ("fail", "high") and "205 days old" in high.message
    zh = result(judged("huawei_vrp", outputs, lang="zh"), "health.signatures")
    assert "IPS 特征库 2023112002 发布于 2023-11-20，已 205 天（上限 30 天）" in zh.message


def test_the_url_database_has_its_own_weekly_limit() -> None:
    from netinspect.checks.firewall import signatures
    from netinspect.checks.health import CheckEnv
    from netinspect.core.model import Device, SignatureDb

    dev = Device(name="fw", signatures=[SignatureDb("url", "2024.06.01", released=date(2024, 6, 1))])
    env = CheckEnv(lang="en", today=TODAY, duration=str)
    out = signatures(dev, {"max_signature_age_days": 30, "url_max_age_days": 7, "high_age_days": 90}, env)
    assert out.status == "fail" and out.severity == "medium"


def test_no_release_date_is_insufficient_data_with_the_reason() -> None:
    d = judged("h3c_comware", {"display anti-virus signature library": COMWARE_AV})
    r = result(d, "health.signatures")
    assert r.status == "insufficient_data"
    assert r.message == ("signature age not known (the device printed no release date, or no version is loaded): "
                         "antivirus database 1.0.33: no release date printed")


def test_a_stale_database_fails_even_when_another_has_no_date() -> None:
    d = judged("h3c_comware", {"display ips signature library": COMWARE_IPS,
                               "display anti-virus signature library": COMWARE_AV}, today=date(2024, 9, 1))
    r = result(d, "health.signatures")
    assert r.status == "fail" and "IPS database 1.0.112 released 2024-05-28 is 96 days old" in r.message


def test_signatures_not_collected_is_insufficient_data_naming_the_commands() -> None:
    d = judged("huawei_vrp", {"display cpu-usage": ""})
    r = result(d, "health.signatures")
    assert r.status == "insufficient_data" and "display version ips-sdb" in r.message


def test_signatures_are_judged_on_firewalls_only() -> None:
    raw = RawDevice(name="sw", os="huawei_vrp", role="access")
    raw.add(CommandOutput("display version ips-sdb", usg_output("display version ips-sdb"), status="ok"))
    device, outcomes = normalize(raw)
    d = DeviceResult(raw=raw, device=device, commands=outcomes)
    run([d], AnalysisContext(lang="en", user_config={}, options={"today": TODAY}))
    assert result(d, "health.signatures").status == "skipped"


# --- health.security_policy ---------------------------------------------------------------------------

def test_security_policy_any_any_any_rule_fails_low() -> None:
    d = judged("huawei_vrp", {"display current-configuration": usg_output("display current-configuration")})
    r = result(d, "health.security_policy")
    assert (r.status, r.severity) == ("fail", "low")
    assert r.message == "1 of 2 security rule(s) permit any source, any destination and any service: trust-to-untrust"
    assert r.observed == {"rules": 2, "enabled": 2, "any_any_any": ["trust-to-untrust"]}


def test_security_policy_disabled_broad_rule_does_not_fail() -> None:
    text = COMWARE_POLICY.replace(" rule 0 name trust-untrust\n  action pass\n", " rule 0 name trust-untrust\n  action drop\n")
    d = judged("h3c_comware", {"display current-configuration": text})
    r = result(d, "health.security_policy")
    assert r.status == "pass" and r.message == "3 security rule(s) (2 enabled), none permits any-any-any"


# --- the readers' own patterns are linear on long lines ----------------------------------------------

def test_reader_patterns_are_linear_on_20000_character_lines() -> None:
    slow = []
    for kind, line in adversarial_lines(20_000):
        for name, func in (("parse_day", parse_day), ("vrp", firewall.vrp_signature_blocks),
                           ("comware", firewall.comware_library_rows),
                           ("policy", lambda s: security_rules_from_config("security-policy\n rule name a\n  " + s,
                                                                           "huawei_vrp"))):
            start = time.perf_counter()
            func(line)
            if time.perf_counter() - start > 0.5:
                slow.append(f"{name} {kind}")
    assert slow == []


# --- health.vpn_tunnels: configured IPsec policies against display ipsec sa brief -------------------

def test_usg_ipsec_policies_and_their_peers_from_the_configuration() -> None:
    from netinspect.normalize.firewall import ipsec_policies_from_config

    policies = ipsec_policies_from_config(usg_output("display current-configuration"), "huawei_vrp")
    assert policies == {"vpn 10": "198.51.100.10", "vpn 20": "198.51.100.20"}


def test_a_configured_tunnel_without_an_sa_is_down_medium() -> None:
    d = judged("huawei_vrp", {"display ipsec sa brief": usg_output("display ipsec sa brief"),
                              "display current-configuration": usg_output("display current-configuration")})
    assert d.device.ipsec_sa_peers == ["198.51.100.10", "203.0.113.2"]
    r = result(d, "health.vpn_tunnels")
    assert (r.status, r.severity) == ("fail", "medium")
    assert r.message == "1 of 2 IPsec tunnel(s) configured but down: vpn 20 (198.51.100.20)"
    assert r.observed == {"vpn 10": "up", "vpn 20": "down"}


def test_tunnels_all_up_pass_and_no_sa_output_is_insufficient_data() -> None:
    sa = usg_output("display ipsec sa brief") + "203.0.113.2     198.51.100.20   2948131170 ESP       E:AES-256;A:SHA2_256_128;\n"
    config = usg_output("display current-configuration")
    up = result(judged("huawei_vrp", {"display ipsec sa brief": sa, "display current-configuration": config}),
                "health.vpn_tunnels")
    assert up.status == "pass" and up.message == "all 2 IPsec tunnel(s) have an SA"
    missing = result(judged("huawei_vrp", {"display current-configuration": config}), "health.vpn_tunnels")
    assert missing.status == "insufficient_data" and "display ipsec sa brief" in missing.message


def test_comware_ipsec_policy_with_remote_address_and_a_template_is_not_judged() -> None:
    from netinspect.normalize.firewall import ipsec_policies_from_config

    config = ("ipsec policy map1 10 isakmp\n transform-set tran1\n security acl 3101\n remote-address 2.2.2.2\n"
              " ike-profile profile1\n#\nipsec policy-template tpl 1\n transform-set tran1\n#\n")
    assert ipsec_policies_from_config(config, "h3c_comware") == {"map1 10": "2.2.2.2"}


# The example of H3C's Comware 7 IPsec command reference (display ipsec sa brief, 举例; vendor documentation
# example, values as printed there; its blank lines between rows were the web page's and are left out).
H3C_DOC_SA_BRIEF = """\
-------------------------------------------------------------------------------
Interface/Global   Dst Address      SPI         Protocol  Status
-------------------------------------------------------------------------------
GE1/0/1            10.1.1.1         400         ESP       Active
GE1/0/1            255.255.255.255  4294967295  ESP       Active
GE1/0/1            100::1/64        500         AH        Active
Global             --               600         ESP       Active
"""


def test_comware_sa_brief_layout_of_the_command_reference() -> None:
    config = "ipsec policy map1 10 isakmp\n remote-address 10.1.1.1\n#\nipsec policy map1 20 isakmp\n remote-address 10.9.9.9\n#\n"
    d = judged("h3c_comware", {"display ipsec sa brief": H3C_DOC_SA_BRIEF, "display current-configuration": config})
    assert d.commands["display ipsec sa brief"].status == "ok"
    assert "10.1.1.1" in d.device.ipsec_sa_peers
    r = result(d, "health.vpn_tunnels")
    assert r.status == "fail" and r.message == "1 of 2 IPsec tunnel(s) configured but down: map1 20 (10.9.9.9)"


def test_a_database_with_no_version_loaded_is_insufficient_data() -> None:
    text = usg_output("display version av-sdb")
    text = text.replace("Signature Database Version      : 2024060902", "Signature Database Version      : ", 1)
    d = judged("huawei_vrp", {"display version av-sdb": text})
    assert d.device.signatures[0].version is None
    r = result(d, "health.signatures")
    assert r.status == "insufficient_data" and r.message.endswith("antivirus database: no database version loaded")


def test_comware_without_security_policy_ip_is_not_judged_a_usg_without_one_has_no_rule() -> None:
    h3c = result(judged("h3c_comware", {"display current-configuration": "#\n sysname FW\n#\nobject-policy ip a\n#\n"}),
                 "health.security_policy")
    assert h3c.status == "insufficient_data"
    usg = result(judged("huawei_vrp", {"display current-configuration": "#\n sysname FW\n#\nreturn\n"}),
                 "health.security_policy")
    assert usg.status == "skipped" and usg.message == "the security policy has no rule (default action only)"
