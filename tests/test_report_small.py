"""The smaller deliverable defects of issue 19, each on its own: Markdown rows, terminal summaries, format
lists, file modes, exit codes, platform words, quiet runs, OS errors and dates in the report's language."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.collect.inventory import import_table
from netinspect.core.messages import localize
from netinspect.report.jinja import md_code, when

REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "netinspect" / "lab" / "fleet"
ADVISORIES = REPO / "tests" / "advisories_corpus" / "cve5"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from netinspect.cli.app import main; main()", *args],
                          capture_output=True, text=True, timeout=300)


def test_markdown_table_rows_survive_multi_line_evidence(tmp_path: Path) -> None:
    assert md_code("a | b\n  c") == "`a \\| b ⏎ c`" and md_code("x`y") == "`` x`y ``"
    result = CliRunner().invoke(app, ["inspect", "--logs", str(FLEET), "--format", "md", "--out", str(tmp_path / "o"),
                                      "--no-history", "--lang", "en", "-q"])
    assert result.exit_code in (0, 1)
    md = (tmp_path / "o" / "inspection-report.md").read_text(encoding="utf-8")
    table = md[md.index("| No. | Device | Check | Severity | Description | Evidence |"):].split("\n\n")[0].splitlines()
    assert len(table) > 10
    cells = {len([c for c in row.replace("\\|", "").split("|")]) for row in table}
    assert all(row.startswith("|") and row.endswith("|") for row in table) and len(cells) == 1, cells


def test_xlsx_written_with_the_users_normal_mode(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["inspect", "--logs", str(FLEET / "h3c_s6850_core.log"), "--format", "xlsx",
                                      "--out", str(tmp_path / "o"), "--no-history", "-q"])
    assert result.exit_code in (0, 1)
    mask = os.umask(0o022)
    os.umask(mask)
    mode = stat.S_IMODE((tmp_path / "o" / "inspection-report.xlsx").stat().st_mode)
    assert mode == 0o666 & ~mask and mode != 0o600


def test_advisories_import_of_a_missing_folder_is_usage(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["advisories", "import", str(tmp_path / "nowhere"), "--advisories",
                                      str(tmp_path / "a.db")])
    assert result.exit_code == 2
    assert "文件或文件夹不存在" in result.output and "No such file" not in result.output
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize("word, os_id", [("cisco ios-xe", "cisco_iosxe"), ("Cisco IOS XE", "cisco_iosxe"),
                                         ("cisco", "cisco_ios"), ("华为", "huawei_vrp"), ("H3C Comware", "h3c_comware")])
def test_inventory_import_platform_words(tmp_path: Path, word: str, os_id: str) -> None:
    sheet = tmp_path / "devices.csv"
    sheet.write_text(f"name,host,platform\nR1,10.0.0.1,{word}\n", encoding="utf-8")
    assert import_table(sheet)[0]["devices"][0]["platform"] == os_id


def test_versions_prints_a_summary(tmp_path: Path) -> None:
    store = tmp_path / "adv.db"
    CliRunner().invoke(app, ["advisories", "import", str(ADVISORIES), "--advisories", str(store)])
    result = _cli("versions", "--logs", str(FLEET / "cisco_c9300_dist.log"), "--advisories", str(store),
                  "--format", "json", "--out", str(tmp_path / "v"), "--lang", "en")
    assert result.returncode in (0, 1), result.stderr
    assert "Version summary and recommendations" in result.stdout and "C9300-48P" in result.stdout


def test_commands_takes_a_list_of_formats(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["commands", "huawei_vrp", "--format", "html,md", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {"commands-huawei_vrp.html", "commands-huawei_vrp.md"}
    assert CliRunner().invoke(app, ["commands", "huawei_vrp", "--format", "html,doc", "-o", str(tmp_path)]).exit_code == 2


def test_quiet_prints_only_the_folder_and_no_warning(tmp_path: Path) -> None:
    """The fleet folder holds SOURCES-*.md files, rejected as not sessions: a warning, silent under -q; and
    no third-party deprecation warning (asyncssh's DSA) either."""
    out = tmp_path / "o"
    result = _cli("inspect", "--logs", str(FLEET), "--format", "json", "--out", str(out), "--no-history", "-q")
    assert result.returncode in (0, 1)
    assert result.stdout.strip() == str(out) and result.stderr == ""
    noisy = subprocess.run([sys.executable, "-W", "default", "-c", "import netinspect, asyncssh"],
                           capture_output=True, text=True, timeout=120)
    assert "DSA" not in noisy.stderr and "Deprecat" not in noisy.stderr


def test_os_errors_in_chinese() -> None:
    assert localize("/x: [Errno 2] No such file or directory: '/x'", "zh") == "/x：文件或文件夹不存在"
    assert localize("[Errno 13] Permission denied: '/root/a'", "zh") == "/root/a：没有访问权限"


def test_dates_as_the_locale_writes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert when("2026-12-07T00:25:37+00:00", "zh") == "2026年12月7日 08:25 (UTC+08:00)"
        assert when("2026-12-07T00:25:37+00:00", "en", zone=False) == "7 Dec 2026 08:25"
        assert when("2026-12-07", "zh") == "2026年12月7日"
        assert when("not a date", "en") == "not a date"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_usage_lines_in_chinese(tmp_path: Path) -> None:
    from netinspect.core.messages import say

    result = CliRunner().invoke(app, ["harden", "--lang", "zh", "--out", str(tmp_path / "h")])
    assert result.exit_code == 2 and "请只给出" in result.output and "give exactly" not in result.output
    assert say("zh", "collect.analyse", path="/r").startswith("分析：netinspect inspect --bundle /r")


@pytest.mark.slow
def test_demo_keeps_its_history_in_its_own_folder(tmp_path: Path) -> None:
    """The demo never records into the user's history store (XDG_DATA_HOME is a temporary folder here)."""
    result = _cli("demo", "--out", str(tmp_path / "demo"), "--format", "json", "-q")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "demo" / "history.sqlite").is_file()
    assert not list(Path(os.environ["XDG_DATA_HOME"]).rglob("history.sqlite"))
