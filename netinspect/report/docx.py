"""Word (.docx) from a report's HTML: the same view and template as the HTML and the PDF, so the four
deliverables (inspection report, hardening plan, version report, maintenance guide) read the same in Word.

Headings are Word's own styles (Heading 1-3: the customer's table of contents works, and the document
opens with a TOC field that Word fills on "update field"), tables are Word tables with the header row
repeated on each page, the sign-off block is a table, and the fonts are named for Latin and for CJK
(``w:eastAsia``), so Chinese text shows in the customer's CJK font rather than a fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from netinspect.core.i18n import labels
from netinspect.report.errors import PdfError

LATIN_FONT = "Calibri"
CJK_FONT = "Microsoft YaHei"  # 微软雅黑: on every Windows with Chinese; Word substitutes elsewhere
MONO_FONT = "Consolas"
_SKIP = {"head", "style", "script", "svg", "title", "colgroup"}
_BLOCKS = {"p", "div", "pre", "table", "ul", "ol", "h1", "h2", "h3", "h4", "section", "nav", "figure",
           "figcaption", "footer", "header", "li", "tr", "td", "th", "thead", "tbody", "body", "html"}
_VOID = {"br", "col", "meta", "link", "img", "hr", "input"}


class DocxError(PdfError):
    """python-docx is missing or the file cannot be written: one line for the user (handled as PdfError)."""


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Any] = field(default_factory=list)  # Node or str

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else ("\n" if c.tag == "br" else c.text()) for c in self.children)


class _Tree(HTMLParser):
    """The HTML as a small tree (our own templates: well formed, no scripts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


def _docx() -> Any:
    try:
        import docx
    except ImportError as exc:
        raise DocxError(f"python-docx is not installed ({exc}); pip install python-docx") from None
    return docx


def _fonts(element: Any, size: float | None = None, mono: bool = False) -> None:
    """Latin and CJK font names on a style's or run's rPr."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = element.font
    font.name = MONO_FONT if mono else LATIN_FONT
    if size:
        font.size = Pt(size)
    rpr = element.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(key), MONO_FONT if mono else LATIN_FONT)
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _setup(document: Any, lang: str) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, RGBColor

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(16)
    section.top_margin = section.bottom_margin = Mm(18)
    styles = document.styles
    _fonts(styles["Normal"], 9.5)
    for name, size in (("Title", 24), ("Heading 1", 15), ("Heading 2", 12), ("Heading 3", 10.5)):
        _fonts(styles[name], size)
        styles[name].font.color.rgb = RGBColor(0x1F, 0x2D, 0x3D)
    lang_el = styles["Normal"].element.get_or_add_rPr().makeelement(qn("w:lang"), {
        qn("w:val"): "zh-CN" if lang == "zh" else "en-GB", qn("w:eastAsia"): "zh-CN"})
    styles["Normal"].element.get_or_add_rPr().append(lang_el)


def _field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) in `paragraph`."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            fld.set(qn("w:dirty"), "true")
        run._r.append(fld)
        return run

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _header_footer(document: Any, lang: str, header: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = document.sections[0]
    section.different_first_page_header_footer = True  # the cover has none
    head = section.header.paragraphs[0]
    _fonts(head.add_run(header), 7.5)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pieces = re.split(r"\{(page|pages)\}", labels(lang, "document")["page_of"])
    for i, piece in enumerate(pieces):
        if i % 2:
            _field(foot, "PAGE" if piece == "page" else "NUMPAGES", "1")
        elif piece:
            foot.add_run(piece)
    for run in foot.runs:
        _fonts(run, 7.5)


class _Writer:
    """Walks the HTML tree and writes Word paragraphs and tables."""

    def __init__(self, document: Any, lang: str) -> None:
        self.doc, self.lang = document, lang

    # inline content -------------------------------------------------------------------------------
    def inline(self, paragraph: Any, node: Any, style: dict[str, Any] | None = None) -> None:
        style = dict(style or {})
        if isinstance(node, str):
            if style.get("pre"):  # lines kept: one break per line
                for i, line in enumerate(node.strip("\n").split("\n")):
                    if i:
                        paragraph.add_run().add_break()
                    self._style_run(paragraph.add_run(line), style)
                return
            text = re.sub(r"\s+", " ", node)
            if text:
                self._style_run(paragraph.add_run(text), style)
            return
        if node.tag in _SKIP:
            return
        if node.tag == "br":
            paragraph.add_run().add_break()
            return
        if node.tag in ("b", "strong", "th"):
            style["bold"] = True
        if node.tag in ("code", "pre"):
            style["mono"] = True
        if node.tag == "pre":
            style["pre"] = True
        if node.tag == "small" or "label" in node.classes:
            style["small"] = True
        if node.classes & {"sev", "st", "cs"}:
            style["bold"] = True
            style["colour"] = _badge_colour(node.classes)
        for child in node.children:
            if isinstance(child, Node) and child.tag in ("div", "p", "pre") and paragraph.runs:
                paragraph.add_run().add_break()
            self.inline(paragraph, child, style)

    def _style_run(self, run: Any, style: dict[str, Any]) -> None:
        from docx.shared import RGBColor

        size = 7.5 if style.get("mono") else (8 if style.get("small") else None)
        if style.get("mono") or size:
            _fonts(run, size, mono=bool(style.get("mono")))
        run.bold = style.get("bold") or None
        if style.get("colour"):
            run.font.color.rgb = RGBColor.from_string(style["colour"])

    # blocks ---------------------------------------------------------------------------------------
    def block(self, node: Any) -> None:
        if isinstance(node, str):
            if node.strip():
                self.inline(self.doc.add_paragraph(), node)
            return
        tag = node.tag
        if tag in _SKIP:
            return
        if tag == "section" and "cover" in node.classes:
            self.cover(node)
        elif tag == "nav" and "toc" in node.classes:
            self.toc(node)
        elif tag in ("h1", "h2", "h3", "h4"):
            level = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}[tag]
            self.doc.add_heading(" ".join(node.text().split()), level=level)
        elif tag == "table":
            self.table(node)
        elif tag == "figure" and _holds(node, "svg"):
            return  # an SVG chart cannot be drawn here: its caption alone would head an empty space
        elif "cards" in node.classes:
            cards = [c for c in node.children if isinstance(c, Node) and "card" in c.classes]
            row = Node("tr", children=[Node("td", children=[" ".join(
                " ".join((part if isinstance(part, str) else part.text()).split()) for part in c.children
                if (part if isinstance(part, str) else part.text()).strip())]) for c in cards])
            self.table(Node("table", children=[row]))
        elif tag == "pre":
            paragraph = self.doc.add_paragraph()
            self.inline(paragraph, node, {"pre": True, "mono": True})
        elif tag in ("ul", "ol"):
            for li in (c for c in node.children if isinstance(c, Node) and c.tag == "li"):
                self.inline(self.doc.add_paragraph(style="List Bullet" if tag == "ul" else "List Number"), li)
        elif tag in ("p", "figcaption", "footer") or (tag == "div" and not _has_blocks(node)):
            paragraph = self.doc.add_paragraph()
            self.inline(paragraph, node, {"small": tag == "footer"})
        else:  # a container: section, div with blocks, figure, body ...
            for child in node.children:
                self.block(child)

    def cover(self, node: Any) -> None:
        from docx.enum.text import WD_BREAK

        for child in node.children:
            if isinstance(child, Node) and child.tag == "h1":
                self.doc.add_paragraph(" ".join(child.text().split()), style="Title")
            else:
                self.block(child)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def toc(self, node: Any) -> None:
        from docx.enum.text import WD_BREAK

        title = next((c for c in node.children if isinstance(c, Node) and c.tag in ("h2", "h3")), None)
        if title is not None:
            paragraph = self.doc.add_paragraph(" ".join(title.text().split()))
            paragraph.runs[0].bold = True
        hint = "右键单击并选择“更新域”以生成目录" if self.lang == "zh" else "Right-click and choose Update Field"
        _field(self.doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', hint)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, node: Any) -> None:
        rows = _rows(node)
        if not rows:
            return
        width = max(sum(int(c.attrs.get("colspan") or 1) for c in row) for row, _ in rows)
        table = self.doc.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        table.autofit = False
        widths = _column_widths(rows, width)
        for column, column_width in zip(table.columns, widths):
            column.width = column_width
        for cells, header in rows:
            row = table.add_row()
            if header:
                _repeat_header(row)
            col = 0
            for cell_node in cells:
                span = min(int(cell_node.attrs.get("colspan") or 1), width - col)
                cell = row.cells[col]
                if span > 1:
                    cell = cell.merge(row.cells[col + span - 1])
                cell.width = sum(widths[col:col + span])
                paragraph = cell.paragraphs[0]
                self.inline(paragraph, cell_node, {"bold": cell_node.tag == "th"})
                if header or cell_node.tag == "th":
                    _shade(cell, "E8EEF4")
                col += span
        self.doc.add_paragraph()


TEXT_WIDTH_MM = 178  # A4 less the margins


def _units(text: str) -> int:
    """Width of `text` in half-width characters (a CJK character is two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _column_widths(rows: list[tuple[list[Node], bool]], count: int) -> list[Any]:
    """Widths per column from what the column holds: each column gets at least its longest word (its
    header whole: 序号, 严重程度 on one line; a long token capped), the rest of the page goes to the
    columns with long text, in proportion to it."""
    from docx.shared import Mm

    # a half-width character: Calibri at 9.5pt is ~1.7mm, its stand-ins (DejaVu Sans, bold) up to ~2.4mm
    unit_mm, padding_mm = 2.4, 4.4
    least, want = [2] * count, [2] * count
    for cells, _ in rows:
        col = 0
        for cell in cells:
            span = int(cell.attrs.get("colspan") or 1)
            if span == 1 and col < count:
                text = " ".join(cell.text().split())
                word = max((_units(w) for w in text.split()), default=0)
                least[col] = max(least[col], min(word, 24 if cell.tag == "th" else 14))
                want[col] = max(want[col], min(_units(text), 80))
            col += span
    # a short column (every cell a word or two: risk, counts, dates) keeps its words whole; a long one
    # wraps anyway, so its floor is a few characters and the spare width goes to it
    least = [n if w <= 12 else min(n, 9) for n, w in zip(least, want)]
    floor = [n * unit_mm + padding_mm for n in least]
    if sum(floor) > TEXT_WIDTH_MM:  # too many columns for their words: shrink all, never past the page
        floor = [f * TEXT_WIDTH_MM / sum(floor) for f in floor]
    spare = max(0.0, TEXT_WIDTH_MM - sum(floor))
    extra = [max(0, w - n) for w, n in zip(want, least)]
    total = sum(extra) or 1
    return [Mm(f + spare * e / total) for f, e in zip(floor, extra)]


def _holds(node: Node, tag: str) -> bool:
    """Whether an element of this tag is anywhere inside the node."""
    return any(isinstance(c, Node) and (c.tag == tag or _holds(c, tag)) for c in node.children)


def _has_blocks(node: Node) -> bool:
    return any(isinstance(c, Node) and c.tag in _BLOCKS - {"div"} | {"table", "pre", "h2", "h3"}
               for c in node.children)


def _rows(table: Node) -> list[tuple[list[Node], bool]]:
    """(cells, is header) of every row, thead first."""
    out: list[tuple[list[Node], bool]] = []

    def walk(node: Node, header: bool) -> None:
        for child in node.children:
            if not isinstance(child, Node):
                continue
            if child.tag == "tr":
                cells = [c for c in child.children if isinstance(c, Node) and c.tag in ("td", "th")]
                if cells:
                    out.append((cells, header))
            elif child.tag in ("thead", "tbody", "tfoot"):
                walk(child, child.tag == "thead")

    walk(table, False)
    return out


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _badge_colour(classes: set[str]) -> str | None:
    for name, colour in (("sev-critical", "7B1FA2"), ("sev-high", "C62828"), ("sev-medium", "B45309"),
                         ("sev-low", "8D6E00"), ("st-fail", "C62828"), ("st-pass", "2E7D32"), ("cs-ok", "2E7D32")):
        if name in classes:
            return colour
    return None


def write_docx(html: str, path: Path, lang: str, header: str = "") -> Path:
    """Render a report's HTML (from our templates) to a Word document at `path`."""
    docx = _docx()
    document = docx.Document()
    _setup(document, lang)
    _header_footer(document, lang, header)
    root = parse_html(html)
    body = _find(root, "body") or root
    _Writer(document, lang).block(body)
    try:
        document.save(str(path))
    except OSError as exc:
        raise DocxError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path


def _find(node: Node, tag: str) -> Node | None:
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                return child
            found = _find(child, tag)
            if found is not None:
                return found
    return None
