"""Huawei output variants of issue 8, each parsed and judged (real outputs from tests/corpus where one exists;
otherwise the exact lines the issue quotes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from netinspect.checks.context import AnalysisContext
from netinspect.checks.health_suite import run
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.core.results import DeviceResult
from netinspect.normalize import normalize
from netinspect.normalize.corpus import read_output

CORPUS = Path(__file__).resolve().parent / "corpus"


def parse(os_id: str, outputs: dict[str, str]):
    raw = RawDevice(name="dut", os=os_id)
    for command, text in outputs.items():
        raw.add(CommandOutput(command=command, text=text))
    device, outcomes = normalize(raw)
    return raw, device, outcomes


def judged(raw, device, outcomes, check: str):
    result = DeviceResult(raw=raw, device=device, commands=outcomes)
    run([result], AnalysisContext(lang="en", options={"today": date(2026, 11, 22)}))
    return next(r for r in result.results if r.check == check)


AR_CPU_94 = """CPU   Usage Stat. Cycle: 10 (Second)
CPU   Usage Stat. Time : 2026-11-20  10:00:00
Control Plane
    CPU Usage: 94.6%   Max: 98.0%
    User: 60.1%   System: 34.5%   SoftIrq:  0.0%   HardIrq:  0.0%   Idle:  5.4%
    CPU utilization for ten seconds: 94.6%  one minute:  94.1%  five minutes:  93.8% .
Data    Plane
    CPU Usage:  1.2%   Max:  3.0%
    CPU utilization for ten seconds:  1.2%  one minute:   1.1%  five minutes:   1.0% .
"""


def test_ar_cpu_control_plane_data_plane_decimals_real_output():
    text = read_output(CORPUS / "huawei_vrp5/display_cpu-usage/rpq_AR_control_data_plane.txt")
    _, device, outcomes = parse("huawei_vrp", {"display cpu-usage": text})
    assert outcomes["display cpu-usage"].status == "ok"
    assert [(c.slot, c.percent) for c in device.cpu] == [("control plane", 16.0), ("data plane", 0.1)]
    assert "five minutes:  16.0%" in device.cpu[0].evidence


def test_ar_cpu_control_plane_at_94_percent_is_judged_high():
    raw, device, outcomes = parse("huawei_vrp", {"display cpu-usage": AR_CPU_94})
    assert [(c.slot, c.percent) for c in device.cpu] == [("control plane", 93.8), ("data plane", 1.0)]
    result = judged(raw, device, outcomes, "health.cpu")
    assert result.status == "fail" and result.severity in ("high", "critical")


def test_ce_display_device_power_table_notsupply_fails():
    text = read_output(CORPUS / "huawei_vrp8/display_device_power/napalm-ce_CE6850.txt")
    raw, device, outcomes = parse("huawei_vrp8", {"display device power": text})
    assert outcomes["display device power"].status == "ok"
    assert [(p.slot, p.name, p.state, p.normal) for p in device.power] == [
        ("1", "PWR1", "Supply", True), ("1", "PWR2", "NotSupply", False)]
    assert judged(raw, device, outcomes, "health.power").status == "fail"


def test_vrp530_version_line():
    text = ("Huawei Versatile Routing Platform Software\n"
            "VRP (R) Software, Version 5.30 (S2300 V100R003C00SPC200)\n"
            "Copyright (c) 2000-2008 HUAWEI TECH CO., LTD\n"
            "Quidway S2352P-EI Routing Switch uptime is 0 week, 1 day, 2 hours, 5 minutes\n")
    _, device, outcomes = parse("huawei_vrp", {"display version": text})
    assert outcomes["display version"].status == "ok"
    ident = device.identity
    assert (ident.os, ident.os_version, ident.model, ident.version) == (
        "huawei_vrp", "5.30", "S2352P-EI", "V100R003C00SPC200")


def test_vrp3_version_line():
    text = ("Huawei Versatile Routing Platform Software\n"
            "VRP software, Version 3.10, Release 1648P01\n"
            "Copyright (c) 1998-2009 Huawei Technologies Co., Ltd. All rights reserved.\n"
            "Quidway S3928P-EI uptime is 10 weeks, 2 days, 3 hours, 4 minutes\n")
    _, device, outcomes = parse("huawei_vrp", {"display version": text})
    assert outcomes["display version"].status == "ok"
    ident = device.identity
    assert (ident.os, ident.os_version, ident.model, ident.version) == (
        "huawei_vrp", "3.10", "S3928P-EI", "3.10 Release 1648P01")


def test_vrp5_indented_interface_brief_rows():
    text = read_output(CORPUS / "huawei_vrp5/display_interface_brief/ntc_eth-trunk_indented.txt")
    _, device, outcomes = parse("huawei_vrp", {"display interface brief": text})
    assert outcomes["display interface brief"].status == "ok"
    names = [i.name for i in device.interfaces]
    assert len(names) == 18 and "GigabitEthernet8/1/16" in names and "GigabitEthernet16/0/1" in names
    member = next(i for i in device.interfaces if i.name == "GigabitEthernet16/0/1")
    assert (member.link, member.protocol, member.input_errors) == ("up", "up", 4625)
