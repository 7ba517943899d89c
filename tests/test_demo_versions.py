"""`netinspect versions` on the demo fleet (netinspect/lab/fleet/*.log) with the advisory set the demo
imports (netinspect/lab/advisories/, provenance in its SOURCES.md):

- every device that an advisory with a fixed release in its train affects gets a recommended version, the
  lowest fix (BJ-DIST-01, C9300 on IOS XE 17.9.4, web UI advisory: 17.9.4a);
- BJ-ACC-01 (C2960X, IOS 15.2(2)E7, `no vstack`) is affected by the Smart Install advisory but the feature
  is not configured: "affected, feature not configured (exposure: none found)", in zh and en;
- the hand-transcribed fixed releases agree with the vendor's own CVE JSON 5 record (the release before the
  fix is listed as affected, the fix is not), so a transcription slip fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.lab.demo import DEMO_ADVISORIES, demo_advisory_store
from netinspect.lab.fleet import FLEET_DIR

CVE_RECORD = Path(__file__).parent / "advisories_corpus" / "cve5" / "cisco" / "CVE-2023-20198.json"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(demo_advisory_store(tmp_path_factory.mktemp("demo-adv") / "advisories.sqlite"))


def _versions(store: Path, out: Path, lang: str) -> tuple[int, dict[str, dict]]:
    result = CliRunner().invoke(app, ["versions", "--logs", str(FLEET_DIR), "--advisories", str(store),
                                      "--out", str(out), "--format", "json", "--lang", lang])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return result.exit_code, {d["name"]: next(r for r in d["results"] if r["check"] == "version.advisories")
                              for d in data["devices"]}


def test_demo_set_imports_whole(store: Path):
    result = CliRunner().invoke(app, ["advisories", "list", "--advisories", str(store)])
    assert result.exit_code == 0
    ids = {line.split("\t")[0] for line in result.output.splitlines() if line}
    assert ids == {"cisco-sa-20180328-smi2", "cisco-sa-iosxe-webui-privesc-j22SaA4z"}


def test_every_device_with_a_known_fix_gets_the_lowest_fixed_release(store: Path, tmp_path: Path):
    code, res = _versions(store, tmp_path / "en", "en")
    assert code == 1  # critical advisories affect the fleet: --fail-on high fails
    with_fix = {name: r for name, r in res.items()
                if any(e["certainty"] == "affected" and e["fixed_in"] for e in r.get("advisories") or [])}
    assert set(with_fix) == {"BJ-DIST-01"}
    for name, r in with_fix.items():
        fixes = [f for e in r["advisories"] if e["certainty"] == "affected" for f in e["fixed_in"]]
        assert r["recommended_version"] in fixes, name
    dist = res["BJ-DIST-01"]
    assert dist["observed"] == "17.9.4" and dist["recommended_version"] == "17.9.4a"
    assert dist["exposure"] == {"cisco-sa-iosxe-webui-privesc-j22SaA4z": "exposed"}
    assert "17.9.4a" in dist["advice"]
    (entry,) = dist["advisories"]
    assert entry["matched"] == ["17.9.1 .. < 17.9.4a"]  # the fix ends the range: never shown as affected
    assert entry["kev"] == "2023-10-16" and dist["kev"] == ["cisco-sa-iosxe-webui-privesc-j22SaA4z"]
    # the WLC runs the fixing release itself: not affected by it
    assert res["BJ-WLC-01"]["observed"] == "17.9.4a" and res["BJ-WLC-01"]["status"] == "pass"


@pytest.mark.parametrize(("lang", "text"), [("en", "affected, feature not configured"), ("zh", "未配置")])
def test_smart_install_off_is_affected_not_exposed(store: Path, tmp_path: Path, lang: str, text: str):
    _, res = _versions(store, tmp_path / lang, lang)
    acc = res["BJ-ACC-01"]
    assert acc["observed"] == "15.2(2)E7" and acc["status"] == "fail"  # the version verdict does not change
    (entry,) = acc["advisories"]
    assert entry["id"] == "cisco-sa-20180328-smi2" and entry["certainty"] == "affected"
    assert entry["exposure"] == "none_found" and entry["exposure_evidence"] == "no vstack"
    assert text in entry["exposure_text"] and text in acc["message"]
    assert acc["recommended_version"] is None and not entry["fixed_in"]  # no fix known: none invented
    assert "cisco-sa-20180328-smi2" in acc["advice"]


def test_models_without_advisory_data_stay_unknown(store: Path, tmp_path: Path):
    _, res = _versions(store, tmp_path / "en", "en")
    for name in ("HZ-ACC-S5735-01", "FW-01", "HZ-WAC-AC6605-01", "HZ-CORE-S6850", "BJ-ACC-S5120"):
        assert res[name]["status"] == "insufficient_data" and res[name]["advisory_data"] == "none", name


def test_transcribed_fixes_agree_with_the_vendors_cve_record():
    bulletins = yaml.safe_load((DEMO_ADVISORIES / "cisco-fixed-releases.yaml").read_text(encoding="utf-8"))
    record = json.loads(CVE_RECORD.read_text(encoding="utf-8"))
    listed = {v["version"] for a in record["containers"]["cna"]["affected"] for v in a["versions"]
              if v["status"] == "affected"}
    (bulletin,) = bulletins["bulletins"]
    assert set(bulletin["cves"]) >= {record["cveMetadata"]["cveId"]}
    kev = [m["other"]["content"]["dateAdded"] for adp in record["containers"].get("adp", [])
           for m in adp.get("metrics", []) if m.get("other", {}).get("type") == "kev"]
    assert [str(bulletin["kev"])] == kev
    (product,) = bulletin["products"]
    assert sorted(r["before"] for r in product["ranges"]) == sorted(product["fixed"])
    for r in product["ranges"]:
        assert r["from"] in listed and r["before"] not in listed, r
        assert r["before"][:-1] in listed, r  # 17.9.4a fixes 17.9.4: the release before the fix is affected


def test_every_shipped_file_names_its_source():
    sources = (DEMO_ADVISORIES / "SOURCES.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in DEMO_ADVISORIES.iterdir() if p.name != "SOURCES.md")
    assert files and all(f"`{name}`" in sources for name in files)
    assert "transcribed" in sources
    for path in DEMO_ADVISORIES.glob("*.yaml"):
        for b in yaml.safe_load(path.read_text(encoding="utf-8"))["bulletins"]:
            assert b["url"].startswith("https://sec.cloudapps.cisco.com/") and b["published"], b["id"]
            assert "transcribed" in b["title"]


def test_inspection_risk_item_gives_each_device_its_own_upgrade(store: Path, tmp_path: Path):
    """One risk item per check in the inspection report, but the version advice is per device: the
    device without a known fix must not hide the other's recommended version (and vice versa)."""
    out = tmp_path / "inspect"
    CliRunner().invoke(app, ["inspect", "--logs", str(FLEET_DIR), "--advisories", str(store), "--out", str(out),
                             "--format", "md", "--lang", "en"])
    report = next(out.glob("*.md")).read_text(encoding="utf-8")
    (row,) = [line for line in report.splitlines() if "| Software version advisories | Critical | BJ-ACC-01, BJ-DIST-01" in line]
    assert "BJ-DIST-01: Upgrade to 17.9.4a" in row and "BJ-ACC-01: No fixed version" in row


def _harden(logs: Path, store: Path, out: Path, lang: str = "en") -> dict[str, tuple[str, str]]:
    result = CliRunner().invoke(app, ["harden", "--logs", str(logs), "--advisories", str(store), "--out", str(out),
                                      "--format", "md", "--lang", lang])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return {p.name.split(".")[0]: (p.read_text(encoding="utf-8"), p.with_name(p.name.replace(".fix.", ".rollback."))
                                   .read_text(encoding="utf-8")) for p in out.glob("*.fix.txt")}


def _step(script: str, check: str) -> list[str]:
    """The command lines of one plan step of an IOS script: after its header, up to the next step."""
    lines = script.splitlines()
    start = next(i for i, line in enumerate(lines) if f"[{check}]" in line)
    out = []
    for line in lines[start + 1:]:
        if line.startswith("! Step"):
            break
        if not line.startswith("!"):
            out.append(line)
    return out


def test_workaround_of_an_exposed_advisory_is_a_plan_step_with_its_rollback(store: Path, tmp_path: Path):
    scripts = _harden(FLEET_DIR, store, tmp_path / "h")
    fix, rollback = scripts["BJ-DIST-01"]
    assert "[workaround.web_ui_off]" in fix and "[workaround.web_ui_off]" in rollback
    # the baseline item already turns `ip http server` off: the workaround adds only what is left
    assert "no ip http secure-server" in _step(fix, "workaround.web_ui_off")
    assert "no ip http server" not in _step(fix, "workaround.web_ui_off") and "no ip http server" in fix
    assert "ip http secure-server" in _step(rollback, "workaround.web_ui_off")
    plan = (tmp_path / "h" / "hardening-plan.md").read_text(encoding="utf-8")
    section = plan[plan.index("BJ-DIST-01: Advisory workaround"):]
    assert section.split("```")[1].strip() == "ip http secure-server"  # the line the step turns off
    # affected but not exposed (no vstack): nothing to work around; not affected (17.9.4a): nothing either
    assert "[workaround." not in scripts["BJ-ACC-01"][0] and "[workaround." not in scripts["BJ-WLC-01"][0]


def test_smart_install_on_gets_no_vstack_and_vstack_back(store: Path, tmp_path: Path):
    """The same access switch with Smart Install left on (the default: no `no vstack` line)."""
    logs = tmp_path / "logs"
    logs.mkdir()
    text = (FLEET_DIR / "cisco_c2960x_access.log").read_text(encoding="utf-8")
    assert text.count("no vstack\n") == 2
    (logs / "acc.log").write_text(text.replace("no vstack\n", ""), encoding="utf-8")
    _, res = _versions(store, tmp_path / "v", "en")  # the fleet's own verdict stays "not exposed"
    assert res["BJ-ACC-01"]["exposure"] == {"cisco-sa-20180328-smi2": "none_found"}
    fix, rollback = _harden(logs, store, tmp_path / "h")["BJ-ACC-01"]
    assert _step(fix, "workaround.smart_install_off")[0] == "no vstack"
    assert _step(rollback, "workaround.smart_install_off")[0] == "vstack"


def test_harden_without_advisories_plans_no_workaround(tmp_path: Path):
    out = tmp_path / "h"
    CliRunner().invoke(app, ["harden", "--logs", str(FLEET_DIR), "--out", str(out), "--format", "md", "--lang", "en"])
    assert not [p for p in out.glob("*.fix.txt") if "[workaround." in p.read_text(encoding="utf-8")]
