"""`netinspect history report`: a semiannual/annual review from four quarterly inspections of one site,
in zh and en, HTML / PDF / XLSX (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.history.period import build, last_period, project
from netinspect.history.store import HistoryStore
from netinspect.lab.fleet import FLEET_DIR
from netinspect.sources.logs import read_logs
from netinspect.workflow import InspectOptions, inspect_source

LOG = FLEET_DIR / "h3c_s6850_core.log"
# four quarters of the core switch: CPU climbing, CRC errors growing on WGE1/0/3, telnet switched off in Q3
QUARTERS = [("2026-03-10", "20", 0, True), ("2026-06-09", "35", 600, True), ("2026-09-08", "50", 1200, False),
            ("2026-12-08", "65", 1873, False)]


def _quarter_log(cpu: str, errors: int, telnet: bool) -> str:
    text = LOG.read_text(encoding="utf-8").replace("       7% in last 5 minutes", f"      {cpu}% in last 5 minutes", 1)
    text = text.replace("Input:  1873 input errors", f"Input:  {errors} input errors", 1)
    text = text.replace("        1873 CRC", f"        {errors} CRC", 1)
    return text if telnet else text.replace("telnet server enable\n", "", 1)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("period")
    path = tmp / "history.sqlite"
    other = tmp / "other.log"
    other.write_text((FLEET_DIR / "cisco_c2960x_access.log").read_text(encoding="utf-8"), encoding="utf-8")
    for i, (day, cpu, errors, telnet) in enumerate(QUARTERS):
        log = tmp / f"q{i}.log"
        log.write_text(_quarter_log(cpu, errors, telnet), encoding="utf-8")
        site = tmp / f"q{i}.yaml"
        site.write_text(f"customer: Alpha Bank\nsite: HQ\ndate: {day}\nengineer: Li Wei\n", encoding="utf-8")
        inspect_source(read_logs([log]), "logs", InspectOptions(out=tmp / f"q{i}", formats=["json"], quiet=True,
                                                                history=path, site_file=site))
        # another customer's inspection in between: not part of the report
        site.write_text(f"customer: Beta Mfg\nsite: HQ\ndate: {day}\n", encoding="utf-8")
        inspect_source(read_logs([other]), "logs", InspectOptions(out=tmp / f"o{i}", formats=["json"], quiet=True,
                                                                  history=path, site_file=site))
    return path


def test_the_view_counts_quarters_open_items_fixed_baseline_and_projects_the_cpu(store):
    view = build(HistoryStore(store), "HQ", "Alpha Bank", "2026-01-01", "2026-12-31", "en")
    assert view["summary"]["inspections"] == 4 and [d["name"] for d in view["devices"]] == ["HZ-CORE-S6850"]
    assert [q["quarter"] for q in view["quarters"]] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    q2 = view["quarters"][1]
    assert q2["health_raised"] == 1  # the CRC errors on WGE1/0/3 appear in June
    assert view["quarters"][2]["baseline_resolved"] == 1  # telnet off in September
    assert [(f["check"], f["fixed"]) for f in view["fixed"]] == [("harden.telnet", "2026-09-08")]
    crc = next(i for i in view["open_items"] if i["check"] == "health.interfaces")
    assert (crc["title"], crc["since"], crc["age"]) == ("Interfaces and errors: Twenty-FiveGigE1/0/3", "2026-06-09", 182)
    cpu = next(it for tr in view["trends"] for it in tr["items"] if it["metric"] == "cpu")
    assert (cpu["first"], cpu["last"], cpu["limit"]) == (20.0, 65.0, 80.0)
    assert cpu["crosses"] and cpu["projected"] == pytest.approx(80.0, abs=1.0)  # +15 points a quarter
    assert any("projected" in r for r in view["recommendations"])


def test_last_two_quarters_and_projection_helpers():
    assert last_period("2q", "2026-12-08") == ("2026-07-01", "2026-12-31")
    assert last_period("1y", "2026-12-08") == ("2026-01-01", "2026-12-31")
    assert last_period("6m", "2026-12-08") == ("2026-07-01", "2026-12-31")
    assert project([("2026-01-01", 10.0), ("2026-01-11", 20.0)], 10)["value"] == 30.0
    assert project([("2026-01-01", 10.0), ("2026-01-11", None)], 10) is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_writes_html_pdf_xlsx_in_each_language(store, tmp_path, lang):
    out = tmp_path / lang
    result = CliRunner().invoke(app, ["history", "report", "--site", "HQ", "--customer", "Alpha Bank", "--last", "2q",
                                      "--history", str(store), "--lang", lang, "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "period-report.html").read_text(encoding="utf-8")
    title = "阶段性服务回顾报告" if lang == "zh" else "Service review report"
    assert title in html and "2026-07-01" in html and "2026-12-31" in html
    assert ("接口状态与错包: Twenty-FiveGigE1/0/3" if lang == "zh" else "Interfaces and errors: Twenty-FiveGigE1/0/3") in html
    assert "Beta" not in html and "<polyline" in html
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out / "period-report.pdf").pages)
    assert ("遗留问题" if lang == "zh" else "Open items") in text and "HZ-CORE-S6850" in text
    from openpyxl import load_workbook

    sheets = load_workbook(out / "period-report.xlsx").sheetnames
    assert len(sheets) == 6


def test_a_site_without_inspection_in_the_period_is_one_line_exit_1(store, tmp_path):
    result = CliRunner().invoke(app, ["history", "report", "--site", "HQ", "--customer", "Alpha Bank", "--from",
                                      "2025-01-01", "--to", "2025-06-30", "--history", str(store), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "no inspection of site 'HQ' between 2025-01-01 and 2025-06-30" in result.output
    bad = CliRunner().invoke(app, ["history", "report", "--site", "HQ", "--last", "two", "--history", str(store)])
    assert bad.exit_code == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_writes_the_review_in_word(store, tmp_path, lang):
    """--format docx: the same view as the HTML and PDF, headings as Word styles, tables, the sign-off."""
    docx = pytest.importorskip("docx")
    out = tmp_path / lang
    result = CliRunner().invoke(app, ["history", "report", "--site", "HQ", "--customer", "Alpha Bank", "--last", "2q",
                                      "--history", str(store), "--lang", lang, "--out", str(out), "--format", "docx"])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out / "period-report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 3 and any(("遗留问题" if lang == "zh" else "Open items") in h for h in headings)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "HZ-CORE-S6850" in cells and "Beta" not in cells
    assert ("客户代表" if lang == "zh" else "Customer representative") in cells  # the sign-off block


def test_review_and_change_template_in_word_open_in_libreoffice(store, tmp_path):
    """The review's and the change-plan template's .docx convert to PDF with LibreOffice (soffice)."""
    import shutil
    import subprocess

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed")
    pytest.importorskip("docx")
    review = CliRunner().invoke(app, ["history", "report", "--site", "HQ", "--customer", "Alpha Bank", "--last", "2q",
                                      "--history", str(store), "--out", str(tmp_path / "r"), "--format", "docx"])
    assert review.exit_code == 0, review.output
    template = CliRunner().invoke(app, ["change", "template", "--format", "docx",
                                        "--out", str(tmp_path / "change-plan.docx")])
    assert template.exit_code == 0, template.output
    paths = [tmp_path / "r" / "period-report.docx", tmp_path / "change-plan.docx"]
    result = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                             *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    for path in paths:
        pdf = tmp_path / "pdf" / f"{path.stem}.pdf"
        assert pdf.is_file(), result.stdout + result.stderr
        assert "".join(page.extract_text() for page in PdfReader(pdf).pages).strip()
