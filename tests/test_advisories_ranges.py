"""CVE JSON 5 range shapes as CNAs write them, each on a real record of tests/advisories_corpus (provenance
in SOURCES.tsv). Where a shape is the same record with the lower bound spelled as other CNAs spell it
(``unspecified``, ``0``, ``*``, ``n/a``), the test says so. The rule under test: a range is never dropped;
one the importer cannot read gives "possibly affected (range unreadable)", never "not affected"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netinspect.advisories.match import assess
from netinspect.advisories.store import Store

CORPUS = Path(__file__).parent / "advisories_corpus"


def _record(name: str) -> dict:
    return json.loads((CORPUS / name).read_text(encoding="utf-8"))


def _store(tmp_path: Path, record: dict) -> Store:
    path = tmp_path / f"{record['cveMetadata']['cveId']}.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    store = Store(tmp_path / "adv.sqlite")
    outcome = store.import_file(path)
    assert outcome.status == "imported", outcome.message
    return store


def _verdict(store: Store, os_id: str, version: str, adv_id: str, model: str = "X") -> str:
    found = {f.advisory.id: f for f in assess(store, os_id, model, version).findings}
    if adv_id not in found:
        return "not affected"
    return "affected" if found[adv_id].certain else "possibly"


def _fortios_entry(record: dict) -> dict:
    return next(e for e in record["containers"]["cna"]["affected"] if e["product"] == "FortiOS")


@pytest.mark.parametrize("lower", ["unspecified", "0", "*", "n/a"])
def test_open_lower_bound_with_less_than_or_equal(tmp_path, lower):
    """CVE-2024-21762 (FortiOS, real): ``7.4.0 .. <=7.4.2``; the lower bound written as other CNAs write
    it must mean "from the start", not drop the range (the issue's critical "not affected", exit 0)."""
    record = _record("cve5/fortinet/CVE-2024-21762.json")
    for item in _fortios_entry(record)["versions"]:
        if item.get("version") == "7.4.0":
            item["version"] = lower
    store = _store(tmp_path, record)
    assert _verdict(store, "fortios", "7.4.1", "CVE-2024-21762") == "affected"
    assert _verdict(store, "fortios", "7.4.3", "CVE-2024-21762") == "not affected"
    adv = store.get("CVE-2024-21762")
    assert not any(r.start and r.start.lower() in ("unspecified", "n/a", "*") for r in adv.affected)


@pytest.mark.parametrize("lower", ["unspecified", "0"])
def test_open_lower_bound_with_less_than(tmp_path, lower):
    """The same with ``lessThan`` (exclusive) at the first fixed release 7.4.3."""
    record = _record("cve5/fortinet/CVE-2024-21762.json")
    for item in _fortios_entry(record)["versions"]:
        if item.get("version") == "7.4.0":
            item.update(version=lower, lessThan="7.4.3")
            item.pop("lessThanOrEqual")
    store = _store(tmp_path, record)
    assert _verdict(store, "fortios", "7.4.2", "CVE-2024-21762") == "affected"
    assert _verdict(store, "fortios", "7.4.3", "CVE-2024-21762") == "not affected"
    finding = assess(store, "fortios", "X", "7.4.2").findings[0]
    assert [str(v) for v in finding.fixed_in] == ["7.4.3"]


def test_less_than_or_equal_real_record(tmp_path):
    """CVE-2024-21762 as published: ``6.0.0 <= 6.0.17``, default unaffected."""
    store = _store(tmp_path, _record("cve5/fortinet/CVE-2024-21762.json"))
    assert _verdict(store, "fortios", "6.0.17", "CVE-2024-21762") == "affected"
    assert _verdict(store, "fortios", "6.0.18", "CVE-2024-21762") == "not affected"
    assert _verdict(store, "fortios", "7.6.0", "CVE-2024-21762") == "not affected"


def test_changes_to_unaffected_per_hotfix_line(tmp_path):
    """CVE-2024-3400 (PAN-OS, real): ``10.2 < 10.2.0-h3`` with changes at each hotfix line's fix."""
    store = _store(tmp_path, _record("cve5/paloalto/CVE-2024-3400.json"))
    assert _verdict(store, "panos", "10.2.5", "CVE-2024-3400") == "affected"
    assert _verdict(store, "panos", "10.2.5-h6", "CVE-2024-3400") == "not affected"
    assert _verdict(store, "panos", "10.1.10", "CVE-2024-3400") == "not affected"  # "10.1 All" unaffected


def test_changes_back_to_affected_default_unaffected(tmp_path):
    """CVE-2025-4619 (PAN-OS, real): defaultStatus unaffected, changes in both directions
    (``11.1.4-h4`` affected again, ``11.1.4-h13`` unaffected)."""
    store = _store(tmp_path, _record("cve5/paloalto/CVE-2025-4619.json"))
    assert _verdict(store, "panos", "11.1.4-h5", "CVE-2025-4619") == "affected"
    assert _verdict(store, "panos", "11.1.4-h13", "CVE-2025-4619") == "not affected"
    assert _verdict(store, "panos", "12.1.0", "CVE-2025-4619") == "not affected"


def test_unaffected_item_with_change_to_affected_is_not_inverted(tmp_path):
    """The Palo Alto inversion: an item whose status is ``unaffected`` with a change to ``affected`` at a
    version. CVE-2025-4619's 11.2 item (real versions) rewritten that way: unaffected from 11.2.0,
    affected at 11.2.3, unaffected again at 11.2.5. Versions inside the affected segment are affected;
    the whole range must not be stored as "not affected"."""
    record = _record("cve5/paloalto/CVE-2025-4619.json")
    entry = next(e for e in record["containers"]["cna"]["affected"] if e["product"] == "PAN-OS")
    item = next(i for i in entry["versions"] if i.get("version") == "11.2.0")
    item.update(status="unaffected", lessThan="11.2.*",
                changes=[{"at": "11.2.3", "status": "affected"}, {"at": "11.2.5", "status": "unaffected"}])
    store = _store(tmp_path, record)
    assert _verdict(store, "panos", "11.2.1", "CVE-2025-4619") == "not affected"
    assert _verdict(store, "panos", "11.2.4", "CVE-2025-4619") == "affected"
    assert _verdict(store, "panos", "11.2.5", "CVE-2025-4619") == "not affected"


def test_default_status_affected_with_unaffected_ranges(tmp_path):
    """defaultStatus ``affected`` (every version not listed otherwise), on CVE-2024-21762's FortiOS entry:
    the listed ranges turned into unaffected ones leave the rest affected."""
    record = _record("cve5/fortinet/CVE-2024-21762.json")
    entry = _fortios_entry(record)
    entry["defaultStatus"] = "affected"
    entry["versions"] = [{"version": "7.4.3", "lessThan": "7.4.*", "status": "unaffected", "versionType": "semver"}]
    store = _store(tmp_path, record)
    assert _verdict(store, "fortios", "7.4.2", "CVE-2024-21762") == "affected"
    assert _verdict(store, "fortios", "7.4.3", "CVE-2024-21762") == "not affected"
    assert _verdict(store, "fortios", "7.2.0", "CVE-2024-21762") == "affected"


@pytest.mark.parametrize(("text", "inside", "outside"), [
    ("vers:semver/>=7.4.0|<7.4.3", "7.4.2", "7.4.3"),
    ("< 7.4.3", "7.4.2", "7.4.3"),
    ("<=7.4.2", "7.4.2", "7.4.3"),
])
def test_vers_and_operator_ranges_in_version(tmp_path, text, inside, outside):
    """A ``vers:`` range or an operator range written in ``version`` (no lessThan)."""
    record = _record("cve5/fortinet/CVE-2024-21762.json")
    _fortios_entry(record)["versions"] = [{"version": text, "status": "affected"}]
    store = _store(tmp_path, record)
    assert _verdict(store, "fortios", inside, "CVE-2024-21762") == "affected"
    assert _verdict(store, "fortios", outside, "CVE-2024-21762") == "not affected"


@pytest.mark.parametrize("item", [
    {"version": "vers:semver/>7.4.0", "status": "affected"},  # ">" is not kept exactly
    {"version": "7.4.0", "lessThan": "7.4.3 build 2573", "status": "affected"},  # a bound that does not parse
    {"version": "7.4.0 and earlier", "status": "affected"},
])
def test_unreadable_range_is_possibly_never_not_affected(tmp_path, item):
    record = _record("cve5/fortinet/CVE-2024-21762.json")
    _fortios_entry(record)["versions"] = [item]
    store = _store(tmp_path, record)
    assert _verdict(store, "fortios", "7.4.1", "CVE-2024-21762") == "possibly"
    finding = assess(store, "fortios", "X", "7.4.1").findings[0]
    assert finding.reasons[0]["code"] == "range_unreadable"


def test_status_unknown_is_possibly(tmp_path):
    record = _record("cve5/fortinet/CVE-2024-21762.json")
    for item in _fortios_entry(record)["versions"]:
        item["status"] = "unknown"
    store = _store(tmp_path, record)
    assert _verdict(store, "fortios", "7.4.1", "CVE-2024-21762") == "possibly"


def test_version_lists_huawei_real(tmp_path):
    """CVE-2017-15343 (Huawei AR3200, real): a comma-joined version list."""
    store = Store(tmp_path / "adv.sqlite")
    store.import_file(CORPUS / "cve5/huawei/CVE-2017-15343.json")
    assert _verdict(store, "huawei_vrp", "V200R008C30SPC100", "CVE-2017-15343", "AR3200") == "affected"
    assert _verdict(store, "huawei_vrp", "V200R009C00SPC500", "CVE-2017-15343", "AR3200") == "not affected"


def test_csaf_unreadable_range_is_possibly(tmp_path):
    """A CSAF ``product_version_range`` we cannot read (``vers:generic/>11.0``) on Palo Alto's CVE-2025-0114
    (real product tree): the product stays "possibly affected (range unreadable)"."""
    data = json.loads((CORPUS / "csaf/paloalto/CVE-2025-0114.json").read_text(encoding="utf-8"))
    text = json.dumps(data)
    assert "PAN-OS<11.0.2" in text
    data = json.loads(text.replace("vers:generic/PAN-OS<11.0.2", "vers:generic/PAN-OS>11.0.0"))
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    store = Store(tmp_path / "adv.sqlite")
    assert store.import_file(path).status == "imported"
    found = {f.advisory.id: f for f in assess(store, "panos", "X", "11.0.1").findings}
    assert not found["CVE-2025-0114"].certain
    assert any(r["code"] == "range_unreadable" for r in found["CVE-2025-0114"].reasons)


# ---- truncated CVE 5 version lists (CVE 4 -> 5 conversion) -------------------------------------------

TRUNCATED = "cve5/huawei/CVE-2017-17151.json"  # AR/SRG/TE...: the CVE 5 list is cut after AR1200's 6th version


def test_truncated_list_completed_from_legacy_record(tmp_path):
    """CVE-2017-17151 (real): the CVE 5 version string ends ``V200R ...[truncated*]``; the full list is in
    x_legacyV4Record. AR3200 (after the cut) must be affected at a version only the legacy list names."""
    store = Store(tmp_path / "adv.sqlite")
    outcome = store.import_file(CORPUS / TRUNCATED)
    assert outcome.status == "imported" and "x_legacyV4Record" in outcome.message
    assert _verdict(store, "huawei_vrp", "V200R008C20SPC800", "CVE-2017-17151", "AR3200") == "affected"
    assert _verdict(store, "huawei_vrp", "V200R007C02", "CVE-2017-17151", "AR1200") == "affected"  # after the cut
    assert _verdict(store, "huawei_vrp", "V200R009C00SPC500", "CVE-2017-17151", "AR3200") == "not affected"


def test_truncated_without_legacy_marks_models_after_the_cut_possibly(tmp_path):
    """The same record without its legacy part: models before the cut keep their versions, the model being
    listed at the cut and every later one are "possibly affected", and the import note says so."""
    record = _record(TRUNCATED)
    del record["containers"]["cna"]["x_legacyV4Record"]
    store = _store(tmp_path, record)
    adv = store.get("CVE-2017-17151")
    assert any("truncated" in n and "AR3200" in n for n in adv.notes)
    assert _verdict(store, "huawei_vrp", "V200R008C20SPC800", "CVE-2017-17151", "AR120") == "affected"
    assert _verdict(store, "huawei_vrp", "V200R009C00SPC500", "CVE-2017-17151", "AR120") == "not affected"
    assert _verdict(store, "huawei_vrp", "V200R008C20SPC800", "CVE-2017-17151", "AR3200") == "possibly"
    assert _verdict(store, "huawei_vrp", "V200R007C02", "CVE-2017-17151", "AR1200") == "possibly"
    finding = assess(store, "huawei_vrp", "AR3200", "V200R008C20SPC800").findings[0]
    assert finding.reasons == [{"code": "truncated", "product": "AR3200"}]


# ---- product families -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("model", "version", "expected"), [
    ("USG6650", "V500R005C00SPC100", "affected"),  # "Secospace USG6600" names the USG6600 family
    ("USG6620", "V500R001C60SPC500", "affected"),
    ("USG6650", "V500R001C30SPC200", "possibly"),  # in one of the two lines only: which product's?
    ("USG6650", "V500R001C80", "not affected"),
    ("USG6555E", "V500R005C00SPC100", "not affected"),  # USG6500E family: not named by the record
    ("USG9560", "V500R005C00SPC100", "affected"),  # "USG9500"
])
def test_family_names_match_models(tmp_path, model, version, expected):
    """CVE-2020-1873 (Huawei, real) names ``NIP6800;Secospace USG6600;USG9500`` with two version lines that
    do not say which product they belong to; versions both lines list are affected for all three."""
    store = Store(tmp_path / "adv.sqlite")
    store.import_file(CORPUS / "cve5/huawei/CVE-2020-1873.json")
    assert _verdict(store, "huawei_vrp", version, "CVE-2020-1873", model) == expected
    if expected == "affected":
        finding = assess(store, "huawei_vrp", model, version).findings[0]
        assert finding.via and finding.via[0]["product"] in ("Secospace USG6600", "USG9500")


def test_user_family_table_extends_the_shipped_one(tmp_path, monkeypatch):
    """A user file adds a family (USG6300 here, which the shipped table lacks); CVE-2020-9213 (real)
    names ``Secospace USG6300``."""
    from netinspect.advisories import catalog

    user = tmp_path / "families.yaml"
    user.write_text("families:\n  - {vendor: huawei, family: USG6300, names: [Secospace USG6300],"
                    " models: ['USG63\\d\\d(-.*)?']}\n", encoding="utf-8")
    store = Store(tmp_path / "adv.sqlite")
    store.import_file(CORPUS / "cve5/huawei/CVE-2020-9213.json")
    monkeypatch.setenv(catalog.FAMILIES_ENV, str(tmp_path / "none.yaml"))
    catalog.families.cache_clear()
    # without it, USG6370 matches "USG6300" only by the series heuristic: possibly
    assert _verdict(store, "huawei_vrp", "V500R005C00", "CVE-2020-9213", "USG6370") == "possibly"
    monkeypatch.setenv(catalog.FAMILIES_ENV, str(user))
    catalog.families.cache_clear()
    try:
        assert _verdict(store, "huawei_vrp", "V500R005C00SPC200", "CVE-2020-9213", "USG6370") == "affected"
    finally:
        catalog.families.cache_clear()


def test_show_says_which_family_matched(tmp_path):
    from typer.testing import CliRunner

    from netinspect.cli.advisories import advisories_app

    db = str(tmp_path / "adv.sqlite")
    runner = CliRunner()
    runner.invoke(advisories_app, ["import", str(CORPUS / "cve5/huawei/CVE-2020-1873.json"), "--advisories", db])
    out = runner.invoke(advisories_app, ["show", "CVE-2020-1873", "--model", "USG6650", "--advisories", db])
    assert out.exit_code == 0
    matches = {m["product"]: (m["match"], m["family"]) for m in json.loads(out.stdout)["model_match"]}
    assert matches == {"NIP6800": ("none", None), "Secospace USG6600": ("family", "USG6600"),
                       "USG9500": ("none", None)}


# ---- CVRF 1.1 / 1.2 XML ------------------------------------------------------------------------------

def test_cvrf_product_tree_and_statuses(tmp_path):
    """Cisco's CVRF 1.1 RVS4000 advisory (real) read as CSAF: product versions under their product names,
    Known Affected / Fixed statuses, the CVE. The same file with its product family renamed "IOS" shows
    the rows land on an OS we assess with their versions (the real file names routers we do not assess)."""
    from netinspect.advisories.importers import cvrf

    path = CORPUS / "cvrf/cisco/CVRF-1.1-cisco-sa-20110525-rvs4000.xml"
    doc = cvrf.to_csaf(cvrf.read_xml(path))
    assert doc["document"]["tracking"]["id"] == "cisco-sa-20110525-rvs4000"
    assert doc["document"]["publisher"]["name"] == "Cisco"
    family = doc["product_tree"]["branches"][0]["branches"][0]
    assert (family["category"], family["name"]) == ("product_family", "RVS4000")
    leaf = family["branches"][0]["branches"][0]
    assert (leaf["category"], leaf["name"], leaf["product"]["product_id"]) == ("product_version", "1", "CVRF1.1-PID-0001")
    vuln = doc["vulnerabilities"][0]
    assert vuln["cve"] == "CVE-2011-1645" and "CVRF1.1-PID-0001" in vuln["product_status"]["known_affected"]
    text = path.read_text(encoding="utf-8").replace('Name="Gigabit Security Router"', 'Name="Cisco IOS"') \
        .replace('<Branch Type="Product Version" Name="1">', '<Branch Type="Product Version" Name="15.2(7)E4">')
    renamed = tmp_path / "renamed.xml"
    renamed.write_text(text, encoding="utf-8")
    store = Store(tmp_path / "adv.sqlite")
    outcome = store.import_file(renamed)
    assert (outcome.status, outcome.format) == ("imported", "cvrf")
    assert _verdict(store, "cisco_ios", "15.2(7)E4", "cisco-sa-20110525-rvs4000") == "affected"
    assert _verdict(store, "cisco_ios", "15.2(7)E5", "cisco-sa-20110525-rvs4000") == "not affected"


def test_cvrf_with_doctype_is_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><cvrfdoc>&lol;</cvrfdoc>')
    outcome = Store(tmp_path / "adv.sqlite").import_file(path)
    assert outcome.status == "rejected" and "DOCTYPE" in outcome.message


def test_folder_import_lines_in_the_run_language_and_exit_1_on_rejection(tmp_path):
    """Per file imported / skipped / rejected with the reason, in Chinese for --lang zh; exit 1 because
    one file was rejected (the others still import)."""
    import shutil

    from typer.testing import CliRunner

    from netinspect.cli.advisories import advisories_app

    folder = tmp_path / "in"
    folder.mkdir()
    for name in (TRUNCATED, "cvrf/cisco/CVRF-1.1-cisco-sa-20110525-rvs4000-notwellformed.xml",
                 "cvrf/oasis/cvrf_example_e.xml"):
        shutil.copy(CORPUS / name, folder / Path(name).name)
    out = CliRunner().invoke(advisories_app, ["import", str(folder), "--advisories", str(tmp_path / "a.sqlite"),
                                              "--lang", "zh"])
    assert out.exit_code == 1
    lines = out.output.splitlines()
    assert any(ln.startswith("已导入") and "x_legacyV4Record）补全" in ln for ln in lines)
    assert any(ln.startswith("已跳过") and "没有本工具评估的产品" in ln for ln in lines)
    assert any(ln.startswith("错误：") and "不是格式正确的 XML" in ln for ln in lines)
