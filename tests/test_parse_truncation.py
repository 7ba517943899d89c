"""Outputs that show they are whole parse `partial` when cut short, and no check passes on them (issue 20).

An output that prints how many items it lists ("Total number of peers: 5", "Number of APs: 61",
"Total: 4") or a part its layout always ends with (a Catalyst switch's power-supply table) is declared
in data/parse_requirements.yaml (`complete`). Real corpus outputs are cut at every line (the mutation
machinery's cut, everywhere rather than a sample): a cut that loses announced rows is never `ok`, and a
check built on a `partial` output reports insufficient data instead of a pass; a failure on the rows
read still fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netinspect.checks.context import AnalysisContext
from netinspect.core.raw import CommandOutput, RawDevice, SourceResult
from netinspect.normalize.corpus import Case, _judge_group, discover, mutants, read_output
from netinspect.normalize.corpus import _parse_text as parse_text
from netinspect.pipeline import analyse

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = {c.id: c for c in discover(CORPUS)}
COUNTED = {  # outputs that announce their number of rows -> the fact group that holds them
    "h3c_comware7/display_bgp_peer_ipv4/ntc_five_peers": "peers",
    "huawei_vrp5/display_bgp_peer/ntc_two_peers": "peers",
    "huawei_ac/display_ap_all/ntc_AirEngine": "access_points",
    "cisco_iosxe/show_wireless_stats_ap_join_summary/genie_golden_output": "access_points",
    "cisco_iosxe/show_ap_summary/genie_golden_output2": "access_points",
    "cisco_iosxe/show_ap_summary/genie_golden_output5": "access_points",
}
_COUNT_LINE = re.compile(r"^\s*(?:Total number of peers|Number of APs|Total)\s*:\s*\d+", re.MULTILINE)
_FAN_TABLE = re.compile(r"^\s*Switch\s+FAN\s+Speed\s+State|Reading\s+Range\(min-max\)", re.MULTILINE)
CATALYST_ENV = sorted(i for i, c in CASES.items() if c.command == "show environment all"
                      and _FAN_TABLE.search(read_output(c.txt).expandtabs(8)))


def _cuts(text: str) -> list[tuple[int, str]]:
    lines = text.split("\n")
    return [(k, "\n".join(lines[:k])) for k in range(1, len(lines))]


@pytest.mark.parametrize("case_id", sorted(COUNTED))
def test_a_cut_that_loses_announced_rows_is_never_ok(case_id: str) -> None:
    case, group = CASES[case_id], COUNTED[case_id]
    original, status, _ = parse_text(case, read_output(case.txt))
    assert status == "ok", "the whole output is ok"
    declared = 0
    for k, text in _cuts(read_output(case.txt)):
        device, status, message = parse_text(case, text)
        if status == "ok" and _COUNT_LINE.search(text):  # the count survived: only a cut that kept every row
            assert _judge_group(getattr(original, group), getattr(device, group), False) == "right", (k, message)
        elif status == "partial":
            declared += 1
            assert message.startswith("output cut short"), message
            assert not _judge_group(getattr(original, group), getattr(device, group), False).startswith("wrong")
    assert declared, "some cut keeps the count line and loses rows"


def test_the_mutation_cuts_of_counted_outputs_are_declared() -> None:
    case = CASES["cisco_iosxe/show_wireless_stats_ap_join_summary/genie_golden_output"]
    cuts = [(name, text) for name, text in mutants(read_output(case.txt)) if name.startswith("cut@")]
    assert cuts
    for name, text in cuts:
        _, status, message = parse_text(case, text)
        assert status == "partial" and "of the 61 access points it announces" in message, (name, status, message)


@pytest.mark.parametrize("case_id", CATALYST_ENV)
def test_a_catalyst_environment_cut_before_its_supply_table_is_partial(case_id: str) -> None:
    case = CASES[case_id]
    text = read_output(case.txt)
    _, status, _ = parse_text(case, text)
    assert status == "ok"
    lines = text.split("\n")
    table = next(i for i, line in enumerate(lines) if line.startswith("SW  PID"))
    for k, cut in _cuts(text)[:table + 2]:  # up to the table's dashes: no supply row yet
        _, status, message = parse_text(case, cut)
        assert status in ("partial", "parse_error"), (k, status)
        if status == "partial":
            assert "power-supply table" in message


def test_catalyst_layouts_are_found() -> None:
    assert len(CATALYST_ENV) >= 6


def test_a_whole_output_and_other_layouts_stay_ok() -> None:
    router = CASES["cisco_iosxe/show_environment_all/genie_iosxe_asr1k_ShowEnvironmentAll_g"]
    assert parse_text(router, read_output(router.txt))[1] == "ok"  # a router prints no supply table
    for case_id in COUNTED:
        assert parse_text(CASES[case_id], read_output(CASES[case_id].txt))[1] == "ok"


def _judged(case: Case, text: str) -> dict[str, object]:
    raw = RawDevice(name="r1", os=case.platform)
    raw.add(CommandOutput(case.command, text))
    run = analyse(SourceResult(devices=[raw]), "logs", AnalysisContext(lang="en"), ["health"], jobs=1)
    device = run.devices[0]
    return {"status": device.commands[case.command].status,
            "check": next(r for r in device.results if r.check == "health.routing_peers")}


def test_no_pass_built_on_missing_rows_and_a_failure_read_still_fails() -> None:
    case = CASES["h3c_comware7/display_bgp_peer_ipv4/ntc_five_peers"]
    lines = read_output(case.txt).split("\n")
    first = next(i for i, line in enumerate(lines) if "Established" in line)
    cut = "\n".join(lines[:first + 1])  # the first peer only: established for 286 hours
    judged = _judged(case, cut)
    assert judged["status"] == "partial"
    check = judged["check"]
    assert check.status == "insufficient_data", check
    assert "incomplete" in check.message and "1 of the 5 BGP peers" in check.message
    failing = _judged(case, "\n".join(lines[:first + 2]))  # a peer in Connect: a failure on a row read
    assert failing["status"] == "partial" and failing["check"].status == "fail"
    whole = _judged(case, read_output(case.txt))
    assert whole["status"] == "ok" and whole["check"].status == "fail"  # two peers in Connect


def test_partial_messages_in_chinese() -> None:
    from netinspect.core.messages import localize

    zh = localize("output cut short: 1 of the 5 BGP peers it announces", "zh")
    assert zh.startswith("输出被截断") and "BGP 邻居" in zh and "只读到 1 个" in zh
    assert "电源表" in localize("output cut short: no power-supply table (SW PID Serial#) at its end", "zh")


def _every_cut(command: str) -> list[tuple[str, int, object, object, str]]:
    """(case id, cut line, original device, cut device, status) for every cut of every corpus output of
    `command` whose whole output parses."""
    found = []
    for case_id, case in sorted(CASES.items()):
        if case.command != command:
            continue
        original, status, _ = parse_text(case, read_output(case.txt))
        if status != "ok":
            continue
        for k, text in _cuts(read_output(case.txt)):
            device, status, _ = parse_text(case, text)
            found.append((case_id, k, original, device, status))
    return found


def test_a_comware_cpu_block_cut_before_its_five_minute_line_gives_no_shorter_figure() -> None:
    cuts = _every_cut("display cpu-usage")
    comware = [c for c in cuts if c[0].startswith("h3c_")]
    assert len(comware) > 20
    for case_id, k, _, device, status in comware:
        assert all(r.interval == "5min" for r in device.cpu or []), (case_id, k)
    assert any(status == "partial" for *_, status in comware)


def test_an_inventory_cut_after_a_name_line_keeps_the_identity_or_gives_none() -> None:
    cuts = _every_cut("show inventory")
    assert len(cuts) > 100
    for case_id, k, original, device, status in cuts:
        for name in ("model", "serial"):
            cut_value = getattr(device.identity, name)
            assert cut_value in (None, getattr(original.identity, name)), (case_id, k, name, cut_value)
    assert any(status == "partial" for *_, status in cuts)


def test_an_aaa_server_cut_before_its_state_line_is_not_listed() -> None:
    cuts = _every_cut("show aaa servers")
    assert cuts
    for case_id, k, _, device, status in cuts:
        assert all(s.state != "?" for s in device.aaa_servers or []), (case_id, k)


def test_a_spanning_tree_instance_cut_before_its_root_line_names_no_root() -> None:
    cuts = _every_cut("show spanning-tree detail")
    assert len(cuts) > 100
    for case_id, k, original, device, status in cuts:
        roots = {i.instance: (i.root_priority, i.root_address) for i in original.stp}
        for instance in device.stp or []:
            assert (instance.root_priority, instance.root_address) in ((None, None), roots[instance.instance]), \
                (case_id, k, instance)
    assert any(status == "partial" for *_, status in cuts)


def test_an_asa_output_cut_never_names_another_model_or_mate_state() -> None:
    versions, failovers = _every_cut("show version"), _every_cut("show failover")
    versions = [c for c in versions if c[0].startswith("cisco_asa/")]
    failovers = [c for c in failovers if c[0].startswith("cisco_asa/")]
    assert len(versions) > 100 and len(failovers) > 50
    for case_id, k, original, device, _ in versions:
        assert device.identity.model in (None, original.identity.model), (case_id, k, device.identity.model)
    for case_id, k, original, device, _ in failovers:
        if device.ha is not None and original.ha is not None:
            assert (device.ha.state, device.ha.normal) == (original.ha.state, original.ha.normal), (case_id, k)
