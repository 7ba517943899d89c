"""Advisory store: importing the real CSAF / CVE JSON 5 samples, bad files, YAML bulletins, matching,
the version suite, recommendations and the version report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from netinspect.advisories.match import assess, model_match
from netinspect.advisories.recommend import recommend
from netinspect.advisories.report import build, write_reports
from netinspect.advisories.store import Store
from netinspect.advisories.suite import run as run_suite
from netinspect.advisories.suite import run_fleet
from netinspect.checks.context import AnalysisContext
from netinspect.cli.advisories import advisories_app
from netinspect.core.model import Device, Identity
from netinspect.core.raw import RawDevice
from netinspect.core.results import DeviceResult, Run

DATA = Path(__file__).parent / "data" / "advisories"


@pytest.fixture
def store(tmp_path: Path, samples_dir: Path) -> Store:
    s = Store(tmp_path / "adv.sqlite")
    s.import_paths([samples_dir / "advisories", DATA / "bulletins.yaml"], now="2024-01-01T00:00:00+00:00")
    yield s
    s.close()


def test_import_samples_idempotent(tmp_path: Path, samples_dir: Path):
    with Store(tmp_path / "a.sqlite") as s:
        first = s.import_paths([samples_dir / "advisories"])
        dump = s.dump()
        second = s.import_paths([samples_dir / "advisories"])
        assert s.dump() == dump
    status = {Path(o.path).name: o.status for o in first}
    assert status["cisco-sa-20180328-smi2.json"] == "imported"
    assert status["CVE-2017-15343.json"] == "imported"
    # a record naming no product (n/a) is stored and skipped with the reason, never a failed file;
    # "Cisco IOS and IOS XE" without versions names both OSes (possibly affected, no versions)
    assert status["CVE-2015-6586.json"] == "skipped" and status["CVE-2018-0171.json"] == "imported"
    assert {o.status for o in second} == {"unchanged"}


def test_bad_files_reported_rest_imported(tmp_path: Path, samples_dir: Path):
    with Store(tmp_path / "b.sqlite") as s:
        out = {Path(o.path).name: o for o in s.import_paths(
            [DATA / "broken.json", DATA / "csaf_unknown_tree.json", DATA / "cve_no_versions.json",
             samples_dir / "advisories" / "cve" / "CVE-2017-15324.json"])}
        assert out["broken.json"].status == "rejected" and "JSON" in out["broken.json"].message
        assert out["CVE-2017-15324.json"].status == "imported"
        assert s.get("CVE-2017-15324") is not None
        # a full_product_names-only tree: "FortiOS 7.4.3" is read as product and version
        assert out["csaf_unknown_tree.json"].status == "imported"
        rows = s.get("TEST-UNKNOWN-TREE").affected
        assert [(r.os, r.status, r.version) for r in rows] == [("fortios", "affected", "7.4.3")]
        # a model named without versions: every version, "possibly" (no_versions)
        assert out["cve_no_versions.json"].status == "imported"
        assert [(r.product, r.version, r.uncertain) for r in s.get("CVE-0000-0002").affected] == [
            ("S5700", None, "no_versions")]


def test_huawei_comma_joined_versions(store: Store):
    adv = store.get("CVE-2017-17300")
    pairs = {(a.product, a.version) for a in adv.affected}
    assert ("S5700", "V200R007C00") in pairs and ("S12700", "V200R007C00") not in pairs
    ar = store.get("CVE-2017-15343")
    assert {a.version for a in ar.affected} >= {"V200R006C10", "V200R008C30"}
    unaligned = store.get("CVE-2020-1873")
    # versions both lines list are certain for every product, the others stay "unaligned"
    both = {"V500R001C60SPC500", "V500R005C00SPC100"}
    assert all((a.uncertain is None) == (a.version in both) for a in unaligned.affected)
    assert {a.uncertain for a in unaligned.affected} == {None, "unaligned"}


def test_cisco_csaf_match_score(store: Store):
    a = assess(store, "cisco_ios", "WS-C2960-48TC-L", "12.2(55)SE7")
    f = {x.advisory.id: x for x in a.findings}["cisco-sa-20180328-smi2"]
    assert f.certain and f.advisory.cvss == 9.8 and "CVE-2018-0171" in f.advisory.cves
    # same train, version not listed; and another train altogether: only CVE-2018-0156, a record that
    # names IOS without versions, remains, and only as "possibly affected"
    for version in ("12.2(55)SE14", "15.2(7)E4"):
        findings = assess(store, "cisco_ios", "X", version).findings
        assert [(f.advisory.id, f.certain, f.reasons) for f in findings] == [
            ("CVE-2018-0156", False, [{"code": "no_versions", "product": "cisco_ios"}])]


def test_iosxe_cve5_and_fixed_version_from_csaf(store: Store):
    a = assess(store, "cisco_iosxe", "C9300-24T", "17.9.3a")
    certain = [f for f in a.findings if f.certain]
    assert [f.advisory.id for f in certain] == ["CVE-2023-20198"] and certain[0].advisory.cvss == 10.0
    assert not [f for f in assess(store, "cisco_iosxe", "C9300-24T", "17.9.4a").findings if f.certain]
    forti = assess(store, "fortios", "FG-100F", "7.4.3")
    assert [str(v) for v in forti.findings[0].fixed_in] == ["7.4.8", "7.4.9"]
    assert recommend(forti, None).version == "7.4.8"
    assert forti.findings[0].advisory.cvss == 6.7


def test_huawei_model_and_series(store: Store):
    exact = assess(store, "huawei_vrp", "S7706", "V200R010C00SPC600", line="S7700")
    ids = {f.advisory.id: f for f in exact.findings}
    assert ids["CVE-2017-15324"].certain and ids["CVE-2017-15324"].advisory.cvss is None
    series = assess(store, "huawei_vrp", "S5720-28X-EI", "V200R011C10SPC500")
    assert not series.findings  # V200R011C10 not listed for S5700 (only C00)
    series = assess(store, "huawei_vrp", "S5720-28X-EI", "V200R011C00SPC100")
    f = {x.advisory.id: x for x in series.findings}["CVE-2017-15324"]
    assert not f.certain and f.reasons == [{"code": "series", "product": "S5700"}]
    assert model_match("S5700", "S6720-30C-EI") is None


def test_hot_patch_fixes_bug(store: Store):
    before = assess(store, "huawei_vrp", "S7706", "V200R010C00SPC600", patch="V200R010SPH010", line="S7700")
    after = assess(store, "huawei_vrp", "S7706", "V200R010C00SPC600", patch="V200R010SPH016", line="S7700")
    assert "TEST-HUAWEI-BUG-0001" in {f.advisory.id for f in before.findings}
    assert "TEST-HUAWEI-BUG-0001" not in {f.advisory.id for f in after.findings}


def test_no_data_is_insufficient(store: Store):
    assert assess(store, "huawei_vrp8", "NE40E-X8A", "V800R021C10SPC600").problem["code"] == "no_data_model"
    assert assess(store, "h3c_comware", "MSR3600", "Release 0821P18").problem["code"] == "no_data_model"
    assert assess(store, "huawei_vrp", "S7706", "5.170").problem["code"] == "version"


def test_recommendation_lowest_fixing_all(store: Store):
    a = assess(store, "h3c_comware", "S6800-54QF", "Version 7.1.070, Release 6728P22")
    assert {f.advisory.id for f in a.findings} == {"TEST-H3C-0001", "TEST-H3C-0002"}
    assert recommend(a, None).version == "Release 6728P25"
    assert recommend(a, {"S6800-*": "Release 6728P30"}).source == "baseline"
    other_family = assess(store, "h3c_comware", "S6800-54QF", "Release 2510P01")
    assert not other_family.findings  # the range is in family 67 only


def _device(name, os, model, version, patch=None, host=None, evidence=()):
    ident = Identity(hostname=name, vendor=os.split("_")[0], os=os, model=model, version=version, patch=patch,
                     serial="SN-" + name, evidence=list(evidence))
    return DeviceResult(raw=RawDevice(name=name, os=os, host=host), device=Device(name=name, identity=ident))


def _fleet():
    return [
        _device("core1", "huawei_vrp", "S7706", "V200R010C00SPC600", host="10.0.0.1",
                evidence=["VRP (R) software, Version 5.170 (S7700 V200R010C00SPC600)"]),
        _device("acc1", "cisco_ios", "WS-C2960-48TC-L", "12.2(55)SE7", host="10.0.0.2"),
        _device("acc2", "cisco_ios", "WS-C2960-48TC-L", "12.2(55)SE12", host="10.0.0.3"),
        _device("dc1", "h3c_comware", "S6800-54QF", "Version 7.1.070, Release 6728P22"),
        _device("edge1", "huawei_vrp8", "NE40E-X8A", "V800R021C10SPC600"),
        _device("odd", "cisco_iosxe", "ISR4331", "V169_5_SR689355441_2"),
    ]


def test_suite_results(store: Store):
    devices = _fleet()
    ctx = AnalysisContext(lang="en", options={"advisories": str(store.path), "new_since": "2023-12-01"})
    run_suite(devices, ctx)
    run_fleet(devices, ctx)
    res = {d.name: {r.check: r for r in d.results} for d in devices}
    core = res["core1"]["version.advisories"]
    assert core.status == "fail" and core.severity == "medium"  # unscored Huawei CVE -> data file band
    acc = res["acc1"]["version.advisories"]
    smi = {e["id"]: e for e in acc.advisories}["cisco-sa-20180328-smi2"]
    assert acc.severity == "critical" and smi["cvss"] == 9.8 and smi["certainty"] == "affected"
    assert "cisco-sa-20180328-smi2" in acc.extra["new_advisories"]
    assert res["edge1"]["version.advisories"].status == "insufficient_data"
    assert "no advisory data" in res["edge1"]["version.advisories"].message
    assert res["odd"]["version.advisories"].status == "insufficient_data"
    assert res["dc1"]["version.advisories"].extra["recommended_version"] == "Release 6728P25"
    assert res["acc1"]["version.consistency"].status == "fail" and res["acc1"]["version.consistency"].severity == "low"
    assert res["core1"]["version.consistency"].status == "skipped"


def test_suite_without_store_adds_nothing(tmp_path: Path):
    devices = _fleet()
    run_suite(devices, AnalysisContext(options={"advisories": str(tmp_path / "none.sqlite")}))
    assert all(not d.results for d in devices)


def test_reports_zh_en(store: Store, tmp_path: Path):
    for lang in ("zh", "en"):
        devices = _fleet()
        run_suite(devices, AnalysisContext(lang=lang, options={"advisories": str(store.path)}))
        run = Run(id="t", started="2024-01-01T00:00:00+00:00", finished="2024-01-01T00:00:01+00:00",
                  source="logs", lang=lang, devices=devices)
        paths = write_reports(run, tmp_path / lang, ["html", "md", "json", "xlsx"], lang)
        md = (tmp_path / lang / "versions.md").read_text(encoding="utf-8")
        html = (tmp_path / lang / "versions.html").read_text(encoding="utf-8")
        assert "cisco-sa-20180328-smi2" in md and "CVE-2018-0171" in md and "9.8" in md
        assert ("版本评估报告" in md) == (lang == "zh") and ("Version assessment report" in md) == (lang == "en")
        assert "<script" not in html and "http" not in html.split("<body>")[0]  # self-contained
        sheet = load_workbook(tmp_path / lang / "versions.xlsx").worksheets[1]  # summary, devices, advisories
        assert sheet.max_row == 7 and sheet["A2"].value == "core1"
        results = json.loads((tmp_path / lang / "results.json").read_text(encoding="utf-8"))
        assert results["schema_version"] == "1" and len(paths) == 5
    summary = {(s["model"], s["version"]): s for s in build(devices)["summary"]}
    assert summary[("WS-C2960-48TC-L", "12.2(55)SE7")]["max_cvss"] == 9.8


def test_cli_import_stats_show(tmp_path: Path, samples_dir: Path):
    runner = CliRunner()
    db = str(tmp_path / "c.sqlite")
    out = runner.invoke(advisories_app, ["import", str(samples_dir / "advisories"), "--advisories", db, "--lang", "en"])
    assert out.exit_code == 0 and "rejected" in out.output
    stats = runner.invoke(advisories_app, ["stats"], env={"NETINSPECT_ADVISORIES": db})
    assert "huawei\thuawei_vrp\t6" in stats.output and "cisco\tcisco_iosxe\t4" in stats.output
    show = runner.invoke(advisories_app, ["show", "CVE-2023-20198", "--advisories", db])
    assert json.loads(show.output)["cvss"] == 10.0


def test_list_vendor_is_case_insensitive(store: Store):
    lower = [r["id"] for r in store.list("huawei")]
    assert lower and lower == [r["id"] for r in store.list("HUAWEI")] == [r["id"] for r in store.list("Huawei")]
