"""`netinspect commands PLATFORM`: the engineer's checklist, as text on stdout and as a printable sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.checks.catalog import load_catalog
from netinspect.cli.app import app
from netinspect.collect.readonly import is_read_only
from netinspect.guide.checklist import checks_by_fact, command_text, view
from netinspect.platforms import OS_IDS, get_platform

runner = CliRunner()


@pytest.mark.parametrize("os_id", OS_IDS)
def test_text_is_paging_off_then_the_command_set(os_id: str) -> None:
    platform = get_platform(os_id)
    lines = command_text(platform).splitlines()
    assert lines[: len(platform.setup)] == list(platform.setup)
    assert lines[len(platform.setup):] == [c.command for c in platform.commands]
    assert all(is_read_only(c) for c in lines[len(platform.setup):])


def test_stdout_holds_only_the_commands_and_alias_resolves() -> None:
    result = runner.invoke(app, ["commands", "huawei", "--lang", "en"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "screen-length 0 temporary"
    assert "display cpu-usage" in result.stdout.splitlines()
    assert "#" not in result.stdout


def test_unknown_platform_is_one_line_exit_2() -> None:
    result = runner.invoke(app, ["commands", "junos", "--lang", "en"])
    assert result.exit_code == 2
    assert "unknown platform 'junos'" in result.stderr and "huawei_vrp" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_purpose_is_a_catalog_check_title(lang: str) -> None:
    titles = {t for ts in checks_by_fact(lang).values() for t in ts}
    data = view(get_platform("cisco_ios"), lang)
    for row in data["rows"]:
        parts = set(row["purpose"].split(data["t"]["list_sep"]))
        extra = {data["t"]["cmd.purpose_baseline"], data["t"]["cmd.purpose_identity"]}
        assert parts <= titles | extra, row
    assert len(titles) == len({s.text("title", lang) for s in load_catalog("health").values() if s.facts})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printable_sheet_md_and_html(tmp_path: Path, lang: str) -> None:
    for fmt in ("md", "html"):
        result = runner.invoke(app, ["commands", "h3c_comware", "-f", fmt, "-o", str(tmp_path), "--lang", lang])
        assert result.exit_code == 0, result.output
        path = Path(result.stdout.strip())
        assert path == tmp_path / f"commands-h3c_comware.{fmt}"
        text = path.read_text(encoding="utf-8")
        assert "screen-length disable" in text and "display irf" in text
        assert ("巡检命令清单" in text) == (lang == "zh")


def test_printable_sheet_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # pragma: no cover
        pytest.skip(f"WeasyPrint unavailable: {exc}")
    result = runner.invoke(app, ["commands", "cisco_iosxe", "-f", "pdf", "-o", str(tmp_path), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "commands-cisco_iosxe.pdf").pages)
    assert "巡检命令清单" in text and "terminal length 0" in text and "show processes cpu" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bare_command_outputs_point_to_the_checklist(tmp_path: Path, lang: str) -> None:
    logs = tmp_path / "bare"
    logs.mkdir()
    (logs / "display_version.txt").write_text("Huawei Versatile Routing Platform Software\n"
                                              "VRP (R) software, Version 5.170\n", encoding="utf-8")
    result = runner.invoke(app, ["inspect", "--logs", str(logs), "-o", str(tmp_path / "out"), "--lang", lang])
    assert result.exit_code == 2
    assert "netinspect commands" in result.stderr
