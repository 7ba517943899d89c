"""XLSX workbooks: the inspection report's problem list, check results and resource list as sheets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from copy import copy
from itertools import tee
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

_HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
_SEV_FILL = {"critical": "E1BEE7", "high": "FFCDD2", "medium": "FFE0B2", "low": "FFF9C4"}


_WRAP = Alignment(wrap_text=True, vertical="top")


def new_workbook() -> Workbook:
    """An empty workbook whose sheets are written row by row to the file (openpyxl's write-only mode)."""
    return Workbook(write_only=True)


def safe_cell(value: Any) -> Any:
    """A value fit for a cell: control characters shown as ``^[``-style text, never a crash."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"^{chr(ord(m.group(0)) + 64)}", value)
    return "" if value is None else value


def _style(ws: Any, **styles: Any) -> Any:
    """The finished style of a cell with `styles` (registered once, copied to every cell that shares it)."""
    cell = WriteOnlyCell(ws)
    for name, value in styles.items():
        setattr(cell, name, value)
    return cell._style


def _cells(ws: Any, row: list[Any], style: Any, special: dict[int, Any] | None = None) -> list[Cell]:
    """Cells of one row with `style` (`special`: column index -> another style); text that starts like a
    formula (``=``) stays text, so no cell can become a formula."""
    cells = []
    for column, value in enumerate(row):
        cell = WriteOnlyCell(ws, safe_cell(value))
        if cell.data_type == "f":
            cell.data_type = "s"
        cell._style = copy(special[column] if special and column in special else style)
        cells.append(cell)
    return cells


def add_sheet(wb: Workbook, title: str, header: list[str], rows: Iterable[list[Any]],
              widths: list[int] | None = None, severity_col: int | None = None,
              severity_keys: Iterable[str] | None = None) -> None:
    """A sheet with a bold, frozen, filtered header row; long cells wrap; the severity cell is coloured.

    `rows` (and `severity_keys`, one per row) may be generators: each row is written as it comes."""
    ws = wb.create_sheet(title=title[:31])
    for col, width in enumerate(widths or [], 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.append(_cells(ws, header, _style(ws, font=Font(bold=True), fill=_HEAD_FILL)))
    wrap = _style(ws, alignment=_WRAP)
    fills = {key: _style(ws, alignment=_WRAP, fill=PatternFill("solid", fgColor=colour))
             for key, colour in _SEV_FILL.items()}
    keys = iter(severity_keys) if severity_col is not None and severity_keys is not None else None
    count, width = 0, len(header)
    for row in rows:
        key = next(keys) if keys is not None else None
        special = {severity_col: fills[key]} if key in fills and severity_col is not None else None
        ws.append(_cells(ws, row, wrap, special))
        count, width = count + 1, max(width, len(row))
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, width))}{count + 1}"


def with_keys(pairs: Iterable[tuple[list[Any], str]]) -> tuple[Iterator[list[Any]], Iterator[str]]:
    """(row, severity key) pairs as add_sheet's `rows` and `severity_keys`, walked once, in step."""
    first, second = tee(pairs)
    return (row for row, _ in first), (key for _, key in second)


def write_inspection_xlsx(view: dict[str, Any], path: Path) -> Path:
    """The problem list, risk items, check results and resource list, each sheet written as it is read."""
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
               t["col.uptime"], t["col.status"], t["col.commands"]],
              ([i, r["name"], r["host"], r["model"], r["serial"], r["version"], r["uptime"],
                t[f"collection.{r['status']}"] + (f": {r['message']}" if r["message"] else ""), r["commands"]]
               for i, r in enumerate(view["resources"], 1)),
              widths=[6, 20, 16, 22, 22, 30, 16, 20, 14])
    wb.save(path)
    return path
