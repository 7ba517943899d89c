"""Planted secrets in every form of data/redaction.yaml never reach any file the tool writes, nor the terminal.

Each example line of every secret form (configuration lines, and log lines that carry a typed command:
Huawei CMDRECORD, H3C SHELL_CMD, Cisco CFGLOG_LOGGEDCMD) gets a unique planted secret and goes into the
running configuration (only there, so the saved-config comparison shows it as evidence) and into the log
buffer of a Huawei, an H3C and a Cisco session log. Then inspect, harden (logs and configs, with SARIF),
a run bundle with its manifest, and inspect --bundle run, and every file and the terminal are searched.
"""

from __future__ import annotations

import json
import zipfile
from itertools import count
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.collect.bundle import write_bundle
from netinspect.core.raw import SourceResult
from netinspect.core.redact import forms

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"
LOGS = {"huawei_s5735_access.log": ("display current-configuration", "display logbuffer"),
        "h3c_s6850_core.log": ("display current-configuration", "display logbuffer"),
        "cisco_c9300_dist.log": ("show running-config", "show logging")}


def planted_lines(numbers: count) -> tuple[list[str], list[str], list[str]]:
    """(config lines, log lines, secrets): every example of every form with fresh secrets."""
    config, logs, secrets = [], [], []
    for form in forms():
        for example in form.examples:
            line = example
            while "{S}" in line:
                secret = f"PLNT{next(numbers):04d}x9Q"
                secrets.append(secret)
                line = line.replace("{S}", secret, 1)
            (logs if form.embedded else config).append(line)
    return config, logs, secrets


def insert_after(lines: list[str], command: str, extra: list[str]) -> list[str]:
    """`extra` right after the prompt line that typed `command` (the first lines of its output)."""
    at = next(i for i, line in enumerate(lines) if line.rstrip().endswith(command))
    return lines[:at + 2] + extra + lines[at + 2:]


def planted_logs(folder: Path) -> set[str]:
    numbers, secrets = count(1), set()
    folder.mkdir()
    for name, (config_command, log_command) in LOGS.items():
        config, logs, planted = planted_lines(numbers)
        lines = (FLEET / name).read_text(encoding="utf-8").splitlines()
        lines = insert_after(lines, config_command, config)
        lines = insert_after(lines, log_command, logs + config)  # config lines in logs too
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        secrets |= set(planted)
    return secrets


def everything_written(folder: Path) -> str:
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                parts += [book.read(n).decode("utf-8", "replace") for n in book.namelist()]
        elif path.suffix == ".pdf":
            from pypdf import PdfReader

            parts += [page.extract_text() or "" for page in PdfReader(path).pages]
        elif path.is_file():
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], str, Path]:
    base = tmp_path_factory.mktemp("secrets")
    secrets = planted_logs(base / "logs")
    runner = CliRunner()
    logs = [arg for log in sorted((base / "logs").glob("*.log")) for arg in ("--logs", str(log))]
    terminal = []
    for args in (["inspect", *logs, "--out", str(base / "out" / "inspect"), "--lang", "en"],
                 ["inspect", *logs, "--out", str(base / "out" / "inspect-zh"), "--format", "html,md,json,xlsx,pdf"],
                 ["harden", *logs, "--out", str(base / "out" / "harden"), "--format", "html,md,json,xlsx,pdf"]):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1), result.output
        terminal.append(result.output)
    from netinspect.sources import load
    source, _ = load(logs=[base / "logs"], inventory=None, bundle=None, ssh_options={})
    write_bundle(base / "out" / "bundle", SourceResult(devices=source.devices, inputs=source.inputs))
    result = runner.invoke(app, ["inspect", "--bundle", str(base / "out" / "bundle"), "--out",
                                 str(base / "out" / "rebundle")])
    assert result.exit_code in (0, 1), result.output
    terminal.append(result.output)
    configs = base / "configs"
    configs.mkdir()
    for d in source.devices:
        command = "show running-config" if (d.os or "").startswith("cisco") else "display current-configuration"
        (configs / f"{d.name}.cfg").write_text(d.outputs[command].text, encoding="utf-8")
    result = runner.invoke(app, ["harden", "--configs", str(configs), "--out", str(base / "out" / "sarif"),
                                 "--format", "json,md,sarif"])
    assert result.exit_code in (0, 1), result.output
    terminal.append(result.output)
    pdfs = sorted((base / "out").rglob("*.pdf"))
    assert len(pdfs) >= 2
    for pdf in pdfs:  # the PDFs are read back, not skipped: each one's text names its devices
        from pypdf import PdfReader

        text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
        names = [d["name"] for d in json.loads((pdf.parent / "results.json").read_text(encoding="utf-8"))["devices"]]
        assert names and all(name in text for name in names), pdf
    return secrets, "\n".join(terminal), base / "out"


def test_every_secret_form_has_a_planted_example() -> None:
    assert all(f.examples for f in forms())
    assert {f.id for f in forms() if f.embedded} >= {"huawei-cmdrecord", "h3c-shell-cmd", "cisco-cfglog"}


def test_planted_secrets_reach_no_file(outputs: tuple[set[str], str, Path]) -> None:
    secrets, _, out = outputs
    written = everything_written(out)
    for kind in ("results.json", "inspection-report.html", "manifest.json", ".fix.txt", ".rollback.txt",
                 "hardening.sarif"):
        assert any(kind in p.name for p in out.rglob("*")), kind
    assert "<redacted>" in written
    assert sorted(s for s in secrets if s in written) == []


def test_planted_secrets_reach_no_terminal(outputs: tuple[set[str], str, Path]) -> None:
    secrets, terminal, _ = outputs
    assert sorted(s for s in secrets if s in terminal) == []
