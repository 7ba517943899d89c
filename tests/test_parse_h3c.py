"""TextFSM template tests for H3C Comware (parsers/hp_comware_* and the ntc-templates ones we rely on).

Real outputs come from shared/samples. Files under tests/data/h3c/ were written from the H3C command
references (Comware 5/7 fundamentals, IRF, device management, NTP, WLAN, RBM hot backup and session
management references) because no public real sample exists for them (samples README "Known gaps"):
display environment, display irf, display alarm, full display logbuffer, Comware 7 NTP, display device,
dir, display license, display wlan ap all, display remote-backup-group status, display session statistics,
Comware 7 display memory / display power, and a Comware 5 display interface brief.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netinspect.parse.engine import parse_output
from tests.conftest import sample

DATA = Path(__file__).parent / "data" / "h3c"


def parse(command: str, text: str):
    result = parse_output(("hp_comware",), command, text)
    assert result.ok, result.message
    return result.rows


def data(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "os_version", "release", "model"), [
    ("h3c_comware5/display_version/netinspect_MSR30-40_R2511.txt", "5.20", "Release 2511", "MSR30-40"),
    ("h3c_comware5/display_version/ntc-pr_S7510E_F6709L25.txt", "5.20", "Feature 6709L25", "S7510E"),
    ("h3c_comware5/display_version/ntc-pr_HPA5120_R2221P25.txt", "5.20.99", "Release 2221P25",
     "A5120-24G-PoE+ EI Switch with 2 Interface Slots"),
    ("h3c_comware7/display_version/ntc-pr_FF5945_R6710P01.txt", "7.1.070", "Release 6710P01-US",
     "FF 5945 32QSFP28 Switch"),
    ("h3c_comware7/display_version/rpq_MSR3600_R0821P18.txt", "7.1.064", "Release 0821P18", "MSR3600"),
    ("h3c_comware7/display_version/oxidized_HPE5130-48G-EI_R3507P18.txt", "7.1.070", "Release 3507P18",
     "5130 48G PoE+ 4SFP+ EI Switch"),
])
def test_display_version(path: str, os_version: str, release: str, model: str) -> None:
    (row,) = parse("display version", sample(path))
    assert (row["os_version"], row["release"], row["model"]) == (os_version, release, model)


def test_display_version_patch_list_not_feature_list() -> None:
    (row,) = parse("display version", sample("h3c_comware7/display_version/ntc-pr_HP5900AF_R2418P06.txt"))
    assert set(row["patch"]) == {"Release 2418P06H04"}
    (row,) = parse("display version", sample("h3c_comware7/display_version/rpq_MSR3600_R0821P18.txt"))
    assert row["patch"] == []


def test_display_cpu_usage_formats() -> None:
    assert parse("display cpu-usage", sample("h3c_comware5/display_cpu-usage/netinspect_MSR30-40.txt"))[0]["five_min"] == "5"
    rows = parse("display cpu-usage", sample("h3c_comware5/display_cpu-usage/rpq_slot1_2cpu.txt"))
    assert [(r["slot"], r["cpu"], r["five_sec"], r["five_min"]) for r in rows] == [("1", "", "16", "8"), ("1", "1", "0", "0")]
    (row,) = parse("display cpu-usage", sample("h3c_comware7/display_cpu-usage/rpq_slot1_cpu0.txt"))
    assert (row["slot"], row["cpu"], row["five_sec"], row["one_min"], row["five_min"]) == ("1", "0", "22", "7", "5")


def test_display_memory() -> None:
    (row,) = parse("display memory", sample("h3c_comware5/display_memory/rpq_used_rate.txt"))
    assert (row["total_bytes"], row["used_rate"]) == ("389817120", "36")
    rows = [r for r in parse("display memory", data("display_memory_cw7.txt")) if r["total_kb"]]
    assert [(r["slot"], r["free_ratio"]) for r in rows] == [("1", "65.1"), ("2", "67.1")]


@pytest.mark.parametrize(("path", "expected"), [
    ("h3c_comware5/display_fan/netinspect_MSR30-40.txt", [("", "1", "Normal")]),
    ("h3c_comware5/display_fan/rpq_fan_tab_state.txt", [("", "1", "Normal")]),
    ("h3c_comware5/display_fan/rpq_slot_fan_block.txt", [("1", "1", "Normal")]),
    ("h3c_comware7/display_fan/rpq_airflow.txt", [("1", "1", "Normal"), ("1", "2", "Normal")]),
])
def test_display_fan(path: str, expected: list) -> None:
    assert [(r["slot"], r["fan"], r["state"]) for r in parse("display fan", sample(path))] == expected


def test_display_power() -> None:
    rows = parse("display power", sample("h3c_comware5/display_power/rpq_slot_two_psu.txt"))
    assert [(r["slot"], r["power"], r["state"], r["mode"]) for r in rows] == [("1", "1", "Normal", "AC"), ("1", "2", "Normal", "AC")]
    rows = parse("display power", sample("h3c_comware5/display_power/rpq_power_state_lines.txt"))
    assert [(r["power"], r["state"]) for r in rows] == [("1", "Normal"), ("2", "Normal")]
    rows = parse("display power", data("display_power_cw7.txt"))
    assert [(r["slot"], r["power"], r["state"]) for r in rows][-1] == ("2", "2", "Absent")


def test_display_device_manuinfo_ntc_template() -> None:
    rows = parse("display device manuinfo", sample("h3c_comware7/display_device_manuinfo/ntc_SecPath_F1000-AK115.txt"))
    assert (rows[0]["slot_type"], rows[0]["device_name"], rows[0]["device_serial_number"]) == (
        "Slot", "SecPath F1000-AK115", "219801A1C39214Q00075")
    rows = parse("display device manuinfo", sample("h3c_comware5/display_device_manuinfo/netinspect_MSR30-40.txt"))
    assert rows[0]["device_serial_number"] == "210235A19EB13A000042"


def test_display_interface_brief_comware7_and_5() -> None:
    rows = parse("display interface brief", sample("h3c_comware7/display_interface_brief/ntc_router_R60615P16.txt"))
    aux = rows[0]
    assert (aux["interface"], aux["link"], aux["protocol"], aux["ip"]) == ("Aux0", "UP", "--", "--")
    ge = next(r for r in rows if r["interface"] == "GE3/0")
    assert (ge["link"], ge["speed"], ge["duplex"], ge["pvid"]) == ("UP", "1G(a)", "F(a)", "1")
    rows = parse("display interface brief", data("display_interface_brief_cw5.txt"))
    assert [(r["interface"], r["link"], r["duplex"]) for r in rows if r["interface"].startswith("GE")] == [
        ("GE1/0/1", "UP", "full(a)"), ("GE1/0/2", "DOWN", "auto"), ("GE1/0/3", "ADM", "auto"), ("GE1/0/28", "UP", "full(a)")]


def test_display_interface_errors_both_generations() -> None:
    rows = parse("display interface", sample("h3c_comware5/display_interface/ntc_stp-down_jumbo.txt"))
    assert [(r["interface"], r["state"], r["crc"]) for r in rows] == [
        ("GigabitEthernet12/0/17", "DOWN ( Administratively )", "0"), ("GigabitEthernet11/0/17", "STP DOWN", "0")]
    rows = parse("display interface", sample("h3c_comware7/display_interface/ntc_M-GE_mgmt.txt"))
    assert (rows[0]["input_errors"], rows[0]["crc"], rows[0]["speed"], rows[0]["duplex"]) == ("-", "0", "1000Mbps", "full")
    rows = parse("display interface", sample("h3c_comware7/display_interface/ntc_router_Aux_etc.txt"))
    assert [r["interface"] for r in rows] == ["Aux0", "GigabitEthernet0/0", "Tunnel100"]


def test_written_samples() -> None:
    env = parse("display environment", data("display_environment_cw7.txt"))
    assert (env[3]["slot"], env[3]["sensor"], env[3]["temperature"], env[3]["warning"], env[3]["alarm"]) == (
        "2", "hotspot 2", "83", "80", "95")
    assert parse("display environment", data("display_environment_cw5.txt"))[0]["warning"] == "60"
    irf = parse("display irf", data("display_irf_cw7.txt"))
    assert [(r["member"], r["role"], r["master_mark"]) for r in irf] == [("1", "Master", "*"), ("2", "Standby", "")]
    logs = parse("display logbuffer", data("display_logbuffer_cw5.txt"))
    assert [(r["module"], r["severity"]) for r in logs] == [("DEV", "3"), ("SHELL", "5"), ("SHELL", "4")]
    assert parse("dir", data("dir_cw7.txt")) == [{"name": "flash:", "total_kb": "3915776", "free_kb": "3512024"}]
    assert parse("display remote-backup-group status", data("display_remote-backup-group_status.txt"))[0][
        "running_status"] == "Active"
    assert parse("display session statistics", data("display_session_statistics.txt"))[0]["current"] == "1215"
    assert [r["state"] for r in parse("display wlan ap all", data("display_wlan_ap_all.txt"))] == ["R/M", "R/M", "I"]
    assert parse("display device", data("display_device_cw7.txt"))[1]["state"] == "Standby"


def test_unknown_line_costs_that_line_only() -> None:
    """Issue 8: a line the template does not know is skipped; the lines it knows still parse."""
    rows = parse("display fan", " Fan   1 State: Normal\nSomething the template has never seen\n")
    assert [(r["fan"], r["state"]) for r in rows] == [("1", "Normal")]


@pytest.mark.parametrize(("command", "text"), [
    ("display irf", "MemberID    Role    Priority  CPU-Mac         Description\n *+1  Master  broken row\n"),
    ("display environment", "random text\n"),
    ("display interface brief", "Interface            Link Protocol Main IP         Description\nthis is not a row\n"),
    ("dir", "Directory of flash:\nnonsense line\n"),
])
def test_partial_or_garbage_output_is_parse_error(command: str, text: str) -> None:
    assert parse_output(("hp_comware",), command, text).status == "parse_error"
