"""Terminal behaviour of issue 10: help texts, shell completion, stdout vs stderr, -q, output folders, widths."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main
from typer.testing import CliRunner

from netinspect.cli.app import app

REPO = Path(__file__).resolve().parent.parent


def _command_paths(command, prefix=()):
    yield prefix
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _command_paths(sub, (*prefix, name))


def test_help_shows_plain_metavars() -> None:
    runner = CliRunner()
    paths = list(_command_paths(typer.main.get_command(app)))
    assert len(paths) > 15
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], prog_name="netinspect", env={"COLUMNS": "200"})
        assert result.exit_code == 0, (path, result.output)
        assert not re.search(r"<(bool|str|int|float|path|list\[)", result.output, re.IGNORECASE), (path, result.output)
        usage = next(line for line in result.output.splitlines() if "Usage:" in line)
        assert "{" not in usage and "<" not in usage, (path, usage)
    text = runner.invoke(app, ["inspect", "--help"], env={"COLUMNS": "200"}).output
    assert re.search(r"--logs\s+-l\s+PATH", text) and re.search(r"--ask-pass\s+With -i", text)
    usage = runner.invoke(app, ["change", "check", "--help"], env={"COLUMNS": "200"}).output
    assert "[OPTIONS] PLAN_FILE" in usage


def test_shell_completion_is_enabled_and_documented() -> None:
    runner = CliRunner()
    script = runner.invoke(app, ["--show-completion", "bash"], prog_name="netinspect")
    assert script.exit_code == 0, script.output
    assert "_NETINSPECT_COMPLETE" in script.output and "complete" in script.output
    env = {"_NETINSPECT_COMPLETE": "complete_bash", "COMP_WORDS": "netinspect ins", "COMP_CWORD": "1"}
    assert runner.invoke(app, [], prog_name="netinspect", env=env).output.split() == ["inspect"]
    env = {"_NETINSPECT_COMPLETE": "complete_bash", "COMP_WORDS": "netinspect inspect --no-hi", "COMP_CWORD": "2"}
    assert runner.invoke(app, [], prog_name="netinspect", env=env).output.split() == ["--no-history"]
    assert "--install-completion" in (REPO / "README.md").read_text(encoding="utf-8")


FLEET = REPO / "netinspect" / "lab" / "fleet"
STAMP = r"\d{8}-\d{6}"


def _logs(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    for log in sorted(FLEET.glob("*.log")):
        if not names or log.name in names:
            (folder / log.name).write_bytes(log.read_bytes())
    return folder


def test_demo_writes_its_result_to_stdout_and_its_progress_to_stderr(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(REPO), "NETINSPECT_HISTORY": str(tmp_path / "h.sqlite")}
    env.pop("COLUMNS", None)
    run = subprocess.run([sys.executable, "-m", "netinspect.cli.app", "demo", "--lang", "en", "-f", "json,md"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    outdir = next(tmp_path.glob("netinspect-demo-*"))
    assert re.fullmatch(rf"netinspect-demo-{STAMP}", outdir.name)
    out, err = run.stdout, run.stderr
    assert "Network Device Inspection Report" in out and f"Reports written: {outdir}" in out
    assert "WS-C2960X-48FPD-L" in out and "HZ-WAC-AC6605-01" in out  # not cut at 80 columns
    assert f"netinspect inspect --bundle {outdir}\n" in out  # the suggested command on one line
    assert "collect device=" in err and "Starting 10 simulated devices" in err and "Recorded in" in err
    assert "collect device=" not in out and "Reports written" not in err and "┃" not in err


def test_quiet_prints_only_the_output_folder_and_folders_share_one_name(tmp_path: Path, monkeypatch) -> None:
    logs = _logs(tmp_path)
    one = _logs(tmp_path / "one", "huawei_s5735_access.log")
    plan = tmp_path / "plan.md"
    plan.write_text("## Steps\n\n### SW1 (huawei_vrp)\n\n```\nsystem-view\ninterface GigabitEthernet0/0/1\n shutdown\n```\n",
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NETINSPECT_HISTORY", str(tmp_path / "h.sqlite"))
    runner = CliRunner()
    commands = {
        "inspect": ["inspect", "--logs", str(logs), "-f", "json"],
        "harden": ["harden", "--logs", str(one), "-f", "json"],
        "guide": ["guide", "--logs", str(one), "-f", "md"],
        "diff": ["diff", str(one), str(one), "-f", "json"],
        "change": ["change", "check", str(plan)],
    }
    for name, args in commands.items():
        result = runner.invoke(app, [*args, "-q", "--lang", "en"])
        assert result.exit_code in (0, 1), (name, result.output)
        assert result.stderr == "", (name, result.stderr)
        folder = Path(result.stdout.strip())
        assert result.stdout == f"{folder}\n" and folder.is_dir(), (name, result.stdout)
        assert re.fullmatch(rf"netinspect-{name}-{STAMP}(-\d+)?", folder.name), (name, folder)
    from netinspect.collect.bundle import write_bundle
    from netinspect.sources.logs import read_logs

    write_bundle(tmp_path / "bundle", read_logs([one]))
    merged = runner.invoke(app, ["merge", str(tmp_path / "bundle"), "-q", "-f", "json"])
    assert re.fullmatch(rf"netinspect-merge-{STAMP}", Path(merged.stdout.strip()).name), merged.output
    bad = runner.invoke(app, ["inspect", "--logs", str(tmp_path / "missing"), "-q", "--lang", "en"])
    assert bad.exit_code == 2 and bad.stdout == "" and "error" in bad.stderr


def test_results_go_to_stdout_in_every_command(tmp_path: Path, monkeypatch) -> None:
    one = _logs(tmp_path, "huawei_s5735_access.log")
    monkeypatch.setenv("NETINSPECT_HISTORY", str(tmp_path / "h.sqlite"))
    monkeypatch.delenv("COLUMNS", raising=False)
    runner = CliRunner()
    harden = runner.invoke(app, ["harden", "--logs", str(one), "-o", str(tmp_path / "h"), "-f", "json", "--lang", "en"])
    assert "1 device(s)" in harden.stdout and f"Reports written: {tmp_path / 'h'}" in harden.stdout
    assert harden.stderr == ""
    inspect = runner.invoke(app, ["inspect", "--logs", str(one), "-o", str(tmp_path / "i"), "-f", "json"])
    assert "HZ-ACC-S5735-01" in inspect.stdout and "S5735-L48T4X-A1" in inspect.stdout
    assert "HZ-ACC-S5735-01" not in inspect.stderr and "已记入巡检历史" in inspect.stderr
    history = runner.invoke(app, ["history", "list", "--lang", "en"])
    assert "HZ" not in history.stderr and re.search(r"│ 1 ", history.stdout)
    diff = runner.invoke(app, ["diff", str(one), str(one), "-o", str(tmp_path / "d"), "-f", "json", "--lang", "en"])
    assert f"Reports written to: {tmp_path / 'd'}" in diff.stdout and diff.stderr == ""


def test_wide_tables_and_unwrapped_commands_off_a_terminal(monkeypatch, capsys) -> None:
    from rich.table import Table

    from netinspect.core import terminal

    monkeypatch.delenv("COLUMNS", raising=False)
    table = Table("device", "message")
    table.add_row("SW-" + "x" * 100, "y" * 120)
    terminal.result(table)
    terminal.command("Analyse it: netinspect inspect --bundle /" + "long-folder-name/" * 10)
    text = capsys.readouterr().out
    assert "SW-" + "x" * 100 in text and "y" * 120 in text and "…" not in text
    assert "--bundle /" + "long-folder-name/" * 10 + "\n" in text
    monkeypatch.setenv("COLUMNS", "60")  # honoured when set
    terminal.result(table)
    assert max(len(line) for line in capsys.readouterr().out.splitlines()) <= 60
