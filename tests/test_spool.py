"""Results spooled to disk as they finish read back equal; reports written from a spool equal the
reports written from the same run held in memory (results.json byte for byte, HTML, Markdown, XLSX)."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from netinspect.checks.context import AnalysisContext
from netinspect.core.results import ResultsWriter, Run, run_to_json
from netinspect.core.spool import Spool, dump_all
from netinspect.pipeline import analyse
from netinspect.report.inspection import write_reports
from netinspect.sources.logs import read_logs

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"


def test_a_spool_reads_back_what_was_written_in_order() -> None:
    spool: Spool[dict[str, int]] = Spool()
    spool.append({"a": 1})
    path, offsets = dump_all(({"b": i} for i in range(3)), spool.folder)  # as a worker process writes
    spool.adopt(path, offsets)
    spool.append({"c": 9})
    assert len(spool) == 5 and list(spool) == [{"a": 1}, {"b": 0}, {"b": 1}, {"b": 2}, {"c": 9}]
    assert spool[2] == {"b": 1} and spool[-1] == {"c": 9} and spool[1:3] == [{"b": 0}, {"b": 1}]
    item = spool[0]
    item["a"] = 2  # a read is a copy ...
    assert spool[0] == {"a": 1}
    spool[0] = item  # ... written back explicitly
    assert spool[0] == {"a": 2} and list(spool)[0] == {"a": 2} and len(spool) == 5
    assert spool == [{"a": 2}, {"b": 0}, {"b": 1}, {"b": 2}, {"c": 9}]
    elsewhere = pickle.loads(pickle.dumps(spool))  # as another process gets it: reads the same files
    assert list(elsewhere) == list(spool)
    elsewhere.close()  # not the owner: the files stay
    folder = Path(spool.folder)
    assert folder.is_dir() and spool[4] == {"c": 9}
    spool.close()
    assert not folder.exists()


@pytest.fixture(scope="module")
def runs() -> tuple[Run, Run]:
    """The demo fleet's run in memory, and the same run with its devices in a spool."""
    source = read_logs(sorted(FLEET.glob("*.log")))
    run = analyse(source, "logs", AnalysisContext(lang="zh", site={"customer": "某某银行"}),
                  ["health", "hardening", "version"])
    spool: Spool = Spool()
    for d in run.devices:
        spool.append(d)
    return run, replace(run, devices=spool)


def test_results_json_written_device_by_device_is_the_document(runs, tmp_path: Path) -> None:
    run, spooled = runs
    whole = json.dumps(run_to_json(run), ensure_ascii=False, indent=2, default=str)
    for r in (run, spooled, replace(run, devices=[])):
        with (tmp_path / "r.json").open("w", encoding="utf-8") as handle:
            writer = ResultsWriter(r, handle)
            for d in r.devices:
                writer.add(d)
            writer.finish()
        text = (tmp_path / "r.json").read_text(encoding="utf-8")
        assert text == json.dumps(run_to_json(r), ensure_ascii=False, indent=2, default=str)
    assert json.loads(whole)["summary"]["problems"] > 0


def _cells(path: Path) -> list[tuple]:
    book = load_workbook(path)
    return [(ws.title, ws.freeze_panes, ws.auto_filter.ref, c.coordinate, c.value, c.data_type, c.font.b,
             c.fill.fgColor.rgb, c.alignment.wrap_text) for ws in book for row in ws.iter_rows() for c in row]


def test_reports_from_a_spool_equal_reports_from_memory(runs, tmp_path: Path, monkeypatch) -> None:
    """The spooled run's results.json is written by a worker process (as for a large fleet)."""
    import netinspect.report.inspection as inspection

    monkeypatch.setattr(inspection, "JSON_ASIDE_FROM", 1)
    run, spooled = runs
    formats = ["json", "html", "md", "xlsx"]
    write_reports(run, tmp_path / "memory", formats)
    write_reports(spooled, tmp_path / "spool", formats)
    for name in ("results.json", "inspection-report.html", "inspection-report.md"):
        assert (tmp_path / "memory" / name).read_bytes() == (tmp_path / "spool" / name).read_bytes(), name
    aside = inspection._write_json_aside(spooled, tmp_path / "aside.json")
    assert aside is not None and inspection._write_json_aside(run, tmp_path / "no.json") is None
    assert aside.result().read_bytes() == (tmp_path / "memory" / "results.json").read_bytes()
    memory = _cells(tmp_path / "memory" / "inspection-report.xlsx")
    assert memory == _cells(tmp_path / "spool" / "inspection-report.xlsx")
    sheets = {cell[0] for cell in memory}
    # every sheet of the workbook (spare parts, radios, baseline findings joined in issues 17 and 19) has cells
    # and its header row frozen
    assert sheets == set(load_workbook(tmp_path / "memory" / "inspection-report.xlsx").sheetnames)
    assert len(sheets) >= 5 and all(cell[1] == "A2" for cell in memory)
    headers = [cell for cell in memory if cell[3] == "A1"]
    assert all(cell[6] for cell in headers)  # bold header row
    body = [cell for cell in memory if cell[3][1:] != "1"]
    assert body and all(cell[8] for cell in body)  # every body cell wraps
    assert any(cell[7] not in (None, "00000000") for cell in body)  # severity cells are coloured
