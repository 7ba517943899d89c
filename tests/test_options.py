"""Shared option parsing: formats, choices, users' YAML files with file:line errors."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.core.options import OptionError, check_choice, parse_formats, read_yaml


def test_formats() -> None:
    assert parse_formats(" HTML, md ,json", ("html", "md", "json")) == ["html", "md", "json"]
    with pytest.raises(OptionError, match="unknown format.*pdf"):
        parse_formats("html,pdf", ("html", "md"))
    with pytest.raises(OptionError, match="no format"):
        parse_formats(" , ", ("html",))


def test_choice() -> None:
    assert check_choice("zh", ("zh", "en"), "--lang") == "zh"
    with pytest.raises(OptionError, match="--lang must be one of zh, en, not 'fr'"):
        check_choice("fr", ("zh", "en"), "--lang")


def test_read_yaml_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "site.yaml"
    bad.write_text("customer: A\nsite: [unclosed\n", encoding="utf-8")
    with pytest.raises(OptionError, match=r"site.yaml:\d+: not valid YAML"):
        read_yaml(bad)
    with pytest.raises(OptionError, match="cannot read"):
        read_yaml(tmp_path / "missing.yaml")


def test_bad_site_file_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "site.yaml"
    bad.write_text("customer: [x\n", encoding="utf-8")
    log = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet" / "cisco_c2960x_access.log"
    result = CliRunner().invoke(app, ["inspect", "--logs", str(log), "--site", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "site.yaml:" in result.output and "Traceback" not in result.output
    wrong = CliRunner().invoke(app, ["inspect", "--logs", str(log), "--format", "odt", "--out", str(tmp_path / "p")])
    assert wrong.exit_code == 2 and "odt" in wrong.output
