"""Secrets in the fleet's configurations never reach results.json, reports, plans or scripts."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.core.redact import _patterns, _secret_group

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"


def fleet_secrets() -> set[str]:
    """Every secret the redaction patterns find in the fleet logs (long or non-word ones: no 'public')."""
    found = set()
    for log in FLEET.glob("*.log"):
        for line in log.read_text(encoding="utf-8").splitlines():
            for pattern, _ in _patterns():
                for match in pattern.finditer(line):
                    secret = line[slice(*_secret_group(match))]
                    if len(secret) >= 8 or re.search(r"[^A-Za-z]", secret):
                        found.add(secret)
    return found


def output_text(folder: Path) -> str:
    parts = []
    for path in folder.rglob("*"):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                parts += [book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml")]
        elif path.is_file():
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def test_fleet_has_secrets_to_hide() -> None:
    assert len(fleet_secrets()) >= 5


def test_inspect_and_harden_outputs_hold_no_secret(tmp_path: Path) -> None:
    runner = CliRunner()
    logs = [arg for log in sorted(FLEET.glob("*.log")) for arg in ("--logs", str(log))]
    inspect = runner.invoke(app, ["inspect", *logs, "--out", str(tmp_path / "inspect")])
    harden = runner.invoke(app, ["harden", *logs, "--out", str(tmp_path / "harden"), "--format",
                                 "html,md,json,xlsx"])
    assert inspect.exit_code == 1 and harden.exit_code in (0, 1), (inspect.output, harden.output)
    text = output_text(tmp_path) + inspect.output + harden.output
    assert "<redacted>" in text
    leaked = sorted(s for s in fleet_secrets() if s in text)
    assert leaked == []
