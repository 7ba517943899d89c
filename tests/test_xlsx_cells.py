"""XLSX cells: device text that looks like a formula stays text; control characters never crash."""

from __future__ import annotations

from openpyxl import load_workbook

from netinspect.report.xlsx import add_sheet, new_workbook


def test_formula_looking_text_stays_text_and_control_characters_are_shown(tmp_path):
    wb = new_workbook()
    add_sheet(wb, "s", ["name", "value"], [["=HYPERLINK(\"x\")", "ok"], ["plain", "ESC\x1b[H here"], ["=1+1", 5]])
    path = tmp_path / "s.xlsx"
    wb.save(path)
    ws = load_workbook(path)["s"]
    assert [c.data_type for c in ws["A"]][1:] == ["s", "s", "s"]
    assert ws["A2"].value == "=HYPERLINK(\"x\")" and ws["B3"].value == "ESC^[[H here" and ws["B4"].value == 5
