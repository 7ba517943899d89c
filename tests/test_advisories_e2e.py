"""`netinspect advisories import` of Cisco's CSAF file as published, then `netinspect versions --logs` on
session logs built from real device output (shared/samples):

- C9200L (IOS-XE 17.9.4a, real `show version`): affected by cisco-sa-snmp-dos-sdxnSUcW, with the
  advisory's severity (CVSS 7.7 -> high);
- C9200L-B: the same output with only the version changed to 17.9.7, a release of the same 17.9 train that
  the advisory does not list: not affected;
- NE20E-S4 (Huawei VRP8, real): no advisory in the store concerns it: "unknown: no advisory data for this
  model" (insufficient data, never "not affected"), and the approved baseline still applies.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from tests.conftest import sample

CISCO_CSAF = Path(__file__).parent / "advisories_corpus" / "csaf" / "cisco" / "cisco-sa-snmp-dos-sdxnSUcW.json"


def _log(prompt: str, commands: list[tuple[str, str]]) -> str:
    return "".join(f"{prompt}{typed}\n{text.rstrip()}\n" for typed, text in commands) + prompt + "\n"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("e2e")
    logs = root / "logs"
    logs.mkdir()
    version = sample("cisco_iosxe/show_version/oxidized_C9200L_17.9.4a.txt")
    inventory = sample("cisco_iosxe/show_inventory/oxidized_C9200L.txt")
    (logs / "C9200L.log").write_text(_log("C9200L#", [("show version", version), ("show inventory", inventory)]))
    newer = version.replace("17.09.04a", "17.09.07").replace("Version 17.9.4a,", "Version 17.9.7,")
    (logs / "C9200L-B.log").write_text(_log("C9200L-B#", [("show version", newer), ("show inventory", inventory)]))
    (logs / "NE20E-S4.log").write_text(_log("<NE20E-S4>", [
        ("display version", sample("huawei_vrp8/display_version/netinspect_NE20E-S4.txt"))]))
    store = root / "adv.sqlite"
    result = CliRunner().invoke(app, ["advisories", "import", str(CISCO_CSAF), "--advisories", str(store), "--lang", "en"])
    assert result.exit_code == 0 and "imported" in result.output, result.output
    baseline = root / "recommended.yaml"
    baseline.write_text("baseline:\n  NE20E-S4: V800R012C10SPC300\n", encoding="utf-8")
    return {"logs": logs, "store": store, "baseline": baseline, "root": root}


def _versions(setup: dict[str, Path], lang: str, *extra: str) -> dict[str, dict]:
    out = setup["root"] / f"out-{lang}-{len(extra)}"
    result = CliRunner().invoke(app, ["versions", "--logs", str(setup["logs"]), "--advisories", str(setup["store"]),
                                      "--out", str(out), "--format", "json", "--lang", lang, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {d["name"]: next(r for r in d["results"] if r["check"] == "version.advisories") for d in data["devices"]}


def test_versions_affected_by_cisco_csaf_with_its_severity(setup):
    res = _versions(setup, "en")
    hit = res["C9200L"]
    assert hit["status"] == "fail" and hit["severity"] == "high"
    (entry,) = hit["advisories"]
    assert entry["id"] == "cisco-sa-snmp-dos-sdxnSUcW" and entry["cvss"] == 7.7 and entry["severity"] == "high"
    assert entry["certainty"] == "affected" and "17.9.4a" in entry["matched"]
    assert "CVE-2025-20169" in entry["cves"]


def test_versions_same_train_not_listed_is_not_affected(setup):
    res = _versions(setup, "en")
    clean = res["C9200L-B"]
    assert clean["observed"] == "17.9.7" and clean["status"] == "pass" and not clean.get("advisories")


@pytest.mark.parametrize(("lang", "text"), [("en", "Unknown: no advisory data for this model"),
                                            ("zh", "未知：公告库中没有该型号的公告数据")])
def test_versions_no_advisory_data_is_unknown_not_clean(setup, lang, text):
    res = _versions(setup, lang)
    unknown = res["NE20E-S4"]
    assert unknown["status"] == "insufficient_data" and text in unknown["message"]
    assert unknown["advisory_data"] == "none"


def test_versions_no_advisory_data_baseline_still_applies(setup):
    res = _versions(setup, "en", "--baseline", str(setup["baseline"]))
    unknown = res["NE20E-S4"]
    assert unknown["status"] == "insufficient_data"
    assert unknown["recommended_version"] == "V800R012C10SPC300"
    assert "V800R012C10SPC300" in unknown["advice"]


def test_import_cli_one_line_per_bad_file_others_import(tmp_path):
    """A directory with a malformed file, a skipped one and an imported one: one error line naming the
    file and the reason (no traceback), a skipped line with the reason, the rest imported, exit 1 because
    a file was rejected; `list` shows the skipped advisory with its reason."""
    corpus = Path(__file__).parent / "advisories_corpus"
    files = [corpus / "csaf/fortinet/csaf_apache-tika-cve-2025-54988.json",
             corpus / "csaf/cisco/cisco-sa-ios-xr-verii-bypass-HhPwQRvx.json",
             corpus / "cve5/fortinet/CVE-2024-21762.json"]
    store = str(tmp_path / "a.sqlite")
    result = CliRunner().invoke(app, ["advisories", "import", *map(str, files), "--advisories", store, "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {files[0]}: vulnerabilities is not a list of objects"]
    assert "skipped   " in result.output and "no product we assess (Cisco IOS XR Software)" in result.output
    assert "1 imported, 1 skipped (stored, not assessed), 0 unchanged, 1 rejected" in result.output
    listed = CliRunner().invoke(app, ["advisories", "list", "--advisories", store, "--lang", "en"]).output
    assert "[skipped: no product we assess (Cisco IOS XR Software)]" in listed and "CVE-2024-21762" in listed
