"""The advisory corpus (tests/advisories_corpus, provenance in its SOURCES.tsv): 62 real CSAF, CVE JSON 5 and
CVRF files from Cisco, Palo Alto, Fortinet, Huawei, H3C (VulDB), Siemens, SICK, Nozomi, CISA, NCSC, BSI, OASIS,
cvelistV5 and the CVRF-CSAF converter's examples.

For every file: how it imports (imported / skipped with the reason / rejected with the reason), and for
the imported ones the advisory id, score and severity and what a device at a given version gets.
The expected values were read from the files themselves (product trees, version lists, scores)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from netinspect.advisories.catalog import severity_for
from netinspect.advisories.importers import load
from netinspect.advisories.match import assess
from netinspect.advisories.store import Store

CORPUS = Path(__file__).parent / "advisories_corpus"

# file -> (outcome, advisory id, CVSS, severity, rows per (os, status)) for imported files,
#         (outcome, advisory id, reason substring) for skipped and rejected ones
IMPORTED = {
    "csaf/cisco/cisco-sa-20180328-smi2.json": ("cisco-sa-20180328-smi2", 9.8, "critical",
                                               {("cisco_ios", "affected"): 180, ("cisco_iosxe", "affected"): 79}),
    "csaf/cisco/cisco-sa-snmp-dos-sdxnSUcW.json": ("cisco-sa-snmp-dos-sdxnSUcW", 7.7, "high",
                                                   {("cisco_ios", "affected"): 3333, ("cisco_iosxe", "affected"): 507}),
    "csaf/fortinet/FG-IR-17-173.json": ("FG-IR-17-173", 5.3, "medium",
                                        {("fortios", "affected"): 4, ("fortios", "not_affected"): 1}),
    "csaf/fortinet/FG-IR-24-041.json": ("FG-IR-24-041", 5.0, "medium",
                                        {("fortios", "affected"): 5, ("fortios", "not_affected"): 1}),
    "csaf/fortinet/FG-IR-24-259.json": ("FG-IR-24-259", 7.1, "high", {("fortios", "affected"): 5}),
    "csaf/fortinet/FG-IR-24-385.json": ("FG-IR-24-385", 6.3, "medium",
                                        {("fortios", "affected"): 3, ("fortios", "not_affected"): 2}),
    "csaf/fortinet/csaf_authenticated-heap-overflow-in-ssl-vpn-bookmarks.json": (
        "FG-IR-25-756", 6.7, "medium", {("fortios", "affected"): 57, ("fortios", "not_affected"): 6}),
    "csaf/paloalto/CVE-2025-0114.json": ("CVE-2025-0114", 8.2, "high",
                                         {("panos", "affected"): 3, ("panos", "fixed"): 3, ("panos", "not_affected"): 2}),
    "cve5/cisco/CVE-2018-0156.json": ("CVE-2018-0156", None, "medium",
                                      {("cisco_ios", "affected"): 1, ("cisco_iosxe", "affected"): 1}),
    "cve5/cisco/CVE-2018-0171.json": ("CVE-2018-0171", None, "medium",
                                      {("cisco_ios", "affected"): 1, ("cisco_iosxe", "affected"): 1}),
    "cve5/cisco/CVE-2019-1862.json": ("CVE-2019-1862", 7.2, "high", {("cisco_iosxe", "affected"): 1}),
    "cve5/cisco/CVE-2023-20198.json": ("CVE-2023-20198", 10.0, "critical", {("cisco_iosxe", "affected"): 186}),
    "cve5/fortinet/CVE-2024-21762.json": ("CVE-2024-21762", 9.6, "critical", {("fortios", "affected"): 6}),
    "cve5/huawei/CVE-2017-17151.json": ("CVE-2017-17151", None, "medium", {("huawei_vrp", "affected"): 424}),
    "cve5/huawei/CVE-2017-15324.json": ("CVE-2017-15324", None, "medium", {("huawei_vrp", "affected"): 39}),
    "cve5/huawei/CVE-2017-15343.json": ("CVE-2017-15343", None, "medium", {("huawei_vrp", "affected"): 9}),
    "cve5/huawei/CVE-2017-17300.json": ("CVE-2017-17300", None, "medium", {("huawei_vrp", "affected"): 11}),
    "cve5/huawei/CVE-2020-1873.json": ("CVE-2020-1873", None, "medium", {("huawei_vrp", "affected"): 15}),
    "cve5/huawei/CVE-2020-9213.json": ("CVE-2020-9213", None, "medium", {("huawei_vrp", "affected"): 24}),
    "cve5/huawei/CVE-2021-22328.json": ("CVE-2021-22328", None, "medium", {("huawei_vrp", "affected"): 4}),
    "cve5/paloalto/CVE-2016-5195.json": ("CVE-2016-5195", 7.8, "high",
                                         {("panos", "affected"): 3, ("panos", "not_affected"): 2}),
    "cve5/paloalto/CVE-2020-1968.json": ("CVE-2020-1968", 3.7, "low",
                                         {("panos", "affected"): 3, ("panos", "not_affected"): 2}),
    "cve5/paloalto/CVE-2024-0012.json": ("CVE-2024-0012", 9.3, "critical",
                                         {("panos", "affected"): 4, ("panos", "fixed"): 30, ("panos", "not_affected"): 1}),
    "cve5/paloalto/CVE-2024-3400.json": ("CVE-2024-3400", 10.0, "critical",
                                         {("panos", "affected"): 3, ("panos", "fixed"): 18, ("panos", "not_affected"): 4}),
    "cve5/paloalto/CVE-2025-0114.json": ("CVE-2025-0114", 8.2, "high",
                                         {("panos", "affected"): 3, ("panos", "fixed"): 3, ("panos", "not_affected"): 2}),
    "cve5/paloalto/CVE-2025-4619.json": ("CVE-2025-4619", 8.7, "high",
                                         {("panos", "affected"): 3, ("panos", "fixed"): 16, ("panos", "not_affected"): 2}),
}
SKIPPED = {
    "csaf/bsi/wid-sec-w-2025-0001.json": ("WID-SEC-W-2025-0001", "no product we assess (Spectrum Protect Plus"),
    "csaf/cisa/icsma-25-160-01.json": ("ICSMA-25-160-01", "no product we assess (DICOM Viewer)"),
    "csaf/cisa/va-25-148-01.json": ("VA-25-148-01", "no product we assess (BioTime)"),
    "csaf/cisco/cisco-sa-ios-xr-verii-bypass-HhPwQRvx.json": ("cisco-sa-ios-xr-verii-bypass-HhPwQRvx",
                                                              "no product we assess (Cisco IOS XR Software)"),
    "csaf/fortinet/FG-IR-25-122.json": ("FG-IR-25-122", "no product we assess (FortiADC"),
    "csaf/fortinet/FG-IR-25-454.json": ("FG-IR-25-454", "no product we assess (FortiSandbox, FortiSandbox Cloud)"),
    "csaf/fortinet/FG-IR-26-076.json": ("FG-IR-26-076", "no product we assess (FortiNAC-F)"),
    "csaf/fortinet/FG-IR-26-155.json": ("FG-IR-26-155", "no product we assess (FortiSIEMWindowsAgent)"),
    "csaf/ncsc/ncsc-2025-0210.json": ("NCSC-2025-0210", "no product we assess (Cisco Unified Communications Manager)"),
    "csaf/nozomi/nn-2025_1-01.json": ("NN-2025:1-01", "no product we assess (Guardian, CMC)"),
    "csaf/oasis/2022-evd-uc-01-f-001.json": ("2022-EVD-UC-01-F-001", "no product we assess (DEF)"),
    "csaf/oasis/bsi-2022-0001.json": ("BSI-2022-0001", "no product we assess (CVRF-CSAF-Converter)"),
    "csaf/oasis/oasis_csaf_tc-csaf_2_1-2024-d-11.json": ("OASIS_CSAF_TC-CSAF_2.1-2024-D-11",
                                                         "no vulnerabilities in the document (csaf_base)"),
    "csaf/oasis/rhsa-2021_5217.json": ("RHSA-2021:5217", "no product we assess (Red Hat Single Sign-On)"),
    "csaf/oasis/rhsa-2022_0011.json": ("RHSA-2022:0011", "no product we assess (7Server-7.6.AUS:telnet"),
    "csaf/oasis/sec-vex-2022-0001.json": ("SEC-VEX-2022-0001", "no product we assess (Secvisogram)"),
    "csaf/paloalto/PAN-SA-2025-0007.json": ("PAN-SA-2025-0007", "no product we assess (Prisma Access Browser)"),
    "csaf/sick/sca-2025-0007.json": ("SCA-2025-0007", "no product we assess (Media Server, Field Analytics)"),
    "csaf/siemens/ssa-426509.json": ("SSA-426509", "no product we assess (ModelSim, Questa)"),
    "cve5/h3c/CVE-2026-6560.json": ("CVE-2026-6560", "no product we assess (H3C Magic B0)"),
    "cve5/digisol/CVE-2024-4232.json": ("CVE-2024-4232", "no product we assess (Digisol Digisol Router DG-GR1321)"),
    "cve5/huawei/CVE-2015-6586.json": ("CVE-2015-6586", "the record names no product (n/a)"),
    "cve5/huawei/CVE-2016-4087.json": ("CVE-2016-4087", "the record names no product (n/a)"),
    "cve5/itsourcecode/CVE-2024-6958.json": ("CVE-2024-6958", "no product we assess (itsourcecode University"),
    "cve5/juniper/CVE-2024-39565.json": ("CVE-2024-39565", "no product we assess (Juniper Networks, Inc. Junos OS)"),
    "cve5/linux/CVE-2024-40946.json": ("CVE-2024-40946", "a REJECTED CVE record"),
    "cve5/paloalto/PAN-SA-2025-0007.json": ("PAN-SA-2025-0007", "no product we assess (Palo Alto Networks Prisma Browser)"),
    "cvrf/cisco/CVRF-1.1-cisco-sa-20110525-rvs4000.xml": (
        "cisco-sa-20110525-rvs4000", "no product we assess (Gigabit Security Router, Wireless-N Gigabit Security Router)"),
    "cvrf/cisco/cvrf_example_c.xml": ("cisco-sa-20170310-struts2", "no affected product version"),
    "cvrf/oasis/cvrf_example_a.xml": ("vendorix-sa-20170301-abc", "no product we assess (... Appliances)"),
    "cvrf/oasis/cvrf_example_e.xml": ("acme-2017-42", "no product we assess (Things On bar, Things On baz)"),
    "cvrf/dcert/sample.xml": ("2020-1779", "no product we assess (Debian Linux, Red Hat Enterprise Linux"),
    "cvrf/redhat/cvrf_example_b.xml": ("RHSA-2017:0435", "no product we assess (7Server-RH7-RHOS-9.0"),
}
REJECTED = {
    "csaf/fortinet/csaf_apache-tika-cve-2025-54988.json": "vulnerabilities is not a list of objects",
    "cvrf/cisco/CVRF-1.1-cisco-sa-20110525-rvs4000-notwellformed.xml":
        "not well-formed XML: mismatched tag: line 31, column 58",
}

# (os, model, version) -> advisory id -> (affected with certainty, lowest fixed version in the train or None);
# None: the advisory does not apply to that version
MATCHES = [
    ("cisco_iosxe", "C9200L-24P-4G", "17.9.4a", "cisco-sa-snmp-dos-sdxnSUcW", (True, None)),
    ("cisco_iosxe", "C9200L-24P-4G", "17.9.7", "cisco-sa-snmp-dos-sdxnSUcW", None),  # not listed in the 17.9 train
    ("cisco_iosxe", "WS-C3850-24T", "03.06.05E", "cisco-sa-snmp-dos-sdxnSUcW", (True, None)),
    ("cisco_ios", "WS-C2960-48TC-L", "12.2(55)SE7", "cisco-sa-snmp-dos-sdxnSUcW", (True, None)),
    ("cisco_ios", "WS-C2960-48TC-L", "12.2(55)SE14", "cisco-sa-snmp-dos-sdxnSUcW", None),
    ("cisco_ios", "WS-C2960-48TC-L", "12.2(55)SE7", "cisco-sa-20180328-smi2", (True, None)),
    ("cisco_iosxe", "C9300-24T", "17.9.3a", "CVE-2023-20198", (True, None)),
    ("cisco_iosxe", "C9300-24T", "17.9.4a", "CVE-2023-20198", None),
    # a record that names IOS without versions, not covered by a versioned advisory: possibly affected
    ("cisco_ios", "WS-C2960-48TC-L", "15.2(7)E4", "CVE-2018-0156", (False, None)),
    # CVE-2018-0171 names IOS without versions, but the smi2 CSAF covers that CVE with versions
    ("cisco_ios", "WS-C2960-48TC-L", "15.2(7)E4", "CVE-2018-0171", None),
    ("fortios", "FG-100F", "7.4.2", "CVE-2024-21762", (True, None)),  # lessThanOrEqual 7.4.2: no fix named
    ("fortios", "FG-100F", "7.4.3", "CVE-2024-21762", None),
    ("fortios", "FG-100F", "6.0.17", "CVE-2024-21762", (True, None)),
    ("fortios", "FG-100F", "7.4.3", "FG-IR-24-041", (True, None)),  # >=7.4.0|<=7.4.3
    ("fortios", "FG-100F", "7.4.4", "FG-IR-24-041", None),
    ("fortios", "FG-100F", "6.4.15", "FG-IR-24-041", (True, None)),  # 6.4 all versions
    ("fortios", "FG-100F", "7.6.0", "FG-IR-24-041", None),  # 7.6 all versions: known_not_affected
    ("panos", "PA-3220", "10.2.5", "CVE-2024-3400", (True, "10.2.5-h6")),
    ("panos", "PA-3220", "10.2.5-h6", "CVE-2024-3400", None),  # the fix of the 10.2.5 hotfix line
    ("panos", "PA-3220", "10.2.6", "CVE-2024-3400", (True, "10.2.6-h3")),
    ("panos", "PA-3220", "10.2.9-h1", "CVE-2024-3400", None),
    ("panos", "PA-3220", "11.1.2", "CVE-2024-3400", (True, "11.1.2-h3")),
    ("panos", "PA-3220", "10.1.10", "CVE-2024-3400", None),  # 10.1 All: unaffected
    ("panos", "PA-3220", "11.0.1", "CVE-2025-0114", (True, "11.0.2")),
    ("panos", "PA-3220", "11.0.2", "CVE-2025-0114", None),
    ("panos", "PA-3220", "10.1.14-h10", "CVE-2025-0114", (True, "10.1.14-h11")),
    ("panos", "PA-3220", "11.2.3", "CVE-2025-0114", None),
    ("panos", "PA-3220", "6.0.4", "CVE-2016-5195", (True, None)),  # "6.0.*"
    ("panos", "PA-3220", "7.0.14", "CVE-2016-5195", None),  # unaffected from 7.0.14 ("7.0*")
    ("huawei_vrp", "S5720-28X-EI", "V200R007C00SPC500", "CVE-2017-17300", (False, None)),  # S5700 series
    # S12708 is an S12700 series switch (families.yaml): the record's "S12700 V200R008C00" names it
    ("huawei_vrp", "S12708", "V200R008C00SPC500", "CVE-2017-17300", (True, None)),
    ("huawei_vrp", "AR3260", "V200R008C30SPC100", "CVE-2017-15343", (True, None)),  # AR3200 family
    ("huawei_vrp", "AR3260", "V200R009C00SPC500", "CVE-2017-15343", None),
    # CVE-2019-1862: "Cisco IOS XE Software" 3.2.0JA only
    ("cisco_iosxe", "AIR-CT5760", "3.2.0JA", "CVE-2019-1862", (True, None)),
    ("cisco_iosxe", "C9300-24T", "16.9.3", "CVE-2019-1862", None),
    # CVE-2017-17151: the CVE 5 list is cut at AR1200; AR3200 and the later ones come from x_legacyV4Record
    ("huawei_vrp", "AR3200", "V200R008C20SPC800", "CVE-2017-17151", (True, None)),
    ("huawei_vrp", "AR3200", "V200R009C00SPC500", "CVE-2017-17151", None),
    ("huawei_vrp", "AR2220", "V200R007C00SPC900", "CVE-2017-17151", (True, None)),  # AR2200 family
    ("huawei_vrp", "AR120", "V200R008C20SPC800", "CVE-2017-17151", (True, None)),
    ("huawei_vrp", "SRG3340", "V200R008C30", "CVE-2017-17151", (False, None)),  # SRG3300 series, not in the family table
    # CVE-2020-1873: NIP6800;Secospace USG6600;USG9500, two version lines not aligned to the products
    ("huawei_vrp", "USG6650", "V500R005C00SPC100", "CVE-2020-1873", (True, None)),  # in both lines, family USG6600
    ("huawei_vrp", "USG6650", "V500R001C30SPC200", "CVE-2020-1873", (False, None)),  # one line only: which product?
    ("huawei_vrp", "USG6555E", "V500R005C00SPC100", "CVE-2020-1873", None),  # USG6500E: not named
    ("huawei_vrp", "USG9560", "V500R001C60SPC500", "CVE-2020-1873", (True, None)),
    # CVE-2024-21762 (FortiOS): 7.4.0 <= 7.4.2, 7.2.0 <= 7.2.6, ..., 6.0.0 <= 6.0.17
    ("fortios", "FG-100F", "7.2.6", "CVE-2024-21762", (True, None)),
    ("fortios", "FG-100F", "7.2.7", "CVE-2024-21762", None),
    # CVE-2025-4619 (PAN-OS): changes in both directions
    ("panos", "PA-3220", "11.1.4-h5", "CVE-2025-4619", (True, "11.1.4-h13")),
    ("panos", "PA-3220", "11.1.4-h13", "CVE-2025-4619", None),
    ("panos", "PA-3220", "10.1.14", "CVE-2025-4619", None),  # 10.1.0 unaffected
]


def _files() -> list[str]:
    return sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.suffix in (".json", ".xml"))


def test_corpus_size_and_sources():
    """At least 40 real files, each with a SOURCES.tsv row (source, path in source, commit, licence)."""
    with (CORPUS / "SOURCES.tsv").open(encoding="utf-8") as fh:
        rows = {r["path"]: r for r in csv.DictReader(fh, delimiter="\t")}
    assert len(_files()) >= 60 and set(_files()) == set(rows)
    for row in rows.values():
        assert row["source"] and row["path_in_source"] and row["commit_or_date"] and row["licence"]
    assert set(_files()) == set(IMPORTED) | set(SKIPPED) | set(REJECTED)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory):
    store = Store(tmp_path_factory.mktemp("corpus") / "adv.sqlite")
    outcomes = store.import_paths([CORPUS])
    yield store, {str(Path(o.path).relative_to(CORPUS)): o for o in outcomes}
    store.close()


def test_corpus_import_outcomes(corpus_store):
    """Every file imports, is stored and skipped with the reason, or is rejected with the reason; the
    rejected one does not stop the others."""
    _, outcomes = corpus_store
    assert {k for k, o in outcomes.items() if o.status == "imported"} == set(IMPORTED)
    assert {k for k, o in outcomes.items() if o.status == "skipped"} == set(SKIPPED)
    for name, (advisory_id, reason) in SKIPPED.items():
        assert outcomes[name].advisories == [advisory_id] and reason in outcomes[name].message, name
    for name, reason in REJECTED.items():
        assert outcomes[name].status == "rejected" and outcomes[name].message == reason


def test_corpus_skipped_are_stored_never_matched(corpus_store):
    store, _ = corpus_store
    xr = store.get("cisco-sa-ios-xr-verii-bypass-HhPwQRvx")
    assert xr is not None and xr.skip_reason and not xr.affected and xr.cvss is not None
    assert "cisco-sa-ios-xr-verii-bypass-HhPwQRvx" not in {a.id for a in store.for_os("cisco_ios")}


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_corpus_imported_content(name: str):
    advisory_id, cvss, severity, counts = IMPORTED[name]
    _, advisories = load(CORPUS / name)
    assert len(advisories) == 1
    adv = advisories[0]
    assert adv.id == advisory_id and adv.cvss == cvss and adv.skip_reason is None
    assert severity_for(adv.cvss, adv.kind, adv.vendor_severity) == severity
    assert Counter((r.os, r.status) for r in adv.affected) == counts


@pytest.mark.parametrize(("os_id", "model", "version", "advisory_id", "expected"), MATCHES,
                         ids=[f"{m[3]}@{m[2]}" for m in MATCHES])
def test_corpus_matching(corpus_store, os_id, model, version, advisory_id, expected):
    store, _ = corpus_store
    found = {f.advisory.id: f for f in assess(store, os_id, model, version).findings}
    if expected is None:
        assert advisory_id not in found
        return
    certain, fixed = expected
    finding = found[advisory_id]
    assert finding.certain == certain
    assert (str(finding.fixed_in[0]) if finding.fixed_in else None) == fixed


def test_corpus_no_wrong_verdict(corpus_store):
    """The device table as a whole: 0 wrong verdicts, and never "not affected" where the table says
    affected or possibly (the numbers are printed with -s)."""
    store, _ = corpus_store
    wrong, silent = [], []
    for os_id, model, version, advisory_id, expected in MATCHES:
        found = {f.advisory.id: f for f in assess(store, os_id, model, version).findings}.get(advisory_id)
        got = None if found is None else found.certain
        want = None if expected is None else expected[0]
        if got != want:
            wrong.append((advisory_id, model, version, want, got))
            if got is None:
                silent.append((advisory_id, model, version))
    print(f"device table: {len(MATCHES)} verdicts, {len(wrong)} wrong, {len(silent)} silent 'not affected'")
    assert wrong == [] and silent == []


def test_csaf_product_family_tree_shapes():
    """Cisco: product_family IOS > product_version train > service_pack; the IOS XR product_family leaf
    (no version) is not an OS we assess and is left out."""
    _, (adv,) = load(CORPUS / "csaf/cisco/cisco-sa-snmp-dos-sdxnSUcW.json")
    versions = {(r.os, r.version) for r in adv.affected}
    assert ("cisco_ios", "12.2(55)SE7") in versions and ("cisco_iosxe", "17.9.4a") in versions
    assert len(adv.cves) == 8 and "Cisco has released software updates" in adv.remediation
    assert adv.notes == ["not assessed: Cisco IOS XR Software"]
    _, (forti,) = load(CORPUS / "cve5/fortinet/CVE-2024-21762.json")
    assert forti.notes == ["not assessed: FortiProxy"]


def test_palo_alto_vers_ranges_sharing_one_product_id():
    """`vers:generic/PAN-OS<11.0.2` (known_affected) and `vers:generic/PAN-OS>=11.0.2` (fixed) share one id."""
    _, (adv,) = load(CORPUS / "csaf/paloalto/CVE-2025-0114.json")
    rows = {(r.status, r.version, r.start, r.end) for r in adv.affected}
    assert ("affected", None, None, "11.0.2") in rows and ("fixed", "11.0.2", None, None) in rows
    assert ("not_affected", None, "11.2.0", None) in rows and adv.cvss_vector.startswith("CVSS:4.0/")
