"""results.json against the contract, and the inspection report in both languages and all formats."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from openpyxl import load_workbook

from netinspect.checks.context import AnalysisContext
from netinspect.core.model import CpuReading, Fan
from netinspect.core.paths import DATA_DIR
from netinspect.core.raw import CommandOutput, InputRecord, RawDevice
from netinspect.core.results import CommandParse, DeviceResult, Run
from netinspect.report.inspection import write_reports

SCHEMA = DATA_DIR / "results.schema.json"  # the copy shipped in the package (extends shared/contracts)
CJK = re.compile(r"[\u4e00-\u9fff]")


def make_run(lang: str) -> Run:
    from netinspect.checks import health_suite
    from netinspect.core.model import Device

    raw = RawDevice(name="HZ-CORE-01", os="huawei_vrp", host="10.0.0.1", source="core.log")
    raw.add(CommandOutput("display cpu-usage", "CPU Usage : 95%"))
    device = Device(name="HZ-CORE-01", cpu=[CpuReading("0", 95.0, evidence="CPU utilization for five minutes: 95%")],
                    fans=[Fan("1", "FAN1", "Abnormal", False, evidence="1  FAN1  Abnormal")])
    device.identity.model, device.identity.version = "S7706", "V200R010C00SPC600"
    device.sources["cpu"] = "display cpu-usage"
    d = DeviceResult(raw=raw, device=device, commands={"display cpu-usage": CommandParse("ok")})
    health_suite.run([d], AnalysisContext(lang=lang, options={"today": date(2026, 11, 22)}))
    return Run(id="r1", started="2026-11-22T10:00:00+08:00", finished="2026-11-22T10:00:05+08:00", source="logs",
               lang=lang, site={"customer": "ACME 银行", "engineer": "Li Lei"}, devices=[d],
               inputs=[InputRecord("core.log", "ok"), InputRecord("junk.bin", "rejected", "binary file")])


@pytest.fixture(params=["zh", "en"])
def written(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, dict[str, Path]]:
    run = make_run(request.param)
    paths = write_reports(run, tmp_path, ["html", "md", "json", "xlsx"])
    return request.param, {p.suffix: p for p in paths}


def test_results_json_conforms_to_contract(written: tuple[str, dict[str, Path]]) -> None:
    _, paths = written
    data = json.loads(paths[".json"].read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    device = data["devices"][0]
    cpu = next(r for r in device["results"] if r["check"] == "health.cpu")
    assert cpu["status"] == "fail" and cpu["severity"] == "high"
    assert cpu["evidence"] == ["CPU utilization for five minutes: 95%"]
    assert data["summary"]["by_severity"]["high"] == 2
    assert {"name": "junk.bin", "status": "rejected", "message": "binary file"} in data["run"]["inputs"]


def test_report_sections_and_language(written: tuple[str, dict[str, Path]]) -> None:
    lang, paths = written
    md = paths[".md"].read_text(encoding="utf-8")
    html = paths[".html"].read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", md, re.MULTILINE)
    assert len(headings) >= 7  # site, summary, problems, results, risks, resources, conclusion
    assert "HZ-CORE-01" in md and "S7706" in md and "V200R010C00SPC600" in md
    assert "<svg" in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in html
    if lang == "en":
        # nothing Chinese except what the user gave (the customer name)
        assert CJK.findall(md.replace("ACME 银行", "")) == []
        assert "Problem list" in md and "Fans" in md
    else:
        assert "问题列表" in md and "风扇状态" in md and "Problem list" not in md


def test_xlsx_has_problem_and_resource_sheets(written: tuple[str, dict[str, Path]]) -> None:
    lang, paths = written
    wb = load_workbook(paths[".xlsx"])
    assert len(wb.sheetnames) == 5  # problems, risk items, check results, resources, spare parts (issue 17)
    problems = wb[wb.sheetnames[0]]
    assert problems.max_row == 3  # header + cpu + fan
    resources = wb[wb.sheetnames[3]]
    assert resources.cell(row=2, column=2).value == "HZ-CORE-01"
    spares = wb[wb.sheetnames[4]]
    assert spares.cell(row=2, column=2).value == "HZ-CORE-01" and spares.max_row >= 2


def _texts(node: object) -> list[dict]:
    if isinstance(node, dict):
        found = [node] if {"zh", "en"} <= set(node) else []
        return found + [t for v in node.values() for t in _texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    return []


@pytest.mark.parametrize("path", [p for p in sorted((DATA_DIR / "i18n").glob("*.yaml")) if p.name != "messages.yaml"]
                         + [DATA_DIR / "checks" / "health.yaml", DATA_DIR / "harden" / "rules.yaml"],
                         ids=lambda p: p.name)
def test_every_text_has_both_languages_and_no_mixing(path: Path) -> None:
    texts = _texts(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert texts
    for text in texts:
        assert set(text) == {"zh", "en"}, text
        assert text["zh"] and text["en"], text
        assert not CJK.search(str(text["en"])), text["en"]


def test_baseline_findings_are_risk_items_not_device_problems(tmp_path: Path) -> None:
    from netinspect.core.results import CheckResult
    from netinspect.report.inspection import build_view

    run = make_run("en")
    run.devices[0].results.append(CheckResult("harden.telnet", "hardening", "fail", "high", "telnet on",
                                              title="Telnet disabled", advice="Turn telnet off"))
    view = build_view(run)
    assert all(p["check"] != "harden.telnet" for p in view["problems"])
    risk = next(r for r in view["risks"] if r["check"] == "harden.telnet")
    assert risk["category"] == "hardening" and risk["devices"] == ["HZ-CORE-01"]
    assert (view["summary"]["problems"], view["summary"]["baseline"]) == (2, 1)
