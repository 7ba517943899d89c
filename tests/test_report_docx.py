"""Word deliverables (--format docx) from the same view as the HTML and the PDF: the inspection report, the
hardening plan, the version report and the maintenance guide, in zh and en. Read back with python-docx:
headings in Word's own styles (a TOC field over them), tables with the header row repeated, the sign-off
block, CJK fonts named; and each one opens in LibreOffice (converted to PDF) when soffice is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "netinspect" / "lab" / "fleet"
CONFIGS = REPO / "tests" / "data" / "harden"
ADVISORIES = REPO / "tests" / "advisories_corpus" / "cve5"
SITE = "customer: 某某银行股份有限公司\nsite: 杭州数据中心\nengineer: 张工\n"


def _invoke(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    tmp = tmp_path_factory.mktemp("docx")
    logs = tmp / "logs"
    logs.mkdir()
    for name in ("h3c_s6850_core.log", "huawei_s5735_access.log", "cisco_c9300_dist.log"):
        shutil.copy(FLEET / name, logs / name)
    site = tmp / "site.yaml"
    site.write_text(SITE, encoding="utf-8")
    store = tmp / "adv.db"
    CliRunner().invoke(app, ["advisories", "import", str(ADVISORIES), "--advisories", str(store)])
    out = {}
    for lang in ("zh", "en"):
        common = ["--site", str(site), "--format", "docx", "--lang", lang, "-q"]
        _invoke(["inspect", "--logs", str(logs), "--out", str(tmp / f"i-{lang}"), "--no-history", *common])
        _invoke(["harden", "--configs", str(CONFIGS), "--out", str(tmp / f"h-{lang}"), *common])
        _invoke(["versions", "--logs", str(logs), "--advisories", str(store), "--out", str(tmp / f"v-{lang}"), *common])
        _invoke(["guide", "--logs", str(logs), "--out", str(tmp / f"g-{lang}"), *common])
        out.update({("inspection", lang): tmp / f"i-{lang}" / "inspection-report.docx",
                    ("hardening", lang): tmp / f"h-{lang}" / "hardening-plan.docx",
                    ("versions", lang): tmp / f"v-{lang}" / "versions.docx",
                    ("guide", lang): tmp / f"g-{lang}" / "maintenance-guide.docx"})
    return out


KINDS = ["inspection", "hardening", "versions", "guide"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_word_document_structure(documents: dict[tuple[str, str], Path], kind: str, lang: str) -> None:
    document = docx.Document(str(documents[(kind, lang)]))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 3 and {p.style.name for p in headings} >= {"Heading 1"}
    assert any(p.style.name == "Title" for p in document.paragraphs)
    body = document.element.body.xml
    assert "TOC \\o" in body  # the contents as a Word field over the heading styles
    assert document.tables and any(row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
                                   for table in document.tables for row in table.rows)
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert ("签字确认" if lang == "zh" else "Sign-off") in text and "某某银行股份有限公司" in text
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:ascii"))
    for heading in ("Heading 1", "Title"):
        assert document.styles[heading].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    if kind == "inspection":  # the SVG charts are left out with their captions: no caption over empty space
        assert ("问题按严重程度" if lang == "zh" else "Problems by severity") not in text
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_every_word_document_opens_in_libreoffice(documents: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    paths = [str(documents[(kind, "zh")]) for kind in KINDS] + [str(documents[("inspection", "en")])]
    result = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *paths],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert {p.stem for p in tmp_path.glob("*.pdf")} >= {Path(p).stem for p in paths}
