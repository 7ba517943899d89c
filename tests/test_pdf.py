"""PDF deliverables read back: A4, embedded CJK font, text, page numbers, cover, TOC and sign-off."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.report import pdf

REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "netinspect" / "lab" / "fleet"
DEVICES = ("h3c_s6850_core.log", "huawei_s5735_access.log", "cisco_c9300_dist.log")
A4 = (595.28, 841.89)

pypdf = pytest.importorskip("pypdf")
try:
    import weasyprint  # noqa: F401
except (ImportError, OSError) as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"WeasyPrint unavailable: {exc}", allow_module_level=True)

SITE = "customer: 某某银行股份有限公司\nsite: 杭州数据中心\nengineer: 张工\ndate: '2026-11-20'\nperiod: 2026 Q4\n"


def _logs(tmp: Path) -> Path:
    logs = tmp / "logs"
    logs.mkdir()
    for name in DEVICES:
        shutil.copy(FLEET / name, logs / name)
    return logs


def _run(args: list[str]) -> int:
    return CliRunner().invoke(app, args).exit_code


@pytest.fixture(scope="module")
def inspected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("pdf")
    logs = _logs(tmp)
    (tmp / "site.yaml").write_text(SITE, encoding="utf-8")
    out = {}
    for lang in ("zh", "en"):
        code = _run(["inspect", "--logs", str(logs), "--site", str(tmp / "site.yaml"), "--format", "pdf",
                     "--lang", lang, "--out", str(tmp / lang), "-q"])
        assert code in (0, 1)
        out[lang] = tmp / lang / "inspection-report.pdf"
    return out


def _text(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def _fonts(path: Path) -> dict[str, bool]:
    """Font name -> embedded (has a font file), over all pages."""
    fonts: dict[str, bool] = {}
    for page in pypdf.PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            fonts[str(font["/BaseFont"])] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def test_inspection_pdf_zh_a4_text_fonts_page_numbers(inspected: dict[str, Path]):
    path = inspected["zh"]
    reader = pypdf.PdfReader(path)
    pages = _text(path)
    assert len(pages) >= 5
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
    cover = pages[0]
    for text in ("网络设备巡检报告", "某某银行股份有限公司", "杭州数据中心", "张工", "2026 Q4", "报告编号"):
        assert text in cover
    everything = "\n".join(pages)
    for device in ("HZ-CORE-S6850", "HZ-ACC-S5735-01", "BJ-DIST-01"):
        assert device in everything
    signoff = "\n".join(pages[-2:])  # the annex (inputs) follows the sign-off
    assert "目录" in pages[1] and "签字确认" in signoff and "客户代表" in signoff
    total = len(pages)
    for no, text in enumerate(pages[1:], 2):
        assert f"第 {no} 页 / 共 {total} 页" in text
    assert "页 / 共" not in cover  # no page number on the cover
    fonts = _fonts(path)
    assert all(fonts.values()), fonts
    assert any("netinspect-CJK" in name for name in fonts), fonts


def test_toc_has_page_numbers(inspected: dict[str, Path]):
    toc = _text(inspected["zh"])[1]
    assert re.search(r"三、问题列表\s*\.+\s*\d+", toc), toc


def test_inspection_pdf_en_page_of(inspected: dict[str, Path]):
    pages = _text(inspected["en"])
    assert "Network Device Inspection Report" in pages[0]
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert "Sign-off" in "\n".join(pages[-2:])  # the annex (inputs) follows the sign-off


def test_evidence_lines_not_broken_per_character(inspected: dict[str, Path]):
    """Evidence gets the table's full width: an 80-column device line stays on one or two lines."""
    everything = "\n".join(_text(inspected["en"]))
    assert "Master" in everything
    lines = [line for line in everything.splitlines() if line.strip()]
    short = sum(1 for line in lines if len(line.strip()) <= 2)
    assert short < len(lines) * 0.15


def test_harden_and_versions_pdf(tmp_path: Path, samples_dir: Path):
    logs = _logs(tmp_path)
    (tmp_path / "site.yaml").write_text(SITE, encoding="utf-8")
    assert _run(["harden", "--logs", str(logs), "--site", str(tmp_path / "site.yaml"), "--format", "pdf",
                 "--out", str(tmp_path / "h")]) in (0, 1)
    plan = _text(tmp_path / "h" / "hardening-plan.pdf")
    assert "网络加固方案" in plan[0] and "某某银行股份有限公司" in plan[0]
    assert f"第 2 页 / 共 {len(plan)} 页" in plan[1]
    store = tmp_path / "adv.db"
    assert _run(["advisories", "import", str(samples_dir / "advisories"), "--advisories", str(store)]) in (0, 1)
    assert _run(["versions", "--logs", str(logs), "--advisories", str(store), "--format", "pdf",
                 "--out", str(tmp_path / "v")]) in (0, 1)
    versions = _text(tmp_path / "v" / "versions.pdf")
    assert "版本评估报告" in versions[0]
    assert "HZ-CORE-S6850" in "\n".join(versions)
    assert all(_fonts(tmp_path / "v" / "versions.pdf").values())


def test_font_covers_every_report_text():
    """Every character of our labels and templates is in the embedded font (no boxes without system fonts)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(pdf.FONT_FILE).getBestCmap()
    chars = set()
    for folder, pattern in ((REPO / "netinspect" / "data" / "i18n", "*.yaml"), (REPO / "templates", "*.j2")):
        for path in folder.rglob(pattern):
            chars |= {c for c in path.read_text(encoding="utf-8") if c.isprintable() and not c.isspace()}
    missing = sorted(c for c in chars if ord(c) not in cmap)
    assert not missing, f"characters missing from {pdf.FONT_FILE.name}: {''.join(missing)}"


def test_page_counter_css():
    assert pdf.page_counter_css("第 {page} 页 / 共 {pages} 页") == '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'
    assert pdf.page_counter_css("Page {page} of {pages}") == '"Page " counter(page) " of " counter(pages)'


def test_pdf_unavailable_is_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def missing():
        raise pdf.PdfError("WeasyPrint is not installed")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    result = CliRunner().invoke(app, ["inspect", "--logs", str(_logs(tmp_path)), "--format", "html,pdf",
                                      "--out", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 2
    assert "WeasyPrint is not installed" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "o" / "inspection-report.html").is_file()
