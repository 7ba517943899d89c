"""Cisco TextFSM templates (ours and the ntc-templates ones we rely on) on real samples.

Real samples come from shared/samples (see its SOURCES.tsv). Files under tests/data/cisco/ were
written from Cisco's command references (no public real sample exists for those commands): each
test that reads one says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netinspect.parse.engine import find_template, first_unknown_line, parse_output
from tests.conftest import sample

DATA = Path(__file__).parent / "data" / "cisco"
IOS = ("cisco_ios",)
XE = ("cisco_xe", "cisco_ios")


def written(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def parse(platforms: tuple[str, ...], command: str, text: str) -> list[dict]:
    result = parse_output(platforms, command, text)
    assert result.ok, result.message
    return result.rows


@pytest.mark.parametrize("command, template", [
    ("show environment all", "cisco_ios_show_environment_all.textfsm"),
    ("sh env all", "cisco_ios_show_environment_all.textfsm"),
    ("show processes cpu", "cisco_ios_show_processes_cpu.textfsm"),
    ("show memory statistics", "cisco_ios_show_memory_statistics.textfsm"),
    ("show ntp status", "cisco_ios_show_ntp_status.textfsm"),
    ("show switch", "cisco_ios_show_switch.textfsm"),
    ("show file systems", "cisco_ios_show_file_systems.textfsm"),
    ("show license summary", "cisco_ios_show_license_summary.textfsm"),
    ("show license", "cisco_ios_show_license.textfsm"),  # ntc-templates
    ("show interfaces status err-disabled", "cisco_ios_show_interfaces_status_err-disabled.textfsm"),
])
def test_index_picks_template(command: str, template: str) -> None:
    for platforms in (IOS, XE):
        entry = find_template(platforms, command)
        assert entry is not None and entry.templates[0].name == template


def test_env_all_c2960_one_line_states() -> None:
    rows = parse(IOS, "show environment all", sample("cisco_ios/show_environment_all/netinspect_C2960.txt"))
    assert [(r["kind"], r["state"]) for r in rows] == [
        ("FAN", "OK"), ("TEMPERATURE", "OK"), ("POWER", "OK"), ("RPS", "NOT PRESENT")]


def test_env_all_c9300_stack_tables() -> None:
    rows = parse(XE, "show environment all", sample("cisco_iosxe/show_environment_all/genie_C9300_stack.txt"))
    fans = [r for r in rows if r["speed"]]
    assert len(fans) == 5 and fans[0]["speed"] == "35840" and fans[0]["state"] == "OK"
    inlet = next(r for r in rows if r["sensor"] == "Inlet")
    assert (inlet["celsius"], inlet["yellow"], inlet["red"], inlet["state"]) == ("29", "46", "56", "GREEN")
    psus = {r["ps_slot"]: r for r in rows if r["ps_slot"]}
    assert psus["1A"]["state"] == "No Input Power" and psus["1A"]["sys_pwr"] == "Bad"
    assert psus["1B"]["serial"] == "GEN222700VT" and psus["1B"]["sys_pwr"] == "Good"


def test_env_all_c3850_written() -> None:
    """tests/data/cisco/show_environment_all_c3850.txt: written from the Catalyst 3850 command reference."""
    rows = parse(XE, "show environment all", written("show_environment_all_c3850.txt"))
    assert ("3", "FAULTY") in [(r["name"], r["state"]) for r in rows if r["kind"] == "FAN"]
    assert {r["ps_slot"]: r["state"] for r in rows if r["ps_slot"]} == {"1A": "OK", "1B": "Not Present"}
    assert [r["state"] for r in rows if r["rps_switch"]] == ["Not Present"]


def test_env_all_unknown_line_costs_that_line_only() -> None:
    """A line the template does not know is skipped (the rows it knows stay) and is named as not understood;
    the handler refuses such a line when it names a fault (tests/test_normalize_cisco.py)."""
    text = sample("cisco_iosxe/show_environment_all/genie_C9300_stack.txt") + "\nSensor X melted: 900 Kelvin\n"
    result = parse_output(XE, "show environment all", text)
    assert result.status == "ok" and len([r for r in result.rows if r["speed"]]) == 5
    assert first_unknown_line(XE, "show environment all", text)[1] == "Sensor X melted: 900 Kelvin"


def test_env_all_unknown_line_in_sensor_block_keeps_the_sensor() -> None:
    """An unknown line inside a temperature block ends the block: the reading stays, the rest still parses."""
    text = ("Switch 1 FAN 1 is OK\nSystem Temperature Value: 41 Degree Celsius\nSensor firmware 2.1\n"
            "SW   PID                 Serial#     Status           Sys Pwr  PoE Pwr  Watts\n"
            "1A   PWR-C2-1025WAC      DCB1636C003 OK               Good     Good     250/775\n")
    result = parse_output(XE, "show environment all", text)
    assert result.status == "ok"
    assert [r["celsius"] for r in result.rows if r["celsius"]] == ["41"]
    assert [(r["ps_slot"], r["state"], r["watts"]) for r in result.rows if r["ps_slot"]] == [("1A", "OK", "250/775")]
    assert first_unknown_line(XE, "show environment all", text)[1] == "Sensor firmware 2.1"


def test_err_disabled_unknown_line_costs_that_line_only() -> None:
    text = written("show_interfaces_status_err-disabled_c2960x.txt") + "\n%Port security summary follows\n"
    rows = parse(IOS, "show interfaces status err-disabled", text)
    assert [r["interface"] for r in rows] == ["Gi1/0/17", "Gi1/0/33"]
    assert parse_output(IOS, "show interfaces status err-disabled", "garbage only\n").status == "parse_error"


@pytest.mark.parametrize("path, five_min", [
    ("cisco_ios/show_processes_cpu/netinspect_C2960.txt", "23"),
    ("cisco_ios/show_processes_cpu/napalm_normal.txt", "6"),
    ("cisco_ios/show_processes_cpu/ntc_current.txt", "5"),
])
def test_processes_cpu(path: str, five_min: str) -> None:
    rows = parse(IOS, "show processes cpu", sample(path))
    assert len(rows) == 1 and rows[0]["five_min"] == five_min


def test_processes_cpu_multicore() -> None:
    rows = parse(XE, "show processes cpu", sample("cisco_iosxe/show_processes_cpu/napalm_ios_xe_multicore.txt"))
    assert [(r["core"], r["five_min"]) for r in rows] == [("0", "15"), ("1", "7"), ("2", "4"), ("3", "3")]


def test_processes_cpu_garbage_is_parse_error() -> None:
    result = parse_output(IOS, "show processes cpu", "Load for five secs: 1%/0%; one minute: 2%\nsomething else\n")
    assert result.status == "parse_error"


def test_memory_statistics_ios_and_xe() -> None:
    rows = parse(IOS, "show memory statistics", sample("cisco_ios/show_memory_statistics/napalm_normal.txt"))
    assert [r["pool"] for r in rows] == ["Processor", "I/O", "Driver te"]
    assert (rows[0]["total"], rows[0]["used"]) == ("21505428", "18498044")
    rows = parse(XE, "show memory statistics", sample("cisco_iosxe/show_memory_statistics/napalm_C3850_16.06.txt"))
    assert rows[0]["pool"] == "Processor" and rows[0]["free"] == "577101640" and rows[1]["pool"] == "lsmpi_io"


def test_ntp_status_synced_and_unsynced() -> None:
    row = parse(IOS, "show ntp status", sample("cisco_ios/show_ntp_status/netinspect_C2960.txt"))[0]
    assert (row["status"], row["stratum"], row["reference"]) == ("synchronized", "4", "11.77.0.1")
    row = parse(IOS, "show ntp status", sample("cisco_ios/show_ntp_status/genie_unsynced.txt"))[0]
    assert (row["status"], row["stratum"], row["reference"]) == ("unsynchronized", "16", "")


def test_switch_stack_written() -> None:
    """tests/data/cisco/show_switch_c9300_stack.txt: written from the Catalyst 9300 stacking guide."""
    rows = parse(XE, "show switch", written("show_switch_c9300_stack.txt"))
    assert [(r["switch"], r["role"], r["state"]) for r in rows] == [
        ("1", "Active", "Ready"), ("2", "Standby", "Ready"), ("3", "Member", "Removed"), ("4", "Member", "V-Mismatch")]
    assert rows[0]["local"] == "*"


def test_file_systems_written() -> None:
    """tests/data/cisco/show_file_systems_c9300.txt: written from the IOS-XE command reference."""
    rows = parse(XE, "show file systems", written("show_file_systems_c9300.txt"))
    flash = next(r for r in rows if r["prefixes"].startswith("flash:"))
    assert (flash["default"], flash["size"], flash["free"], flash["prefixes"]) == (
        "*", "11353194496", "1015430656", "flash: flash-1:")
    assert len(rows) == 9


def test_license_summary_written() -> None:
    """tests/data/cisco/show_license_summary_c9300.txt: written from the IOS-XE 17 Smart Licensing guide."""
    rows = parse(XE, "show license summary", written("show_license_summary_c9300.txt"))
    assert [(r["license"], r["count"], r["status"]) for r in rows] == [
        ("network-advantage", "2", "IN USE"), ("dna-advantage", "2", "IN USE"), ("C9K HSEC", "0", "NOT IN USE")]


def test_ntc_license_and_err_disabled_written() -> None:
    """tests/data/cisco/show_license_c3750x.txt and show_interfaces_status_err-disabled_c2960x.txt:
    written from the IOS 15.x command references; parsed by ntc-templates."""
    rows = parse(IOS, "show license", written("show_license_c3750x.txt"))
    assert [(r["feature"], r["license_type"]) for r in rows] == [("lanbasek9", "Permanent"), ("ipservicesk9", "Evaluation")]
    rows = parse(IOS, "show interfaces status err-disabled", written("show_interfaces_status_err-disabled_c2960x.txt"))
    assert [(r["interface"], r["port_error"]) for r in rows] == [("Gi1/0/17", "psecure-violation"), ("Gi1/0/33", "bpduguard")]


def test_ntc_version_and_inventory_on_real_samples() -> None:
    row = parse(XE, "show version", sample("cisco_iosxe/show_version/oxidized_C9200L_17.9.4a.txt"))[0]
    assert row["version"] == "17.9.4a" and row["hardware"] == ["C9200L-24P-4G"] and row["serial"] == ["JAE24FFFFFF"]
    rows = parse(IOS, "show inventory", sample("cisco_ios/show_inventory/netinspect_C2960.txt"))
    assert rows[0]["pid"] == "WS-C2960-48TC-L" and rows[0]["sn"] == "FCQ1XXXX58D"
