"""The configuration corpus: real configurations and, beside each, every harden.* outcome judged by a person.

tests/configs_corpus/<family>/<name>.cfg (provenance and licence in SOURCES.tsv) is audited as
``netinspect harden --configs`` audits it: platform from the content, every rule. Each outcome must equal
the one in <name>.expected.yaml: pass, fail (with a reason), not_applicable (the feature is not
configured, or the rule is for another device role), insufficient_data (the configuration does not show what
the rule needs) or skipped (the rule has no check for this platform).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from netinspect.core.i18n import labels
from netinspect.harden.rules import default_rules, load_rules
from netinspect.harden.suite import audit_config
from netinspect.sources.configs import read_config, read_configs

CORPUS = Path(__file__).parent / "configs_corpus"
CONFIGS = sorted(CORPUS.glob("*/*.cfg"))
RULES = default_rules(load_rules()[0])  # as `harden` runs without --baseline
# skipped: the rule has no check for this platform (e.g. IP source routing is judged on IOS only)
OUTCOMES = {"pass", "fail", "not_applicable", "insufficient_data", "skipped"}
FAMILIES = {"vrp": ("huawei_vrp", "huawei_vrp8"), "comware": ("h3c_comware",), "ios": ("cisco_ios", "cisco_iosxe")}
# secrets as published in corpus configurations: none may reach a report
PUBLISHED_SECRETS = ("WLANSECR3T", "MGMTSECR3T", "MGMTPASSW0RD", "DOT1XPASSW0RD", "ntc123", "00E0FC0000000000",
                     "SEGREDO-NAO-PODE-VAZAR", "SEGREDO-SNMP", "Cisc0123", "OOCM4m($F4ajUn1vMEIBNUw#",
                     "K8m.Nt84DZ}e#<0`8bmE3Uw}", "F:>q9BA<B=|+~V(00,z=uCe#", "SoMeThaNGwIErd",
                     "E6rgxrTGAF/JCCdkVDwgCg2mMS78hHb4FXNNJm8=", "rXKVE9pG05Lda2xcSpl6nrsYCkmBIW0kAdwEACg=",
                     "GBZ1jhslcGwSOpSejsESMnOr8Gb8SIT5ew==", "/9bCuPjMxjOtUvBx8NjtN+AnAsuLT2SrNA==",
                     "CqMnWdX6LIW/hz2Z", "3nDcf1enrif2H0W6",
                     "Zn6x8RgBvk0NfMZb", "vYfllPcxWdI6PCN1Mx59JmAr2k7siY3dIGknQpPVRu")


def _expected(path: Path) -> dict:
    return yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))


def _outcome(result) -> str:  # noqa: ANN001 - a CheckResult
    if result.status == "skipped" and (result.extra.get("not_applicable") or result.message == labels("en", "harden")["msg_na"]):
        return "not_applicable"
    return result.status


def test_corpus_size_and_provenance() -> None:
    # Openly licensed configurations and vendor documentation examples (licence "vendor documentation
    # example", the document, release and chapter in SOURCES.tsv; issue 20 item 5). VRP has eNSP lab
    # configurations (real VRP images) and Huawei configuration-guide examples; Comware has five real
    # configurations and twelve "配置文件" blocks of H3C's typical configuration cases (Comware V7 switches),
    # past the 10 that issue 20 asks for (CANDIDATES.md lists every source searched).
    per_family = {family: len(list((CORPUS / family).glob("*.cfg"))) for family in FAMILIES}
    assert per_family["ios"] >= 10 and per_family["vrp"] >= 30 and per_family["comware"] >= 17, per_family
    with (CORPUS / "SOURCES.tsv").open(encoding="utf-8") as handle:
        rows = {row["path"]: row for row in csv.DictReader(handle, delimiter="\t")}
    for path in CONFIGS:
        row = rows.get(str(path.relative_to(CORPUS)))
        assert row, f"{path.name}: no SOURCES.tsv row"
        assert row["licence"] and row["licence"] != "not stated", f"{path.name}: no licence"
        assert row["source"] and row["licence"] and row["commit_or_date"], path.name


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_rule_outcome_equals_the_persons(path: Path) -> None:
    expected = _expected(path)
    device, record = read_config(path)
    assert device is not None, record.message
    assert device.os == expected["platform"]
    assert device.os in FAMILIES[path.parent.name]
    text = path.read_text(encoding="utf-8")
    got = {r.check: r for r in audit_config(text, device.os, RULES, {}, "en")}
    assert set(expected["rules"]) == {r.id for r in RULES if r.id.startswith("harden.")}
    differ = []
    for rule_id, want in expected["rules"].items():
        outcome = want["outcome"] if isinstance(want, dict) else want
        assert outcome in OUTCOMES, (rule_id, outcome)
        if outcome == "fail":
            assert isinstance(want, dict) and want.get("reason"), f"{rule_id}: a fail needs a one-line reason"
        if _outcome(got[rule_id]) != outcome:
            differ.append(f"{rule_id}: person {outcome}, tool {_outcome(got[rule_id])} {got[rule_id].evidence}")
    assert not differ, "\n".join(differ)


def test_published_secrets_stay_out_of_reports(tmp_path: Path) -> None:
    from netinspect.cli.harden import harden

    source = read_configs(CORPUS)
    assert len(source.devices) == len(CONFIGS)
    _, written = harden(source, "configs", out=tmp_path, formats=["md", "json", "sarif"], lang="en",
                        configs_base=CORPUS)
    assert written
    for path in written:
        text = path.read_text(encoding="utf-8")
        for secret in PUBLISHED_SECRETS:
            assert secret not in text, f"{secret} in {path.name}"


# (rule, family) cells with at least 3 person-judged passes and 3 fails in the corpus (issue 23 item 6). A cell
# reached stays reached: removing or re-judging configurations may not drop it below. The cells not listed are
# short of real material (CANDIDATES.md says what was searched); benchmarks/config_corpus_outcomes.py prints all.
THREE_EACH = {
    "vrp": {"harden.bgp_auth", "harden.bgp_filter", "harden.bgp_gtsm", "harden.cpu_protection",
            "harden.default_accounts", "harden.dhcp_snooping", "harden.ip_source_guard", "harden.isis_auth",
            "harden.ntp_auth", "harden.ntp_server", "harden.ospf_auth", "harden.plaintext_password", "harden.proxy_arp",
            "harden.ssh", "harden.ssh_crypto", "harden.unused_services"},
    "comware": {"harden.ssh", "harden.telnet"},
    "ios": {"harden.aaa_login", "harden.banner", "harden.bpdu_protection", "harden.default_accounts", "harden.http",
            "harden.loghost", "harden.ntp_server", "harden.plaintext_password", "harden.port_security",
            "harden.snmp_community", "harden.ssh", "harden.telnet"},
}


def _person_counts() -> dict[tuple[str, str], dict[str, int]]:
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for path in CONFIGS:
        for rule_id, want in _expected(path)["rules"].items():
            outcome = want["outcome"] if isinstance(want, dict) else want
            cell = counts.setdefault((rule_id, path.parent.name), {"pass": 0, "fail": 0})
            if outcome in cell:
                cell[outcome] += 1
    return counts


def test_rules_keep_three_passing_and_three_failing_configurations_per_family() -> None:
    counts = _person_counts()
    short = [f"{family} {rule_id}: {counts.get((rule_id, family))}" for family, rules in THREE_EACH.items()
             for rule_id in sorted(rules) if min(counts.get((rule_id, family), {"pass": 0}).values()) < 3]
    assert not short, "\n".join(short)
    # the list is the whole truth: a cell that reaches 3/3 is added here, so the closing figures can be read off it
    reached = {(rule_id, family) for (rule_id, family), cell in counts.items() if min(cell.values()) >= 3}
    listed = {(rule_id, family) for family, rules in THREE_EACH.items() for rule_id in rules}
    assert reached == listed, f"reached but not listed: {sorted(reached - listed)}; listed: {sorted(listed - reached)}"
