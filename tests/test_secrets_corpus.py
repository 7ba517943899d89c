"""Planted secrets in every form of data/redaction.yaml never reach any file the tool writes, nor the terminal.

Each example line of every secret form (configuration lines, and log lines that carry a typed command:
Huawei CMDRECORD, H3C SHELL_CMD, Cisco CFGLOG_LOGGEDCMD) gets a unique planted secret and goes into the
running configuration (only there, so the saved-config comparison shows it as evidence) and into the log
buffer of a Huawei, an H3C and a Cisco session log. Then inspect, harden (logs and configs, with SARIF),
a run bundle with its manifest, and inspect --bundle run, and every file and the terminal are searched.

Issue 24 adds every other command that writes files: versions, guide, diff (two snapshots with different
secrets), change check (a plan that sets the secrets), the history store, and, against the lab simulator
serving the planted logs, collect --snapshot, collect --transport asyncssh, inspect -i, history report
and merge; every byte written is searched (the
history database as raw bytes).
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


def planted_logs(folder: Path, numbers: count | None = None) -> set[str]:
    numbers, secrets = numbers or count(1), set()
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
        elif path.suffix in (".sqlite", ".db") or path.name.endswith(("-wal", "-journal")):
            parts.append(path.read_bytes().decode("latin-1"))  # every byte, pages of deleted rows too
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


def _plan(folder: Path, logs: Path) -> Path:
    """A change plan for the planted Huawei device whose steps set every configuration secret form."""
    from netinspect.sources.logs import read_logs

    device = next(d for d in read_logs([logs / "huawei_s5735_access.log"]).devices)
    config, _, _ = planted_lines(count(9000))
    undo = [f"undo {line.strip()}" for line in config[:5]]
    text = (f"# plan\n\n## Overview\n\nrotate secrets\n\n## Steps\n\n### {device.name} (huawei_vrp)\n\n"
            "```\nsystem-view\n" + "\n".join(line.strip() for line in config) + "\nsave\n```\n\n"
            f"## Rollback\n\n### {device.name}\n\n```\nsystem-view\n" + "\n".join(undo) + "\n```\n")
    path = folder / "plan.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def more_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], str, Path]:
    """Every other command that writes files, over the same planted secrets (issue 24)."""
    from netinspect.lab.fleet import load_fleet
    from netinspect.lab.server import LOOPBACK, serve_fleet

    base = tmp_path_factory.mktemp("secrets-more")
    secrets = planted_logs(base / "before") | planted_logs(base / "after", count(5000))
    plan = _plan(base, base / "before")
    secrets |= set(planted_lines(count(9000))[2])
    out, runner, terminal = base / "out", CliRunner(), []
    history = ["--history", str(out / "history" / "history.sqlite")]
    logs = ["--logs", str(base / "before")]
    store = ["--advisories", str(base / "advisories.sqlite")]
    result = runner.invoke(app, ["advisories", "import", str(Path(__file__).parent / "data" / "advisories" /
                                                             "bulletins.yaml"), *store])
    assert result.exit_code == 0, result.output
    site = base / "site.yaml"
    site.write_text("customer: ACME\nsite: HQ\nengineer: Li\n", encoding="utf-8")
    runs = [["inspect", *logs, "--out", str(out / "inspect"), *history, "-f", "json,md", "--site", str(site)],
            ["versions", *logs, *store, "--out", str(out / "versions"), "--format", "html,md,json,xlsx"],
            ["guide", *logs, "--out", str(out / "guide"), "--format", "html,md"],
            ["diff", str(base / "before"), str(base / "after"), "--out", str(out / "diff"), "--lang", "en"],
            ["change", "check", str(plan), *logs, "--out", str(out / "change"), "--lang", "en"],
            ["history", "list", *history], ["history", "show", "1", *history]]
    devices = load_fleet([base / "before"]).devices
    with serve_fleet(devices, latency_ms=0) as endpoints:
        inventory = base / "inventory.yaml"
        inventory.write_text("devices:\n" + "".join(
            f"  - {{name: {d.name}, host: {LOOPBACK}, port: {endpoints[d.name]}, platform: {d.os}, "
            f"username: {d.username}, password: {d.password}}}\n" for d in devices), encoding="utf-8")
        lab = ["-i", str(inventory), "--no-host-key-check"]
        runs += [["collect", *lab, "--snapshot", "--out", str(out / "collect")],
                 ["collect", *lab, "--transport", "asyncssh", "--out", str(out / "collect-asyncssh")],
                 ["inspect", *lab, "--out", str(out / "inspect-live"), *history, "-f", "json,md", "--site", str(site)],
                 ["history", "report", "--site", "HQ", "--from", "2000-01-01", "-f", "html,xlsx",
                  "--out", str(out / "history-report"), *history]]
        for args in runs:
            result = runner.invoke(app, args)
            assert result.exit_code in (0, 1), (args, result.output)
            terminal.append(result.output)
    result = runner.invoke(app, ["merge", str(out / "collect"), str(out / "inspect-live"), "--out", str(out / "merge")])
    assert result.exit_code in (0, 1), result.output
    terminal.append(result.output)
    return secrets, "\n".join(terminal), out


def test_every_command_writes_no_planted_secret(more_outputs: tuple[set[str], str, Path]) -> None:
    secrets, terminal, out = more_outputs
    for folder in ("inspect", "versions", "guide", "diff", "change", "history", "collect", "collect-asyncssh",
                   "inspect-live", "merge", "history-report"):
        assert any(p.is_file() for p in (out / folder).rglob("*")), folder
    assert any((out / "collect" / "raw").rglob("*.txt"))
    written = everything_written(out)
    assert "<redacted>" in written
    kept = sorted(s for s in secrets if s in written or s in terminal)
    assert kept == [], f"{len(kept)} of {len(secrets)} planted secrets kept"
