"""`netinspect versions` to the inspection report's standard (issue 10): exit codes, --site, --fail-on,
no silent ./out, a report that explains every state, and an XLSX with summary/device/advisory sheets."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from netinspect.cli.app import app
from tests.test_advisories_e2e import setup  # noqa: F401 - the shared fixture (logs, store, baseline)

SITE = "customer: 某某银行\nsite: 杭州数据中心\nengineer: 张工\ndate: 2026-11-20\n"


def _versions(setup, out: Path, *extra: str):  # noqa: F811
    return CliRunner().invoke(app, ["versions", "--logs", str(setup["logs"]), "--advisories", str(setup["store"]),
                                    "--out", str(out), *extra])


def test_exit_codes_follow_inspect(setup, tmp_path: Path):  # noqa: F811
    assert _versions(setup, tmp_path / "a", "-f", "json").exit_code == 1  # C9200L affected, high
    assert _versions(setup, tmp_path / "b", "-f", "json", "--fail-on", "critical").exit_code == 0
    missing = CliRunner().invoke(app, ["versions", "--logs", str(tmp_path / "nope"), "--advisories",
                                       str(setup["store"]), "--out", str(tmp_path / "c")])
    assert missing.exit_code == 2 and "文件或文件夹不存在" in missing.output and not (tmp_path / "c").exists()
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\n", encoding="utf-8")
    empty = CliRunner().invoke(app, ["versions", "-l", str(junk), "--advisories", str(setup["store"]),
                                     "-o", str(tmp_path / "d")])
    assert empty.exit_code == 2 and "没有可用输入" in empty.output and not (tmp_path / "d").exists()
    assert _versions(setup, tmp_path / "e", "--fail-on", "severe").exit_code == 2


def test_default_output_is_a_new_folder_not_out(setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["versions", "-l", str(setup["logs"]), "--advisories", str(setup["store"]),
                                      "-f", "json", "-q"])
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()
    (folder,) = [p for p in tmp_path.iterdir() if p.name.startswith("netinspect-versions-")]
    assert result.output.strip() == str(folder)


def test_report_explains_every_state(setup, tmp_path: Path):  # noqa: F811
    site = tmp_path / "site.yaml"
    site.write_text(SITE, encoding="utf-8")
    result = _versions(setup, tmp_path / "r", "-f", "html,md,xlsx", "--site", str(site), "--baseline",
                       str(setup["baseline"]))
    assert result.exit_code == 1, result.output
    html = (tmp_path / "r" / "versions.html").read_text(encoding="utf-8")
    assert "某某银行" in html and 'id="cover"' in html and 'id="signoff"' in html and "<svg" in html
    detail = html.split('id="detail"')[1].split('id="advisories"')[0]
    for model in ("C9200L", "NE20E-S4"):
        assert model in detail  # every model, also the one without advisory data
    assert "未知：公告库中没有该型号的公告数据" in detail  # why unknown
    assert "V800R012C10SPC300" in detail  # the baseline's version for the model without data
    assert "17.9.4a" in detail and "17.9.7" in detail  # running versions
    by_advisory = html.split('id="advisories"')[1].split('id="devices"')[0]
    assert "cisco-sa-snmp-dos-sdxnSUcW" in by_advisory and "C9200L (17.9.4a)" in by_advisory
    assert "C9200L-B" not in by_advisory
    md = (tmp_path / "r" / "versions.md").read_text(encoding="utf-8")
    assert "未知 1" in md and "高 1" in md and "客户名称: 某某银行" in md


def test_xlsx_summary_device_advisory_sheets(setup, tmp_path: Path):  # noqa: F811
    assert _versions(setup, tmp_path / "x", "-f", "xlsx", "--lang", "en").exit_code == 1
    book = load_workbook(tmp_path / "x" / "versions.xlsx")
    assert book.sheetnames == ["Summary", "Devices", "Advisories"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    devices = book["Devices"]
    rows = {r[0]: r for r in devices.iter_rows(min_row=2, values_only=True)}
    assert "no advisory data" in rows["NE20E-S4"][8]
    advisories = book["Advisories"]
    (row,) = list(advisories.iter_rows(min_row=2, values_only=True))
    assert row[0] == "cisco-sa-snmp-dos-sdxnSUcW" and "C9200L (" in row[6]


def test_bulletin_glob_and_cross_train_range_warn_at_import(tmp_path: Path):
    bulletin = tmp_path / "b.yaml"
    bulletin.write_text("""format: netinspect-bulletins/1
bulletins:
  - id: H3C-TEST-1
    vendor: h3c
    title: test
    products:
      - models: ["S68*"]
        affected: [Release 6635]
      - models: ["*"]
        affected: [Release 6635]
      - models: [S6850-56HF]
        ranges:
          - {from: Release 2418, before: Release 6728P23}
          - {from: Release 6710, before: Release 6728P23}
""", encoding="utf-8")
    result = CliRunner().invoke(app, ["advisories", "import", str(bulletin), "--advisories", str(tmp_path / "s.db"),
                                      "--lang", "en"])
    assert result.exit_code == 0 and "imported" in result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2, warnings
    assert "'S68*' is a pattern" in warnings[0]
    assert "Release 2418 .. Release 6728P23 crosses release trains" in warnings[1]
