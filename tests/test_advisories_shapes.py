"""Product-tree and version shapes the CSAF 2.0 standard and CVE JSON 5 allow, each in a minimal
document written for the test (the real files are in test_advisories_corpus.py), the vers: range parser,
and malformed documents: one reason each, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netinspect.advisories.importers import load
from netinspect.advisories.match import assess
from netinspect.advisories.ranges import RangeError, Span, parse_range
from netinspect.advisories.store import Store
from netinspect.advisories.versions import parse

CORPUS = Path(__file__).parent / "advisories_corpus"


@pytest.mark.parametrize(("text", "product", "spans"), [
    ("vers:generic/>=1.0|<2.0", None, [Span(start="1.0", end="2.0")]),
    ("vers:semver/>=1.0.0|<1.2.0|>=2.0.0|<=2.1.0", None,
     [Span(start="1.0.0", end="1.2.0"), Span(start="2.0.0", end="2.1.0", end_inclusive=True)]),
    ("vers:generic/PAN-OS<10.1.14-h11", "PAN-OS", [Span(end="10.1.14-h11")]),
    ("vers:generic/PAN-OS>=11.2.0", "PAN-OS", [Span(start="11.2.0")]),
    ("vers:all/*", None, [Span(every=True)]),
    ("vers:unknown/15.0.1.13010-1", None, [Span(exact="15.0.1.13010-1")]),
    ("FortiOS/>=7.4.0|<=7.4.3", "FortiOS", [Span(start="7.4.0", end="7.4.3", end_inclusive=True)]),
    ("FortiOS/ 7.6 all versions", "FortiOS", [Span(start="7.6")]),
    ("<= 1.4", None, [Span(end="1.4", end_inclusive=True)]),
])
def test_vers_and_vendor_ranges(text, product, spans):
    assert parse_range(text, product) == spans


@pytest.mark.parametrize("text", ["", "vers:generic/", "vers:generic/>1.0", "vers:generic/!=2.0", "vers:generic/>="])
def test_ranges_we_do_not_read_are_errors(text):
    with pytest.raises(RangeError):
        parse_range(text)


def test_panos_hotfix_versions_order_within_maintenance_release():
    assert parse("panos", "10.2.5") < parse("panos", "10.2.5-h6") < parse("panos", "10.2.6")
    assert parse("panos", "10.2.5-h6").same_line(parse("panos", "10.2.5-h9"))
    assert not parse("panos", "10.2.5-h6").same_line(parse("panos", "10.2.6"))


def _csaf(tree: dict, status: dict, **doc) -> dict:
    return {"document": {"category": "csaf_security_advisory", "csaf_version": "2.0", "title": "t",
                         "publisher": {"name": "Cisco", "category": "vendor", "namespace": "https://cisco.com"},
                         "tracking": {"id": "T-1", "initial_release_date": "2024-01-01T00:00:00Z"}, **doc},
            "product_tree": tree,
            "vulnerabilities": [{"cve": "CVE-0000-0001", "product_status": status}]}


def _load(tmp_path: Path, data: dict):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load(path)[1][0]


def test_relationship_takes_the_os_and_version_of_its_component(tmp_path):
    tree = {"branches": [{"category": "vendor", "name": "Cisco", "branches": [
                {"category": "product_family", "name": "Cisco IOS XE Software", "branches": [
                    {"category": "product_version", "name": "17.9.4",
                     "product": {"product_id": "XE-1794", "name": "Cisco IOS XE Software 17.9.4"}}]},
                {"category": "product_name", "name": "Catalyst 9300",
                 "product": {"product_id": "C9300", "name": "Cisco Catalyst 9300"}}]}],
            "relationships": [{"category": "installed_on", "product_reference": "XE-1794",
                               "relates_to_product_reference": "C9300",
                               "full_product_name": {"product_id": "XE-1794-C9300",
                                                     "name": "IOS XE 17.9.4 on Catalyst 9300"}}]}
    adv = _load(tmp_path, _csaf(tree, {"known_affected": ["XE-1794-C9300"]}))
    assert [(r.os, r.status, r.version) for r in adv.affected] == [("cisco_iosxe", "affected", "17.9.4")]


def test_full_product_name_with_cpe(tmp_path):
    tree = {"full_product_names": [{"product_id": "P1", "name": "whatever",
                                    "product_identification_helper": {
                                        "cpe": "cpe:2.3:o:cisco:ios_xe:17.12.1:*:*:*:*:*:*:*"}}]}
    adv = _load(tmp_path, _csaf(tree, {"known_affected": ["P1"]}, aggregate_severity={"text": "Critical"}))
    assert [(r.os, r.version) for r in adv.affected] == [("cisco_iosxe", "17.12.1")]
    assert adv.vendor_severity == "critical" and adv.cvss is None


def test_product_family_leaf_is_possibly_affected_every_version(tmp_path):
    tree = {"branches": [{"category": "vendor", "name": "Cisco", "branches": [
        {"category": "product_family", "name": "Cisco IOS XE Software",
         "product": {"product_id": "XE", "name": "Cisco IOS XE Software"}}]}]}
    adv = _load(tmp_path, _csaf(tree, {"known_affected": ["XE"]}))
    assert [(r.os, r.version, r.uncertain) for r in adv.affected] == [("cisco_iosxe", None, "no_versions")]
    with Store(tmp_path / "s.sqlite") as store:
        store.put(adv)
        (finding,) = assess(store, "cisco_iosxe", "C9300-24T", "17.9.4a").findings
        assert not finding.certain and finding.reasons == [{"code": "no_versions", "product": "cisco_iosxe"}]


def test_first_affected_and_first_fixed(tmp_path):
    """first_affected 17.9.1 .. first_fixed 17.9.4: 17.9.3 affected, 17.9.4 and 17.9.5 fixed, 17.6 untouched."""
    tree = {"branches": [{"category": "vendor", "name": "Cisco", "branches": [
        {"category": "product_name", "name": "IOS XE", "branches": [
            {"category": "product_version", "name": v, "product": {"product_id": v, "name": v}}
            for v in ("17.9.1", "17.9.4")]}]}]}
    adv = _load(tmp_path, _csaf(tree, {"first_affected": ["17.9.1"], "first_fixed": ["17.9.4"]}))
    with Store(tmp_path / "s.sqlite") as store:
        store.put(adv)
        assert [str(v) for v in assess(store, "cisco_iosxe", "X", "17.9.3").findings[0].fixed_in] == ["17.9.4"]
        for version in ("17.9.4", "17.9.5", "17.6.5"):
            assert not assess(store, "cisco_iosxe", "X", version).findings, version


@pytest.mark.parametrize(("mutate", "reason"), [
    (lambda d: d["product_tree"].update(branches={"x": 1}), "product_tree: branches is not a list"),
    (lambda d: d["document"]["tracking"].pop("id"), "CSAF document without document.tracking.id"),
    (lambda d: d.update(vulnerabilities=["CVE-1"]), "vulnerabilities is not a list of objects"),
    (lambda d: d["product_tree"]["branches"][0].pop("name"), "product_tree: a branch without category and name"),
    (lambda d: d["product_tree"]["branches"][0]["branches"][0].update(product=None, branches=None),
     "product_tree: branches is not a list"),
    (lambda d: d["vulnerabilities"][0].update(product_status=["CVRFPID-103763"]), "unexpected structure"),
])
def test_malformed_csaf_is_one_reason(tmp_path, mutate, reason):
    data = json.loads((CORPUS / "csaf/cisco/cisco-sa-20180328-smi2.json").read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as store:
        (outcome,) = store.import_paths([path])
    assert outcome.status == "rejected" and reason in outcome.message and "\n" not in outcome.message


@pytest.mark.parametrize(("mutate", "reason"), [
    (lambda d: d["containers"]["cna"].update(affected={"vendor": "x"}), "is not a list of objects"),
    (lambda d: d.pop("cveMetadata"), "CVE record without cveMetadata.cveId"),
    (lambda d: d["containers"].pop("cna"), "no containers.cna"),
])
def test_malformed_cve_is_one_reason(tmp_path, mutate, reason):
    data = json.loads((CORPUS / "cve5/fortinet/CVE-2024-21762.json").read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as store:
        (outcome,) = store.import_paths([path])
    assert outcome.status == "rejected" and reason in outcome.message


def test_store_opened_from_before_the_new_columns(tmp_path):
    """A store written before skip_reason / vendor_severity / notes existed gains them when opened."""
    import sqlite3

    db = sqlite3.connect(tmp_path / "old.sqlite")
    db.executescript("""CREATE TABLE advisories (id TEXT PRIMARY KEY, vendor TEXT NOT NULL, kind TEXT NOT NULL,
        title TEXT, cves TEXT NOT NULL, cvss REAL, cvss_vector TEXT, published TEXT, url TEXT, workaround TEXT,
        remediation TEXT, end_of_sale TEXT, end_of_support TEXT, source_format TEXT, source_file TEXT,
        digest TEXT NOT NULL, first_imported TEXT NOT NULL, updated TEXT NOT NULL);""")
    db.close()
    with Store(tmp_path / "old.sqlite") as store:
        (outcome,) = store.import_paths([CORPUS / "csaf/cisco/cisco-sa-ios-xr-verii-bypass-HhPwQRvx.json"])
        assert outcome.status == "skipped" and store.get("cisco-sa-ios-xr-verii-bypass-HhPwQRvx").skip_reason


def test_huawei_space_joined_and_suffixed_versions(tmp_path):
    """cvelistV5 Huawei records also write "V200R008C20 V200R008C30" in one version and suffixed builds
    (V200R006C16PWE): two versions, and an exact-match entry; a phone's "10.0.0" is left out with a note."""
    record = {"dataType": "CVE_RECORD", "dataVersion": "5.0",
              "cveMetadata": {"cveId": "CVE-0000-0003", "state": "PUBLISHED", "assignerShortName": "huawei"},
              "containers": {"cna": {"affected": [
                  {"vendor": "Huawei", "product": "AR120-S", "versions": [
                      {"status": "affected", "version": "V200R008C20 V200R008C30"},
                      {"status": "affected", "version": "V200R006C16PWE"}]},
                  {"vendor": "Huawei", "product": "HUAWEI P30", "versions": [
                      {"status": "affected", "version": "10.0.0"}]}]}}}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    _, (adv,) = load(path)
    assert [(r.product, r.version) for r in adv.affected] == [
        ("AR120-S", "V200R008C20"), ("AR120-S", "V200R008C30"), ("AR120-S", "V200R006C16PWE")]
    assert adv.notes == ["HUAWEI P30: 10.0.0 is not a huawei_vrp version"]


def test_under_investigation_is_possibly_affected(tmp_path):
    tree = {"branches": [{"category": "vendor", "name": "Cisco", "branches": [
        {"category": "product_family", "name": "IOS", "branches": [
            {"category": "product_version", "name": "15.2E", "branches": [
                {"category": "service_pack", "name": "15.2(7)E4", "product": {"product_id": "P", "name": "x"}}]}]}]}]}
    adv = _load(tmp_path, _csaf(tree, {"under_investigation": ["P"]}))
    assert [(r.os, r.version, r.uncertain) for r in adv.affected] == [("cisco_ios", "15.2(7)E4", "under_investigation")]
    with Store(tmp_path / "s.sqlite") as store:
        store.put(adv)
        (finding,) = assess(store, "cisco_ios", "WS-C2960X", "15.2(7)E4").findings
        assert not finding.certain and finding.reasons == [{"code": "under_investigation", "product": "cisco_ios"}]
