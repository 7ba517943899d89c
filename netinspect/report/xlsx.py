"""XLSX workbooks: the inspection report's problem list, check results and resource list as sheets."""

from __future__ import annotations

from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

_HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
_SEV_FILL = {"critical": "E1BEE7", "high": "FFCDD2", "medium": "FFE0B2", "low": "FFF9C4"}


_WRAP = Alignment(wrap_text=True, vertical="top")


def wrap_cells(ws: Any, min_row: int = 1) -> None:
    """Wrap and top-align every cell from `min_row` on, keeping each cell's other styles.

    openpyxl registers a style on every assignment (hashing it each time); cells that share a style
    get a copy of the first one's finished style instead, which is many times faster on large sheets.
    """
    finished: dict[tuple[int, ...], Any] = {}
    for row in ws.iter_rows(min_row=min_row):
        for cell in row:
            key = tuple(cell._style or ())  # None: a cell never styled
            done = finished.get(key)
            if done is None:
                cell.alignment = _WRAP
                finished[key] = copy(cell._style)
            else:
                cell._style = copy(done)


def safe_cell(value: Any) -> Any:
    """A value fit for a cell: control characters shown as ``^[``-style text, never a crash."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"^{chr(ord(m.group(0)) + 64)}", value)
    return "" if value is None else value


def append_row(ws: Any, row: list[Any]) -> None:
    """Append `row`; text that starts like a formula (``=``) stays text, so no cell can become a formula.

    Only the cells openpyxl would take for a formula are looked at again (``ws.max_row`` and ``ws[row]``
    scan the whole sheet, which made a large workbook quadratic)."""
    values = [safe_cell(v) for v in row]
    ws.append(values)
    for column, value in enumerate(values, 1):
        if isinstance(value, str) and value.startswith("="):
            ws.cell(row=ws._current_row, column=column).data_type = "s"


def add_sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]],
              widths: list[int] | None = None, severity_col: int | None = None,
              severity_keys: list[str] | None = None) -> None:
    """A sheet with a bold, frozen, filtered header row; long cells wrap."""
    ws = wb.create_sheet(title=title[:31])
    append_row(ws, header)
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), _HEAD_FILL
    for i, row in enumerate(rows):
        append_row(ws, row)
        if severity_col is not None and severity_keys is not None:
            colour = _SEV_FILL.get(severity_keys[i])
            if colour:
                ws.cell(row=i + 2, column=severity_col + 1).fill = PatternFill("solid", fgColor=colour)
    for col, width in enumerate(widths or [], 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap_cells(ws, min_row=2)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def write_inspection_xlsx(view: dict[str, Any], path: Path) -> Path:
    t = view["t"]
    wb = Workbook()
    wb.remove(wb.active)
    problems = view["problems"]
    add_sheet(wb, t["sheet.problems"],
              [t["col.no"], t["col.device"], t["col.item"], t["col.severity"], t["col.description"],
               t["col.evidence"], t["col.advice"]],
              [[p["no"], p["device"], p["title"], t[f"severity.{p['severity']}"], p["message"],
                "\n".join(p["evidence"]), p["advice"]] for p in problems],
              widths=[6, 20, 18, 10, 50, 60, 50], severity_col=3, severity_keys=[p["severity"] for p in problems])
    risks = view["risks"]
    add_sheet(wb, t["sheet.risks"],
              [t["col.no"], t["col.category"], t["col.item"], t["col.severity"], t["col.devices"], t["col.advice"]],
              [[i, t[f"category.{r['category']}"], r["title"], t[f"severity.{r['severity']}"], ", ".join(r["devices"]),
                r["advice"]] for i, r in enumerate(risks, 1)],
              widths=[6, 14, 30, 10, 40, 60], severity_col=3, severity_keys=[r["severity"] for r in risks])
    results = [(d["name"], r) for d in view["devices"] for r in d["results"]]
    add_sheet(wb, t["sheet.results"],
              [t["col.device"], t["col.item"], t["col.command"], t["col.criterion"], t["col.observed"],
               t["col.verdict"], t["col.severity"]],
              [[name, r["title"], r["command"], r["criterion"], r["observed"], t[f"status.{r['status']}"],
                t[f"severity.{r['severity']}"] if r["status"] == "fail" else ""] for name, r in results],
              widths=[20, 18, 28, 40, 60, 12, 10])
    add_sheet(wb, t["sheet.resources"],
              [t["col.no"], t["col.device"], t["col.host"], t["col.model"], t["col.serial"], t["col.version"],
               t["col.uptime"], t["col.status"], t["col.commands"]],
              [[i, r["name"], r["host"], r["model"], r["serial"], r["version"], r["uptime"],
                t[f"collection.{r['status']}"] + (f": {r['message']}" if r["message"] else ""), r["commands"]]
               for i, r in enumerate(view["resources"], 1)],
              widths=[6, 20, 16, 22, 22, 30, 16, 20, 14])
    wb.save(path)
    return path
