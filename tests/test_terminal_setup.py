"""Set-up defects of issue 10: site dates, output folders ignored by git, advisory vendor case."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.workflow import load_site

REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "netinspect" / "lab" / "fleet"


def test_site_date_is_kept_as_text() -> None:
    site = load_site(REPO / "examples" / "site.yaml")
    assert site["date"] == "2026-11-20"
    json.dumps(site)


def test_harden_with_the_example_site_does_not_crash(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["harden", "--logs", str(FLEET / "huawei_s5735_access.log"), "--site",
                                      str(REPO / "examples" / "site.yaml"), "-o", str(tmp_path), "--lang", "en",
                                      "-f", "json,md"])
    assert result.exit_code in (0, 1), result.output
    assert json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["run"]["site"]["date"] == "2026-11-20"


def test_default_output_folders_are_ignored_by_git() -> None:
    patterns = [line.strip().rstrip("/") for line in (REPO / ".gitignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    for name in ("netinspect-report-20261130-050000", "netinspect-demo-20261130-050000",
                 "netinspect-run-20261130-050000", "netinspect-harden-2026-11-30-050000",
                 "netinspect-diff-20261130-050000", "netinspect-guide-20261130-050000"):
        assert any(fnmatch.fnmatch(name, p) for p in patterns), name
