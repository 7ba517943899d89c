"""IOS-XE SMUs and APSPs from `show install summary` as installed patches (issue 21 item 4), on the demo's
C9300 log (netinspect/lab/fleet) with genieparser's real `show install summary` output that lists an
activated SMU (tests/corpus/cisco_iosxe/show_install_summary/genie_golden_output.txt, Apache-2.0):

- an SMU the advisory does not name: "possibly affected" with the reason, never "not affected";
- an SMU whose file name carries the bug ID the advisory names as its fix (Cisco names SMU files
  PLATFORM.RELEASE.BUGID.SPA.smu.bin; CSCwh87343 is the bug of CVE-2023-20198 per Cisco's CVE record):
  not affected by that advisory;
- no SMU: affected, as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.lab.demo import demo_advisory_store
from netinspect.lab.fleet import FLEET_DIR

GENIE = Path(__file__).parent / "corpus" / "cisco_iosxe" / "show_install_summary" / "genie_golden_output.txt"
REJECTED = "BJ-DIST-01#show install summary\n                ^\n% Invalid input detected at '^' marker.\n"
WEBUI = "cisco-sa-iosxe-webui-privesc-j22SaA4z"


def _log(tmp: Path, smu_name: str | None) -> Path:
    text = (FLEET_DIR / "cisco_c9300_dist.log").read_text(encoding="utf-8")
    assert REJECTED in text
    if smu_name is not None:
        summary = GENIE.read_text(encoding="utf-8").split("\n", 1)[1].rstrip() + "\n"  # without its prompt line
        assert "SMU   U    bootflash:utah.bm.smu.may15.bin" in summary
        text = text.replace(REJECTED, "BJ-DIST-01#show install summary\n"
                            + summary.replace("bootflash:utah.bm.smu.may15.bin", smu_name))
    logs = tmp / "logs"
    logs.mkdir()
    (logs / "dist.log").write_text(text, encoding="utf-8")
    return logs


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    path = Path(demo_advisory_store(tmp_path / "adv.sqlite"))
    (tmp_path / "smu.yaml").write_text("""format: netinspect-bulletins/1
bulletins:
  - id: TEST-SMU-NAMED
    vendor: cisco
    os: cisco_iosxe
    title: test bulletin naming a fixing SMU by its bug ID
    cves: [CVE-2023-20198]
    products:
      - models: ["*"]
        ranges: [{from: 17.9.1, before: 17.9.4a}]
        fixed: [17.9.4a, CSCwh87343]
""", encoding="utf-8")
    result = CliRunner().invoke(app, ["advisories", "import", str(tmp_path / "smu.yaml"), "--advisories", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _entries(logs: Path, store: Path, out: Path, lang: str = "en") -> tuple[dict, dict[str, dict]]:
    CliRunner().invoke(app, ["versions", "--logs", str(logs), "--advisories", str(store), "--out", str(out),
                             "--format", "json", "--lang", lang])
    (device,) = json.loads((out / "results.json").read_text(encoding="utf-8"))["devices"]
    result = next(r for r in device["results"] if r["check"] == "version.advisories")
    return result, {e["id"]: e for e in result.get("advisories") or []}


def test_unnamed_smu_makes_the_advisory_possibly_not_gone(store: Path, tmp_path: Path):
    result, entries = _entries(_log(tmp_path, "bootflash:utah.bm.smu.may15.bin"), store, tmp_path / "out")
    for advisory in (WEBUI, "TEST-SMU-NAMED"):
        entry = entries[advisory]
        assert entry["certainty"] == "possibly_affected", advisory
        assert "bootflash:utah.bm.smu.may15.bin" in json.dumps(entry["reasons"], ensure_ascii=False)
    assert result["status"] != "pass"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_smu_named_by_bug_id_is_the_fix(store: Path, tmp_path: Path, lang: str):
    smu = "bootflash:cat9k_iosxe.17.09.04.CSCwh87343.SPA.smu.bin"
    result, entries = _entries(_log(tmp_path, smu), store, tmp_path / "out", lang)
    assert "TEST-SMU-NAMED" not in entries  # the installed SMU is the fix it names
    assert entries[WEBUI]["certainty"] == "possibly_affected"  # the vendor's advisory names no SMU: not cleared
    said = {"en": "SMU/APSP bootflash:cat9k_iosxe.17.09.04.CSCwh87343.SPA.smu.bin installed",
            "zh": "已安装 SMU/APSP 补丁 bootflash:cat9k_iosxe.17.09.04.CSCwh87343.SPA.smu.bin"}[lang]
    assert said in entries[WEBUI]["reasons"][0] and said in result["message"]  # the reason, not a generic one


def test_without_smu_the_device_stays_affected(store: Path, tmp_path: Path):
    result, entries = _entries(_log(tmp_path, None), store, tmp_path / "out")
    assert entries[WEBUI]["certainty"] == "affected" and entries["TEST-SMU-NAMED"]["certainty"] == "affected"
    assert result["recommended_version"] == "17.9.4a"
