"""XLSX workbooks: the inspection report's problem list, check results and resource list as sheets.

Sheets are written row by row straight into the workbook's zip file (the cells as openpyxl writes them:
inline strings, one style per kind of cell), so a sheet of any length takes little memory and time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
import zipfile
from collections.abc import Iterable, Iterator
from itertools import tee
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.writer.theme import theme_xml

_HEAD_FILL = "DCE6F1"
_SEV_FILL = {"critical": "E1BEE7", "high": "FFCDD2", "medium": "FFE0B2", "low": "FFF9C4"}
# cell styles (index into cellXfs): 0 plain, 1 header (bold, filled), 2 wrapped and top-aligned,
# 3.. wrapped with a severity colour (in _SEV_FILL order)
_HEADER, _WRAP = 1, 2
_SEV_STYLE = {key: 3 + i for i, key in enumerate(_SEV_FILL)}

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"


def _styles_xml() -> str:
    fills = "".join(f'<fill><patternFill patternType="solid"><fgColor rgb="00{c}"/></patternFill></fill>'
                    for c in (_HEAD_FILL, *_SEV_FILL.values()))
    wrap = '<alignment vertical="top" wrapText="1"/>'
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
           '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" applyFont="1" applyFill="1" xfId="0"/>',
           f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1" xfId="0">{wrap}</xf>']
    xfs += [f'<xf numFmtId="0" fontId="0" fillId="{3 + i}" borderId="0" applyFill="1" applyAlignment="1" xfId="0">'
            f'{wrap}</xf>' for i in range(len(_SEV_FILL))]
    return (f'<styleSheet xmlns="{_MAIN}"><fonts count="2"><font><name val="Calibri"/><family val="2"/>'
            '<color theme="1"/><sz val="11"/><scheme val="minor"/></font><font><b val="1"/></font></fonts>'
            f'<fills count="{2 + 1 + len(_SEV_FILL)}"><fill><patternFill/></fill>'
            f'<fill><patternFill patternType="gray125"/></fill>{fills}</fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_cell(value: Any) -> Any:
    """A value fit for a cell: control characters shown as ``^[``-style text, never a crash."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"^{chr(ord(m.group(0)) + 64)}", value)
    return "" if value is None else value


def _cell(ref: str, value: Any, style: int) -> str:
    """One cell's XML. Text is always text (an inline string): a value that starts with ``=`` is never a
    formula."""
    value = safe_cell(value)
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}" s="{style}" t="n"><v>{value!r}</v></c>'
    text = value if isinstance(value, str) else str(value)
    if not text:
        return f'<c r="{ref}" s="{style}" t="inlineStr"/>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


class Book:
    """A workbook being written: add_sheet() streams each sheet into a zip file, save() finishes it."""

    def __init__(self) -> None:
        handle, self._tmp = tempfile.mkstemp(prefix="netinspect-", suffix=".xlsx")
        os.close(handle)
        self._zip = zipfile.ZipFile(self._tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=4)
        self._sheets: list[tuple[str, str]] = []  # (title, filter range)
        self._finalizer = weakref.finalize(self, _discard, self._zip, self._tmp)

    def write_sheet(self, title: str, header: list[str], rows: Iterable[list[Any]], widths: list[int],
                    styles: Iterator[dict[int, int] | None]) -> None:
        number = len(self._sheets) + 1
        cols = "".join(f'<col width="{w}" customWidth="1" min="{i}" max="{i}"/>' for i, w in enumerate(widths, 1))
        letters = [get_column_letter(i) for i in range(1, max(len(header), 1) + 1)]
        with self._zip.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as part:
            part.write((f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
                        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                        '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
                        '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
                        + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>").encode())
            chunk = ['<row r="1">', *(_cell(f"{letters[i]}1", v, _HEADER) for i, v in enumerate(header)), "</row>"]
            count = 1
            for row in rows:
                count += 1
                while len(letters) < len(row):
                    letters.append(get_column_letter(len(letters) + 1))
                special = next(styles) or {}
                chunk.append(f'<row r="{count}">')
                chunk.extend(_cell(f"{letters[i]}{count}", v, special.get(i, _WRAP)) for i, v in enumerate(row))
                chunk.append("</row>")
                if len(chunk) > 4000:
                    part.write("".join(chunk).encode())
                    chunk = []
            ref = f"A1:{letters[-1]}{count}"
            chunk.append(f'</sheetData><autoFilter ref="{ref}"/><pageMargins left="0.75" right="0.75" top="1" '
                         'bottom="1" header="0.5" footer="0.5"/></worksheet>')
            part.write("".join(chunk).encode())
        self._sheets.append((title, ref))

    def save(self, path: Path) -> None:
        sheets = "".join(f'<sheet name="{_escape(t)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, (t, _) in enumerate(self._sheets, 1))
        names = "".join(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                        f"{_escape(quote_sheetname(t))}!{_absolute(ref)}</definedName>"
                        for i, (t, ref) in enumerate(self._sheets))
        n = len(self._sheets)
        parts = {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
                f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
                f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_CT}.theme+xml"/>'
                + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                          f'ContentType="{_CT}.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
                + "</Types>"),
            "_rels/.rels": (f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
                            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
            "xl/workbook.xml": (f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
                                f"<sheets>{sheets}</sheets>" + (f"<definedNames>{names}</definedNames>" if names else "")
                                + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'),
            "xl/_rels/workbook.xml.rels": (
                f'<Relationships xmlns="{_PKG_REL}">'
                + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                          for i in range(1, n + 1))
                + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
                f'<Relationship Id="rId{n + 2}" Type="{_REL}/theme" Target="theme/theme1.xml"/></Relationships>'),
            "xl/styles.xml": _styles_xml(),
            "xl/theme/theme1.xml": theme_xml,
        }
        for name, text in parts.items():
            self._zip.writestr(name, text)
        self._zip.close()
        os.chmod(self._tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report gets the user's normal mode
        shutil.move(self._tmp, path)
        self._finalizer.detach()


def _umask() -> int:
    """The process's umask (read by setting it and back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _absolute(ref: str) -> str:
    """A1:G23 -> $A$1:$G$23"""
    def one(cell: str) -> str:
        letters = cell.rstrip("0123456789")
        return f"${letters}${cell[len(letters):]}"
    return ":".join(one(c) for c in ref.split(":"))


def _discard(archive: zipfile.ZipFile, path: str) -> None:
    archive.close()
    Path(path).unlink(missing_ok=True)


def new_workbook() -> Book:
    """An empty workbook; add sheets with add_sheet(), then save(path)."""
    return Book()


def add_sheet(wb: Book, title: str, header: list[str], rows: Iterable[list[Any]],
              widths: list[int] | None = None, severity_col: int | None = None,
              severity_keys: Iterable[str] | None = None) -> None:
    """A sheet with a bold, frozen, filtered header row; long cells wrap; the severity cell is coloured.

    `rows` (and `severity_keys`, one per row) may be generators: each row is written as it comes."""
    if severity_col is not None and severity_keys is not None:
        styles: Iterator[dict[int, int] | None] = (
            {severity_col: _SEV_STYLE[key]} if key in _SEV_STYLE else None for key in severity_keys)
    else:
        styles = iter(lambda: None, 0)  # type: ignore[arg-type]  # endless: no cell is coloured
    wb.write_sheet(title[:31], header, rows, widths or [], styles)


def with_keys(pairs: Iterable[tuple[list[Any], str]]) -> tuple[Iterator[list[Any]], Iterator[str]]:
    """(row, severity key) pairs as add_sheet's `rows` and `severity_keys`, walked once, in step."""
    first, second = tee(pairs)
    return (row for row, _ in first), (key for _, key in second)


def write_inspection_xlsx(view: dict[str, Any], path: Path) -> Path:
    """The problem list, risk items, check results, resource list, spare parts and baseline findings, each
    sheet written as it is read."""
    t = view["t"]
    wb = new_workbook()
    rows, keys = with_keys(([p["no"], p["device"], p["title"], t[f"severity.{p['severity']}"], p["message"],
                             "\n".join(p["evidence"]), p["advice"]], p["severity"]) for p in view["problems"])
    add_sheet(wb, t["sheet.problems"],
              [t["col.no"], t["col.device"], t["col.item"], t["col.severity"], t["col.description"],
               t["col.evidence"], t["col.advice"]],
              rows, widths=[6, 20, 18, 10, 50, 60, 50], severity_col=3, severity_keys=keys)
    risks = view["risks"]
    add_sheet(wb, t["sheet.risks"],
              [t["col.no"], t["col.category"], t["col.item"], t["col.severity"], t["col.devices"], t["col.advice"]],
              [[i, t[f"category.{r['category']}"], r["title"], t[f"severity.{r['severity']}"], ", ".join(r["devices"]),
                r["advice"]] for i, r in enumerate(risks, 1)],
              widths=[6, 14, 30, 10, 40, 60], severity_col=3, severity_keys=[r["severity"] for r in risks])
    add_sheet(wb, t["sheet.results"],
              [t["col.device"], t["col.item"], t["col.command"], t["col.criterion"], t["col.observed"],
               t["col.verdict"], t["col.severity"]],
              ([d["name"], r["title"], r["command"], r["criterion"], r["observed"], t[f"status.{r['status']}"],
                t[f"severity.{r['severity']}"] if r["status"] == "fail" else ""]
               for d in view["devices"] for r in d["results"]),
              widths=[20, 18, 28, 40, 60, 12, 10])
    add_sheet(wb, t["sheet.resources"],
              [t["col.no"], t["col.device"], t["col.host"], t["col.model"], t["col.serial"], t["col.version"],
               t["col.uptime"], t["col.status"], t["col.commands"], t["col.coverage"]],
              ([i, r["name"], r["host"], r["model"], r["serial"], r["version"], r["uptime"],
                t[f"collection.{r['status']}"] + (f": {r['message']}" if r["message"] else ""), r["commands"],
                r["coverage_text"]]
               for i, r in enumerate(view["resources"], 1)),
              widths=[6, 20, 16, 22, 22, 30, 16, 20, 14, 40])
    if len(view["spares"]):
        add_sheet(wb, t["sheet.spares"], [t["col.no"], t["col.device"], t["spares.kind"], t["spares.where"],
                                          t["spares.part"], t["col.serial"]],
                  ([i, r["device"], r["kind"], r["where"], r["part"], r["serial"]] for i, r in enumerate(view["spares"], 1)),
                  widths=[6, 20, 16, 20, 30, 24])
    if len(view["radios"]):
        add_sheet(wb, t["sheet.radios"], [t["col.no"], t["col.device"], t["radios.ap"], t["radios.band"],
                                          t["radios.state"], t["radios.channel"], t["radios.width"], t["radios.power"]],
                  ([i, r["device"], r["ap"], r["band"], r["state"], r["channel"], r["width"], r["power"]]
                   for i, r in enumerate(view["radios"], 1)),
                  widths=[6, 20, 24, 10, 16, 12, 10, 18])
    if len(view["baseline"]):  # item by item: the report in summary counts them per device
        rows, keys = with_keys(([b["no"], b["device"], b["title"], t[f"severity.{b['severity']}"], b["plan_no"] or "",
                                 "\n".join(b["evidence"])], b["severity"]) for b in view["baseline"])
        add_sheet(wb, t["sheet.baseline"], [t["col.no"], t["col.device"], t["col.item"], t["col.severity"],
                                            t["col.plan_ref"], t["col.evidence"]],
                  rows, widths=[6, 20, 36, 10, 14, 60], severity_col=3, severity_keys=keys)
    wb.save(path)
    return path
