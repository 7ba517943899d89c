"""Huawei TextFSM templates (ours, plus the ntc-templates we rely on) against real samples.

Real samples come from shared/samples (see its SOURCES.tsv). Files under tests/data/huawei/ were
written from the Huawei command references (display hrp state, display firewall session table,
display alarm active, display temperature all, display stack, dir, display license, ntp-service
status on an unsynchronised device): no public real capture exists for them (samples README,
"Known gaps").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netinspect.parse.engine import parse_output
from tests.conftest import sample

DATA = Path(__file__).parent / "data" / "huawei"
VRP5 = ("huawei_vrp",)
VRP8 = ("huawei_vrp8", "huawei_vrp")


def written(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def rows(platforms, command, text):
    result = parse_output(platforms, command, text)
    assert result.ok, result.message
    return result.rows


def test_version_vrp5_s7706_model_and_product_version():
    row = rows(VRP5, "display version", sample("huawei_vrp5/display_version/ntc_S7706_V200R010C00SPC600.txt"))[0]
    assert row["vrp_version"] == "5.170"
    assert row["product_version"] == "S7700 V200R010C00SPC600"
    assert row["model"] == "S7706 Terabit Routing Switch"
    assert row["uptime"] == "85 weeks, 4 days, 0 hour, 10 minutes"


def test_version_vrp8_patch_and_crlf():
    row = rows(VRP8, "display version", sample("huawei_vrp8/display_version/ntc_CX600-M2E.txt"))[0]
    assert (row["model"], row["patch_version"], row["vrp_version"]) == ("CX600-M2E", "V800R007SPH019", "8.100")


def test_esn_master_and_slave():
    parsed = rows(VRP8, "display esn", sample("huawei_vrp8/display_esn/napalm-huawei-vrp_NE40E-X8A.txt"))
    assert [(r["slot"], r["esn"]) for r in parsed] == [("master", "2102550AFWP0H6000080"), ("slave", "2102550AFWP0H6000080")]


@pytest.mark.parametrize("path, five_min, current", [
    ("huawei_vrp5/display_cpu-usage/netinspect_S7706_2020.txt", "7", "8"),
    ("huawei_vrp5/display_cpu-usage/rpq_S7706_2022.txt", "6", "6"),
    ("huawei_vrp8/display_cpu-usage/rpq_NE20E-S4_20220523.txt", "93", "16"),
])
def test_cpu_usage_five_minute_average(path, five_min, current):
    first = rows(VRP8, "display cpu-usage", sample(path))[0]
    assert (first["five_min"], first["current"]) == (five_min, current)


def test_memory_usage_vrp5_bytes_and_vrp8_kbytes():
    v5 = rows(VRP5, "display memory-usage", sample("huawei_vrp5/display_memory-usage/netinspect_S7706_2020.txt"))[0]
    assert (v5["percent"], v5["unit"], v5["total"]) == ("13", "bytes", "2134900736")
    v8 = rows(VRP8, "display memory-usage", sample("huawei_vrp8/display_memory-usage/rpq_NE20E-S4_20220523.txt"))[0]
    assert (v8["percent"], v8["unit"], v8["used"]) == ("39", "Kbytes", "806468")


def test_fan_layouts():
    chassis = rows(VRP5, "display fan", sample("huawei_vrp5/display_fan/netinspect_S7706_session.txt"))
    assert [(r["fan_id"], r["register"], r["speed"]) for r in chassis] == [("FAN1", "Registered", "60"), ("FAN2", "Registered", "60")]
    one_line = rows(VRP5, "display fan", sample("huawei_vrp5/display_fan/rpq_fan_is_normal.txt"))
    assert [(r["slot"], r["fan_id"], r["status"]) for r in one_line] == [("0", "0", "normal")]
    ne = rows(VRP8, "display fan", sample("huawei_vrp8/display_fan/netinspect_NE20E-S4_20220221.txt"))
    assert [(r["slot"], r["online"], r["register"]) for r in ne] == [("10", "YES", "YES")]
    ce = rows(VRP8, "display device fan", sample("huawei_vrp8/display_device_fan/napalm-ce_CE6850.txt"))
    assert [(r["slot"], r["fan_id"], r["status"], r["speed"]) for r in ce] == [("1", "FAN1", "Normal", "40"), ("1", "FAN2", "Normal", "40")]


def test_power_layouts():
    s7706 = rows(VRP5, "display power", sample("huawei_vrp5/display_power/rpq_S7706_2022.txt"))
    assert [r["power_id"] for r in s7706] == ["PWR1", "PWR2", "PWR3", "PWR4"]
    assert {r["state"] for r in s7706} == {"Supply"}
    ne = rows(VRP8, "display power", sample("huawei_vrp8/display_power/netinspect_NE20E-S4_20220221.txt"))
    assert [(r["power_id"], r["online"], r["state"]) for r in ne] == [("8", "Yes", "Normal"), ("9", "Yes", "Normal")]


def test_device_temperature_all_ce_limits():
    parsed = rows(VRP8, "display device temperature all", sample("huawei_vrp8/display_device_temperature_all/ntc-pr_CE_LSW.txt"))
    assert len(parsed) == 5
    assert parsed[4] == {"slot": "1", "card": "--", "sensorid": "", "sensor": "LSW-1", "status": "Normal", "minor": "",
                         "major": "105", "fatal": "120", "current": "84"}


def test_temperature_all_box_written_sample():
    """Written from the S-series command reference (no public S5700/S5735 capture)."""
    row = rows(VRP5, "display temperature all", written("display_temperature_all.txt"))[0]
    assert (row["status"], row["current"], row["upper"]) == ("NORMAL", "41", "68")


def test_logbuffer_vrp8_severity_and_mnemonic():
    parsed = rows(VRP8, "display logbuffer", sample("huawei_vrp8/display_logbuffer/netinspect_NE20E-S4.txt"))
    assert len(parsed) == 11
    assert (parsed[0]["module"], parsed[0]["severity"], parsed[0]["mnemonic"]) == ("INFO", "4", "SUPPRESS_LOGINFO")


def test_interface_brief_vrp8_states_and_speed_suffix():
    parsed = {r["interface"]: r for r in rows(VRP8, "display interface brief",
                                              sample("huawei_vrp8/display_interface_brief/napalm-huawei-vrp_NE40E-X8A.txt"))}
    assert parsed["GigabitEthernet0/0/0"]["phy"] == "*down"
    assert parsed["GigabitEthernet1/0/0"]["protocol"] == "up"
    assert parsed["LoopBack0"]["protocol"] == "up(s)"


def test_interface_vrp5_ar_and_vrp8_ne():
    ar = rows(VRP5, "display interface", sample("huawei_vrp5/display_interface/ntc_AR_dhcp.txt"))
    assert (ar[2]["interface"], ar[2]["link"], ar[2]["protocol"], ar[2]["input_errors"]) == ("GigabitEthernet0/0/2", "UP", "DOWN", "0")
    ne = {r["interface"]: r for r in rows(VRP8, "display interface", sample("huawei_vrp8/display_interface/napalm-huawei-vrp_NE40E-X8A.txt"))}
    assert (ne["GigabitEthernet1/0/0"]["crc"], ne["GigabitEthernet1/0/0"]["duplex"], ne["GigabitEthernet1/0/0"]["speed"]) == ("0", "full", "10G")
    assert ne["GigabitEthernet1/1/2"]["link"] == "DOWN(transceiver offline)"


def test_ap_all_real_sample():
    parsed = rows(VRP5, "display ap all", sample("huawei_ac/display_ap_all/ntc_AirEngine.txt"))
    assert [(r["name"], r["state"]) for r in parsed] == [("APW_0055(WC VIP)", "nor"), ("APW_0001", "idle"),
                                                         ("APW_0002", "fault"), ("APW_0003(Parkin VIP)", "stdby")]


def test_device_ntc_template_ce():
    parsed = rows(VRP8, "display device", sample("huawei_vrp8/display_device/ntc_CE12808S.txt"))
    assert len(parsed) == 23 and parsed[5]["pid"] == "CE-MPUA-S" and parsed[5]["ha_status"] == "Master"


def test_written_samples_parse():
    """All written from the Huawei references (USG6000E, S-series, AC6605 command references)."""
    assert rows(VRP5, "display hrp state", written("display_hrp_state_peer_down.txt"))[0]["new_state"] == "abnormal"
    assert rows(VRP5, "display firewall session table", written("display_firewall_session_table.txt"))[0]["current"] == "2553107"
    assert rows(VRP5, "display alarm active", written("display_alarm_active_none.txt"))[0]["none"] == "No alarm"
    assert rows(VRP5, "display alarm active", written("display_alarm_active_fan.txt"))[0]["level"] == "Major"
    assert rows(VRP5, "dir", written("dir_flash.txt"))[0] == {"directory": "flash:/", "total_kb": "1,011,448", "free_kb": "684,312"}
    assert rows(VRP5, "display ntp-service status", written("display_ntp-service_status_unsync.txt"))[0]["clock_status"] == "unsynchronized"
    assert [r["expired"] for r in rows(VRP5, "display license", written("display_license_usg.txt"))] == ["2027-01-14", "2027-01-14", "PERMANENT"]


@pytest.mark.parametrize("command", ["display cpu-usage", "display fan", "display power", "display esn",
                                     "display memory-usage", "display interface brief", "dir", "display hrp state"])
def test_partly_matching_output_is_a_parse_error(command):
    text = sample("huawei_vrp5/display_power/rpq_S7706_2022.txt") if command != "display power" else \
        sample("huawei_vrp5/display_fan/netinspect_S7706_session.txt")
    text += "\nsomething the template has never seen\n"
    assert parse_output(VRP5, command, text).status == "parse_error"
