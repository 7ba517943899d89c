"""Verdicts that rank: "affected", "possibly" and "not affected" apart; --fail-on counts only "affected"
unless --fail-on-possibly; the recommended version fixes every affected advisory with "possibly" ones
beside it; CISA KEV flags (from the record's ADP container or an imported KEV catalog) shown and raising
the priority.

Devices: real `show version` of a C9200L (IOS-XE, shared/samples) at 17.9.3a (listed by CVE-2023-20198,
a KEV entry in its CISA-ADP container) and at 17.9.7 (not listed; only CVE-2018-0156, which names IOS XE
without versions, applies: "possibly"). Records: real cvelistV5 files of tests/advisories_corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.advisories.match import assess
from netinspect.advisories.recommend import recommend
from netinspect.advisories.store import Store
from netinspect.cli.app import app
from tests.conftest import sample

CORPUS = Path(__file__).parent / "advisories_corpus"
DATA = Path(__file__).parent / "data" / "advisories"


def _log(prompt: str, commands: list[tuple[str, str]]) -> str:
    return "".join(f"{prompt}{typed}\n{text.rstrip()}\n" for typed, text in commands) + prompt + "\n"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("rank")
    logs = root / "logs"
    logs.mkdir()
    version = sample("cisco_iosxe/show_version/oxidized_C9200L_17.9.4a.txt")
    older = version.replace("17.09.04a", "17.09.03a").replace("Version 17.9.4a,", "Version 17.9.3a,")
    newer = version.replace("17.09.04a", "17.09.07").replace("Version 17.9.4a,", "Version 17.9.7,")
    (logs / "SW-OLD.log").write_text(_log("SW-OLD#", [("show version", older)]))
    (logs / "SW-NEW.log").write_text(_log("SW-NEW#", [("show version", newer)]))
    store = root / "adv.sqlite"
    files = [CORPUS / "cve5/cisco/CVE-2023-20198.json", CORPUS / "cve5/cisco/CVE-2018-0156.json"]
    result = CliRunner().invoke(app, ["advisories", "import", *map(str, files), "--advisories", str(store)])
    assert result.exit_code == 0, result.output
    return {"logs": logs, "store": store, "root": root}


def _versions(setup: dict[str, Path], *extra: str) -> tuple[int, dict[str, dict]]:
    out = setup["root"] / f"out-{len(list(setup['root'].iterdir()))}"
    result = CliRunner().invoke(app, ["versions", "--logs", str(setup["logs"]), "--advisories", str(setup["store"]),
                                      "--out", str(out), "--format", "json,html", "--lang", "en", *extra])
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return result.exit_code, {d["name"]: next(r for r in d["results"] if r["check"] == "version.advisories")
                              for d in data["devices"]}


def test_possibly_alone_is_not_a_failure(setup):
    code, res = _versions(setup, "--fail-on", "medium")
    new = res["SW-NEW"]
    assert new["status"] == "insufficient_data" and new["verdict"] == "possibly"
    assert [a["id"] for a in new["advisories"]] == ["CVE-2018-0156"]
    assert new["advisories"][0]["certainty"] == "possibly_affected"
    assert "possibly affected" in new["message"] and "CVE-2018-0156" in new["advice"]
    old = res["SW-OLD"]
    assert old["status"] == "fail" and old["verdict"] == "affected"
    assert code == 1  # SW-OLD is affected (critical)


def test_fail_on_counts_only_affected_unless_asked(tmp_path, setup):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "SW-NEW.log").write_text((setup["logs"] / "SW-NEW.log").read_text())
    only_new = dict(setup, logs=logs, root=tmp_path)
    code, res = _versions(only_new, "--fail-on", "medium")
    assert code == 0 and res["SW-NEW"]["verdict"] == "possibly"
    code, _ = _versions(only_new, "--fail-on", "medium", "--fail-on-possibly")
    assert code == 1  # CVE-2018-0156 is unscored: medium


def test_kev_from_the_record_is_shown_and_listed_first(setup):
    _, res = _versions(setup)
    old = res["SW-OLD"]
    first = old["advisories"][0]
    assert first["id"] == "CVE-2023-20198" and first["kev"] == "2023-10-16"
    assert old["kev"] == ["CVE-2023-20198", "CVE-2018-0156"] and "known exploited" in old["message"]
    html = next(p for p in setup["root"].glob("out-*/versions.html")).read_text(encoding="utf-8")
    assert "Known exploited 2023-10-16" in html


def test_kev_catalog_import_flags_and_raises(tmp_path):
    """The real KEV catalog excerpt (one Microsoft entry) imports as a catalog, re-import is unchanged; a
    catalog CVE raises an advisory's severity to the data file's kev_minimum."""
    from netinspect.advisories.suite import kev_severity

    store = Store(tmp_path / "adv.sqlite")
    outcome = store.import_file(DATA / "kev/known_exploited_vulnerabilities.json")
    assert (outcome.status, outcome.format) == ("imported", "kev") and "1 known exploited" in outcome.message
    assert store.import_file(DATA / "kev/known_exploited_vulnerabilities.json").status == "unchanged"
    assert store.kev(["cve-2022-21971", "CVE-2000-0001"]) == "2022-08-18"
    assert store.kev(["CVE-2000-0001"]) is None
    assert kev_severity("low", "2022-08-18") == "high" and kev_severity("critical", "x") == "critical"
    assert kev_severity("low", None) == "low"


def test_recommended_version_fixes_affected_with_possibly_beside(tmp_path):
    """FortiOS 7.4.1: CVE-2024-21762 (real record, its 7.4 range rewritten ``lessThan`` 7.4.3 so that a fix
    is named) affects it; a second copy whose range cannot be read makes it "possibly" affected by that
    one. The recommendation is 7.4.3 with the possibly one listed beside, not blocked by it."""
    record = json.loads((CORPUS / "cve5/fortinet/CVE-2024-21762.json").read_text(encoding="utf-8"))
    entry = next(e for e in record["containers"]["cna"]["affected"] if e["product"] == "FortiOS")
    for item in entry["versions"]:
        if item.get("version") == "7.4.0":
            item["lessThan"] = "7.4.3"
            item.pop("lessThanOrEqual")
    (tmp_path / "fixed.json").write_text(json.dumps(record), encoding="utf-8")
    record["cveMetadata"]["cveId"] = "CVE-2024-21762-UNREADABLE"
    entry["versions"] = [{"version": "7.4.0", "lessThan": "7.4.3 build 2573", "status": "affected"}]
    (tmp_path / "unreadable.json").write_text(json.dumps(record), encoding="utf-8")
    store = Store(tmp_path / "adv.sqlite")
    assert [o.status for o in store.import_paths([tmp_path])] == ["imported", "imported"]
    a = assess(store, "fortios", "FG-100F", "7.4.1")
    assert {f.advisory.id: f.certain for f in a.findings} == {"CVE-2024-21762": True,
                                                               "CVE-2024-21762-UNREADABLE": False}
    rec = recommend(a, None)
    assert (rec.version, rec.source, rec.unfixed, rec.possibly) == ("7.4.3", "fixes", [], ["CVE-2024-21762-UNREADABLE"])
    only_possibly = assess(store, "fortios", "FG-100F", "7.4.1")
    only_possibly.findings = [f for f in only_possibly.findings if not f.certain]
    assert recommend(only_possibly, None).source == "current"


# ---- exposure ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exposure_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """C9200L (real show version and running-config, ytti/oxidized) at 17.9.3a: affected by
    CVE-2023-20198 (Web UI) whose config says ``no ip http server``, and by cisco-sa-snmp-dos-sdxnSUcW
    (SNMP) whose config has ``snmp-server community``. The same device without its configuration."""
    root = tmp_path_factory.mktemp("exposure")
    logs = root / "logs"
    logs.mkdir()
    version = sample("cisco_iosxe/show_version/oxidized_C9200L_17.9.4a.txt")
    older = version.replace("17.09.04a", "17.09.03a").replace("Version 17.9.4a,", "Version 17.9.3a,")
    config = sample("cisco_iosxe/show_running-config/oxidized_C9200L.txt")
    (logs / "WITH-CONFIG.log").write_text(_log("WITH-CONFIG#", [("show version", older), ("show running-config", config)]))
    (logs / "NO-CONFIG.log").write_text(_log("NO-CONFIG#", [("show version", older)]))
    store = root / "adv.sqlite"
    files = [CORPUS / "cve5/cisco/CVE-2023-20198.json", CORPUS / "csaf/cisco/cisco-sa-snmp-dos-sdxnSUcW.json"]
    assert CliRunner().invoke(app, ["advisories", "import", *map(str, files), "--advisories", str(store)]).exit_code == 0
    runs = {}
    for lang in ("en", "zh"):
        out = root / f"out-{lang}"
        CliRunner().invoke(app, ["versions", "--logs", str(logs), "--advisories", str(store), "--out", str(out),
                                 "--format", "json,html", "--lang", lang])
        data = json.loads((out / "results.json").read_text(encoding="utf-8"))
        runs[lang] = {d["name"]: next(r for r in d["results"] if r["check"] == "version.advisories")
                      for d in data["devices"]}
        runs[lang]["html"] = (out / "versions.html").read_text(encoding="utf-8")
    return runs


def test_affected_and_exposed_vs_feature_not_configured(exposure_run):
    res = exposure_run["en"]["WITH-CONFIG"]
    by_id = {a["id"]: a for a in res["advisories"]}
    web, snmp = by_id["CVE-2023-20198"], by_id["cisco-sa-snmp-dos-sdxnSUcW"]
    assert web["certainty"] == "affected" and web["exposure"] == "none_found"
    assert web["exposure_text"].startswith("affected, feature not configured") and "exposure: none found" in web["exposure_text"]
    assert snmp["exposure"] == "exposed" and snmp["exposure_evidence"].startswith("snmp-server community")
    assert res["exposure"] == {"CVE-2023-20198": "none_found", "cisco-sa-snmp-dos-sdxnSUcW": "exposed"}
    assert "feature not configured (exposure: none found): CVE-2023-20198" in res["message"]
    assert res["status"] == "fail"  # the version is still affected: the verdict and the advice stay


def test_no_configuration_is_not_evaluated_never_not_exposed(exposure_run):
    res = exposure_run["en"]["NO-CONFIG"]
    assert set(res["exposure"].values()) == {"not_evaluated"}
    assert all("exposure not evaluated" in a["exposure_text"] for a in res["advisories"])


def test_exposure_in_both_languages(exposure_run):
    assert "未配置 Web UI" in exposure_run["zh"]["html"] and "暴露面：未发现" in exposure_run["zh"]["html"]
    assert "affected and exposed: SNMP" in exposure_run["en"]["html"]
