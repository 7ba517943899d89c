"""PDF from a report's HTML: A4, running header, page X of Y, table of contents page numbers, and the
CJK font shipped in the package embedded, so the PDF reads right on a machine without Chinese fonts.

One module for every deliverable (inspection report, hardening plan, version report, maintenance
guide): each renders its HTML from its Jinja2 template, then calls :func:`write_pdf`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from netinspect.core.i18n import labels
from netinspect.core.paths import DATA_DIR
from netinspect.report.errors import PdfError
from netinspect.report.jinja import render

FONT_FILE = DATA_DIR / "fonts" / "NotoSansSC-netinspect.woff2"
FONT_FAMILY = "netinspect CJK"
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")




def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_counter_css(template: str) -> str:
    """'第 {page} 页 / 共 {pages} 页' -> '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'."""
    parts = []
    for i, piece in enumerate(_PLACEHOLDER.split(template)):
        if i % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def print_css(lang: str, header: str) -> str:
    """The paged-media stylesheet added to a report's own styles when printing to PDF."""
    t = labels(lang, "document")
    return render("shared/print.css.j2", font_url=FONT_FILE.as_uri(), font_family=FONT_FAMILY,
                  page_of=page_counter_css(t["page_of"]), header=_css_string(header), lang=lang)


def _weasyprint():  # noqa: ANN202 - the module, imported late: it needs pango at import time
    try:
        import weasyprint
    except ImportError as exc:
        raise PdfError(f"WeasyPrint is not installed ({exc}); pip install weasyprint") from None
    except OSError as exc:  # pango/cairo libraries missing
        raise PdfError(f"WeasyPrint needs the pango library ({exc}); install libpango-1.0-0") from None
    return weasyprint


def write_pdf(html: str, path: Path, lang: str, header: str = "") -> Path:
    """Render `html` (a report from our templates) to an A4 PDF at `path`."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    # after the report's own <style>, so that the print rules win over the screen ones
    html = html.replace("</head>", f"<style>\n{print_css(lang, header)}</style>\n</head>", 1)
    fonts = FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=str(path.parent)).render(font_config=fonts)
    try:
        document.write_pdf(path)
    except OSError as exc:
        raise PdfError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path


def write_document(template: str, data: dict, path: Path, fmt: str, lang: str, header: str = "") -> Path:
    """`template`.md.j2 or .html.j2 rendered with `data` to `path`; for pdf the HTML goes through write_pdf."""
    from netinspect.report.jinja import render

    if fmt == "md":
        path.write_text(render(f"{template}.md.j2", **data), encoding="utf-8")
    elif fmt == "html":
        path.write_text(render(f"{template}.html.j2", **data), encoding="utf-8")
    elif fmt == "docx":
        from netinspect.report.docx import write_docx
        write_docx(render(f"{template}.html.j2", **data), path, lang, header)
    else:
        write_pdf(render(f"{template}.html.j2", **data), path, lang, header)
    return path
