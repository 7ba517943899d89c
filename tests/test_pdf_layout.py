"""The inspection PDF laid out to be read, checked on the pages themselves (pdfplumber): the demo fleet and
a 28-device fleet (the demo's seven session logs, four times, under other hostnames), in zh and en.

- no text outside the page margins (nothing cut at the page edge);
- no table column narrower than two characters of its text (no 序/号 one character a line);
- no page holding only the running header and the footer;
- a 28-device fleet under 40 pages (baseline items as a table, the per-check section in summary)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app

pdfplumber = pytest.importorskip("pdfplumber")
try:
    import weasyprint  # noqa: F401
except (ImportError, OSError) as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"WeasyPrint unavailable: {exc}", allow_module_level=True)

REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "netinspect" / "lab" / "fleet"
HOSTNAMES = {"cisco_c2960x_access.log": "BJ-ACC-01", "cisco_c9300_dist.log": "BJ-DIST-01",
             "h3c_s5120_access.log": "BJ-ACC-S5120", "h3c_s6850_core.log": "HZ-CORE-S6850",
             "huawei_ac6605.log": "HZ-WAC-AC6605-01", "huawei_s5735_access.log": "HZ-ACC-S5735-01",
             "huawei_usg6555e.log": "FW-01"}
MM = 72 / 25.4
MARGIN_X, MARGIN_Y = 14 * MM, 18 * MM  # templates/shared/print.css.j2 @page margins
CELL_PADDING = 8.0  # 4pt either side


def _fleet(folder: Path, copies: int) -> Path:
    folder.mkdir()
    for name, hostname in HOSTNAMES.items():
        text = (FLEET / name).read_text(encoding="utf-8")
        assert hostname in text
        for i in range(1, copies + 1):
            (folder / f"{i}-{name}").write_text(text.replace(hostname, f"{hostname}-{i}") if i > 1 else text,
                                                encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str], Path]:
    tmp = tmp_path_factory.mktemp("layout")
    site = tmp / "site.yaml"
    site.write_text("customer: 某某银行股份有限公司\nsite: 杭州数据中心\nengineer: 张工\n", encoding="utf-8")
    out = {}
    for copies in (1, 4):
        logs = _fleet(tmp / f"fleet{copies}", copies)
        for lang in ("zh", "en"):
            folder = tmp / f"out-{copies}-{lang}"
            result = CliRunner().invoke(app, ["inspect", "--logs", str(logs), "--site", str(site), "--format", "pdf",
                                              "--lang", lang, "--out", str(folder), "--no-history", "-q"])
            assert result.exit_code in (0, 1), result.output
            out[(7 * copies, lang)] = folder / "inspection-report.pdf"
    return out


def _cells(page):  # noqa: ANN001, ANN202 - pdfplumber objects
    """(cell box, characters in it) of every table cell holding text (chart bars are not cells)."""
    for table in page.find_tables():
        for row in table.rows:
            for cell in row.cells:
                if cell is None or cell[3] - cell[1] < 8:
                    continue
                chars = [c for c in page.chars if cell[0] <= (c["x0"] + c["x1"]) / 2 <= cell[2]
                         and cell[1] <= (c["top"] + c["bottom"]) / 2 <= cell[3]]
                if chars:
                    yield cell, chars


def _layout(path: Path) -> int:
    """Assert the layout rules on every page of `path`; the number of pages."""
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages
        tables = 0
        for no, page in enumerate(pages, 1):
            width, height = page.width, page.height
            outside = [c["text"] for c in page.chars if c["x0"] < MARGIN_X - 2 or c["x1"] > width - MARGIN_X + 2
                       or c["top"] < 0 or c["bottom"] > height]
            assert not outside, f"{path.name} page {no}: text outside the page margins: {''.join(outside)[:60]!r}"
            body = [c for c in page.chars if MARGIN_Y - 4 < c["top"] and c["bottom"] < height - MARGIN_Y + 4]
            assert no == 1 or body, f"{path.name} page {no} holds only the header and the footer"
            for cell, chars in _cells(page):
                tables += 1
                size = max(c["size"] for c in chars)
                text = "".join(c["text"] for c in chars)
                assert cell[2] - cell[0] - CELL_PADDING >= 2 * size - 0.5, \
                    f"{path.name} page {no}: a column narrower than two characters: {text[:20]!r}"
        assert tables > 10  # the check saw the tables
        return len(pages)


@pytest.mark.parametrize("devices", [7, 28])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inspection_pdf_layout(pdfs: dict[tuple[int, str], Path], devices: int, lang: str) -> None:
    assert _layout(pdfs[(devices, lang)]) < 40


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_version_report_and_hardening_plan_layout(tmp_path: Path, lang: str) -> None:
    """The version report's columns (Explanation, 修复版本, 建议版本) and the hardening plan, same rules."""
    logs = _fleet(tmp_path / "fleet", 1)
    store = tmp_path / "adv.db"
    CliRunner().invoke(app, ["advisories", "import", str(REPO / "tests" / "advisories_corpus" / "cve5"),
                             "--advisories", str(store)])
    for args in (["versions", "--logs", str(logs), "--advisories", str(store), "--out", str(tmp_path / "v")],
                 ["harden", "--configs", str(REPO / "tests" / "data" / "harden"), "--out", str(tmp_path / "h")]):
        result = CliRunner().invoke(app, [*args, "--format", "pdf", "--lang", lang, "-q"])
        assert result.exit_code in (0, 1), result.output
    _layout(tmp_path / "v" / "versions.pdf")
    _layout(tmp_path / "h" / "hardening-plan.pdf")


@pytest.mark.parametrize("lang", ["en"])
def test_full_detail_pdf_layout(tmp_path: Path, lang: str) -> None:
    """--detail full: every check of every device, the baseline item by item, the spare-parts annex (its No.
    column was under two characters in en) and the radio annex, same layout rules; no page limit."""
    logs = _fleet(tmp_path / "fleet", 1)
    (logs / "cisco_c9800_wlc.log").write_text((FLEET / "cisco_c9800_wlc.log").read_text(encoding="utf-8"),
                                              encoding="utf-8")  # its AP radios: the radio annex
    result = CliRunner().invoke(app, ["inspect", "--logs", str(logs), "--format", "pdf", "--detail", "full",
                                      "--lang", lang, "--out", str(tmp_path / "out"), "--no-history", "-q"])
    assert result.exit_code in (0, 1), result.output
    path = tmp_path / "out" / "inspection-report.pdf"
    _layout(path)
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Annex: spare parts" in text and text.index("8. Sign-off") < text.rindex("Annex: spare parts")
    assert text.rindex("Annex: spare parts") < text.rindex("Annex: radio summary")
