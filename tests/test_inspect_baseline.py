"""`inspect --baseline`: the same baseline profiles as `harden --baseline` choose the inspection's hardening rules."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from netinspect.cli.app import app

FLEET = Path(__file__).resolve().parents[1] / "netinspect" / "lab" / "fleet"
LOG = FLEET / "huawei_s5735_access.log"


def _hardening(out: Path, *extra: str) -> dict[str, dict]:
    result = CliRunner().invoke(app, ["inspect", "--logs", str(LOG), "-o", str(out), "-f", "json", "-q",
                                      "--no-history", "--lang", "en", *extra])
    assert result.exit_code in (0, 1), result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {r["check"]: r for d in data["devices"] for r in d["results"] if r["category"] == "hardening"}


def test_inspect_takes_a_shipped_baseline_profile(tmp_path: Path) -> None:
    default = _hardening(tmp_path / "default")
    cis = _hardening(tmp_path / "cis", "--baseline", "baseline-cis-like")
    # optional rules only a profile switches on; the default set leaves them out
    assert "harden.lldp_user_ports" not in default and "harden.lldp_user_ports" in cis
    # the profile narrows CPU protection to distribution/core and routers: an access switch is not applicable
    assert default["harden.cpu_protection"]["status"] == "fail"
    assert cis["harden.cpu_protection"]["status"] == "skipped"
    assert "access switch" in cis["harden.cpu_protection"]["message"]


def test_a_broken_baseline_is_one_line_and_usage(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["inspect", "--logs", str(LOG), "-o", str(tmp_path / "x"), "-q",
                                      "--no-history", "--lang", "en", "--baseline", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "none.yaml" in lines[0] and "Traceback" not in result.output


def _report(out: Path, *extra: str) -> tuple[dict, str]:
    result = CliRunner().invoke(app, ["inspect", "--logs", str(LOG), "-o", str(out), "-f", "json", "-f", "md",
                                      "-q", "--no-history", "--lang", "zh", *extra])
    assert result.exit_code in (0, 1), result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return data["run"], next(out.glob("*.md")).read_text(encoding="utf-8")


def test_the_report_names_the_baseline_it_judged_against(tmp_path: Path) -> None:
    run, report = _report(tmp_path / "cis", "--baseline", "baseline-cis-like")
    assert run["baseline"]["file"].endswith("baseline-cis-like.yaml") and run["baseline"]["name"]
    assert f"对照基线：{run['baseline']['name']}（baseline-cis-like.yaml）" in report
    run, report = _report(tmp_path / "default")
    assert "baseline" not in run
    assert "对照基线：netinspect 内置基线" in report
