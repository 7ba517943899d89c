"""`netinspect harden --configs`: every output format, one language per report, SARIF 2.1.0, results.json
against the contract schema, and the hardening suite through netinspect.pipeline.analyse."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from netinspect.checks.context import AnalysisContext
from netinspect.cli.harden import harden_command
from netinspect.pipeline import analyse
from netinspect.sources.configs import read_configs

DATA = Path(__file__).parent / "data" / "harden"
CORPUS = Path(__file__).parent / "configs_corpus" / "ios"
SCHEMA = Path(__file__).resolve().parent.parent / "netinspect" / "data" / "results.schema.json"  # shipped copy


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("harden")
    configs = base / "configs"
    configs.mkdir()
    for path in DATA.glob("*.cfg"):
        shutil.copy(path, configs / path.name)
    shutil.copy(CORPUS / "oxidized_c9200l_17.09.04a.cfg", configs / "c9200l.txt")  # = shared oxidized_C9200L.txt
    (configs / "notes.txt").write_text("nothing to see here\n", encoding="utf-8")
    site = base / "site.yaml"
    site.write_text("customer: 示例客户\nmgmt_networks: [10.10.10.0/24]\nsyslog_servers: [10.10.10.5]\n"
                    "ntp_servers: [10.10.10.6]\nsnmpv3_user: nmsuser\nadmin_user: netadmin\n"
                    "banner: Authorized access only\n", encoding="utf-8")
    app = typer.Typer()
    app.command()(harden_command)
    outs = {}
    for lang in ("zh", "en"):
        out = base / f"out-{lang}"
        result = CliRunner().invoke(app, ["--configs", str(configs), "--site", str(site), "--out", str(out),
                                          "--format", "html,md,json,xlsx,sarif", "--lang", lang])
        assert result.exit_code == 1, result.output  # high-severity items failed
        assert "notes.txt" in result.output  # the rejected input is reported
        outs[lang] = out
    outs["configs"] = configs
    return outs


def test_all_outputs_written(outputs: dict[str, Path]) -> None:
    out = outputs["zh"]
    for name in ("results.json", "hardening-plan.html", "hardening-plan.md", "hardening-plan.xlsx",
                 "hardening.sarif", "HW-ACC-01.fix.txt", "HW-ACC-01.rollback.txt", "CE-CORE-01.fix.txt",
                 "H3C-ACC-01.fix.txt", "H3C-CORE-01.fix.txt", "CSW-ACC-01.fix.txt", "LAB-SW123_9200L.fix.txt"):
        assert (out / name).is_file(), name
    assert not (out / "HW-ACC-02.fix.txt").exists()  # nothing to fix on a compliant device


def test_results_json_meets_contract(outputs: dict[str, Path]) -> None:
    data = json.loads((outputs["zh"] / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert data["run"]["input_kind"] == "configs"
    names = {i["name"].split("/")[-1]: i["status"] for i in data["run"]["inputs"]}
    assert names["notes.txt"] == "rejected" and names["vrp5_bad.cfg"] == "ok"
    dev = next(d for d in data["devices"] if d["name"] == "HW-ACC-01")
    telnet = next(r for r in dev["results"] if r["check"] == "harden.telnet")
    assert telnet["category"] == "hardening" and telnet["remediation"]["rollback"]
    assert telnet["harden"]["cuts_session"] is True and telnet["harden"]["impact"]


def test_reports_are_one_language(outputs: dict[str, Path]) -> None:
    zh = (outputs["zh"] / "hardening-plan.md").read_text(encoding="utf-8")
    en = (outputs["en"] / "hardening-plan.md").read_text(encoding="utf-8")
    assert "网络加固方案" in zh and "加固检查表" in zh and "Hardening checklist" not in zh
    for word in ("Risk", "Fix commands", "Rollback", "Impact", "Severity", "Missing", "Step"):
        assert word not in zh, word
    assert "Network hardening plan" in en and not re.search(r"[\u4e00-\u9fff]", en.replace("示例客户", ""))
    fix = (outputs["zh"] / "HW-ACC-01.fix.txt").read_text(encoding="utf-8")
    assert "第 0 步" in fix and "Step" not in fix


def test_html_is_self_contained_and_printable(outputs: dict[str, Path]) -> None:
    html = (outputs["zh"] / "hardening-plan.html").read_text(encoding="utf-8")
    assert "<style>" in html and "@media print" in html
    assert not re.search(r'<(?:link|script)[^>]+(?:href|src)="https?://', html)
    assert "SECRET" not in re.sub(r"&lt;[A-Z_]+&gt;|<[A-Z_]+>", "", html)


def test_xlsx_checklist(outputs: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(outputs["zh"] / "hardening-plan.xlsx")
    ws = wb["加固检查表"]
    header = [c.value for c in ws[1]]
    assert header == ["序号", "设备", "类别", "检查项", "依据", "严重程度", "风险说明", "当前配置", "加固命令",
                      "回退命令", "验证方法", "影响"]
    assert ws.max_row > 60
    families = {row[2].value for row in ws.iter_rows(min_row=2)}
    assert {"管理平面", "接入层", "控制平面"} <= families


def test_sarif(outputs: dict[str, Path]) -> None:
    sarif = json.loads((outputs["en"] / "hardening.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert "harden.telnet" in rule_ids
    telnet = next(r for r in run["results"] if r["ruleId"] == "harden.telnet"
                  and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "vrp5_bad.cfg")
    line = telnet["locations"][0]["physicalLocation"]["region"]["startLine"]
    text = (outputs["configs"] / "vrp5_bad.cfg").read_text().splitlines()
    assert text[line - 1] == "telnet server enable"
    assert telnet["level"] == "error"
    community = next(r for r in run["results"] if r["ruleId"] == "harden.snmp_community"
                     and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "c9200l.txt")
    c9200 = (outputs["configs"] / "c9200l.txt").read_text().splitlines()
    assert c9200[community["locations"][0]["physicalLocation"]["region"]["startLine"] - 1].startswith(
        "snmp-server community")


def test_suite_through_pipeline() -> None:
    source = read_configs(DATA)
    run = analyse(source, "logs", AnalysisContext(lang="en"), ["hardening"])
    by_name = {d.name: d for d in run.devices}
    assert all(r.category == "hardening" for d in run.devices for r in d.results)
    failed = [r for r in by_name["CSW-ACC-01"].results if r.status == "fail"]
    assert len([r for r in failed if r.extra["family"] == "management"]) == 17  # every planted weakness
    assert {r.extra["family"] for r in failed} == {"management", "access", "control_plane"}
    assert [r for r in by_name["CSW-ACC-02"].results if r.status != "pass" and not r.extra.get("not_applicable")] == []
    # a rule that does not apply (role, feature not configured) is skipped with the reason, never a pass
    assert all(r.status == "skipped" for r in by_name["CSW-ACC-02"].results if r.extra.get("not_applicable"))
    assert by_name["HW-ACC-01"].device.running_config is not None


def test_configs_platform_override_and_rejects(tmp_path: Path) -> None:
    (tmp_path / "a.cfg").write_text("interface x\n description y\n", encoding="utf-8")
    assert read_configs(tmp_path).inputs[0].status == "rejected"
    forced = read_configs(tmp_path, platform="cisco_ios")
    assert forced.devices[0].os == "cisco_ios" and forced.devices[0].name == "a"
    assert read_configs(tmp_path, platform="junos").inputs[0].status == "rejected"
