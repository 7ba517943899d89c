"""H3C Comware output variants from the real-output corpus (tests/corpus/h3c_*), one test per variant.

Each test feeds one corpus file through the normal pipeline and checks what a person reads off it.
"""

from __future__ import annotations

from pathlib import Path

from netinspect.core.model import Device
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.core.results import CommandParse
from netinspect.normalize import normalize

CORPUS = Path(__file__).parent / "corpus"


def _run(relpath: str, command: str, text: str | None = None) -> tuple[Device, CommandParse]:
    raw = RawDevice(name="dev", os="h3c_comware")
    body = text if text is not None else (CORPUS / relpath).read_bytes().decode("utf-8", errors="replace")
    raw.add(CommandOutput(command=command, text=body))
    device, outcomes = normalize(raw)
    return device, outcomes[command]


def test_comware5_chassis_mpu_blocks_in_display_version() -> None:
    """HP 7506 IRF of two chassis: 'MPU(S) Chassis 1 Slot 0:' / 'LPU Chassis 2 Slot 3:' blocks."""
    device, outcome = _run("h3c_comware5/display_version/ntc_HP7506_R6708P13_irf.txt", "display version")
    assert outcome.status == "ok"
    ident = device.identity
    assert (ident.model, ident.os_version, ident.version, ident.patch) == (
        "7506", "5.20.105", "5.20.105 Release 6708P13", "P001")


def test_comware5_chassis_mpu_master_block_without_patch() -> None:
    device, outcome = _run("h3c_comware5/display_version/ntc_HP7506_R6708-US.txt", "display version")
    assert outcome.status == "ok"
    assert (device.identity.version, device.identity.patch) == ("5.20.105 Release 6708-US", None)


def test_comware7_mpu_number_block_and_powchip_line() -> None:
    """Comware 7 on a 7506: 'MPU(M) 0:' block with a 'PowChip Version' line the template never saw."""
    device, outcome = _run("h3c_comware7/display_version/ntc_HP7506_R7536P05_mpu0.txt", "display version")
    assert outcome.status == "ok"
    assert (device.identity.model, device.identity.version) == ("7506", "7.1.070 Release 7536P05")


def test_slot_without_board_line_in_display_version() -> None:
    device, outcome = _run("h3c_comware5/display_version/ntc-pr_S7510E_F6709L05_P003.txt", "display version")
    assert outcome.status == "ok"
    assert (device.identity.model, device.identity.version, device.identity.patch) == (
        "S7510E", "5.20 Feature 6709L05", "P003")


def test_model_drops_interface_slot_count() -> None:
    device, _ = _run("h3c_comware5/display_version/ntc_HPA5120-24G-PoE_R2221P25.txt", "display version")
    assert device.identity.model == "A5120-24G-PoE+ EI Switch"


def test_unknown_line_in_display_version_costs_that_line_only() -> None:
    text = (CORPUS / "h3c_comware7/display_version/rpq_MSR3600_R0821P18.txt").read_text(encoding="utf-8")
    device, outcome = _run("", "display version", text.replace("Boot image:", "Some new line: 42\nBoot image:", 1))
    assert outcome.status == "ok"
    assert device.identity.version == "7.1.064 Release 0821P18"


def test_display_version_without_version_line_is_a_parse_error() -> None:
    device, outcome = _run("", "display version", "Slot 1:\nUptime is 1 week\nBOARD TYPE: x\n")
    assert outcome.status == "parse_error"
    assert device.identity.version is None


def test_older_fan_index_status_speedlevel_table() -> None:
    device, outcome = _run("h3c_comware5/display_fan/rpq_index_status_speedlevel.txt", "display fan")
    assert outcome.status == "ok"
    assert [(f.name, f.state, f.normal) for f in device.fans or []] == [("Fan 1", "Normal", True)]


def test_older_power_index_status_table_with_failed_supply() -> None:
    device, outcome = _run("h3c_comware5/display_power/rpq_index_status_pwr_fail.txt", "display power")
    assert outcome.status == "ok"
    assert [(p.name, p.state, p.normal) for p in device.power or []] == [
        ("Power 1", "normal", True), ("Power 2", "fail", False)]


def test_power_slot_blocks_with_input_power_lines() -> None:
    device, outcome = _run("h3c_comware5/display_power/rpq_input_power_two_slots_fault.txt", "display power")
    assert outcome.status == "ok"
    assert [(p.slot, p.name, p.normal) for p in device.power or []] == [
        ("1", "Power 1", True), ("1", "Power 2", True), ("2", "Power 1", False), ("2", "Power 2", True)]


def test_display_device_msr_max_ports_table() -> None:
    device, outcome = _run("h3c_comware5/display_device/rpq_MSR30-11E_max_ports.txt", "display device")
    assert outcome.status == "ok"
    assert [(b.slot, b.type, b.normal) for b in device.boards or []] == [("0", "MSR30-11E RPU Board", True)]


def test_dir_with_file_system_type_line() -> None:
    device, outcome = _run("h3c_comware5/dir/elinpf_MSR30-40_cfa0.txt", "dir")
    assert outcome.status == "ok"
    assert [(s.name, s.total_kb, s.free_kb) for s in device.storage or []] == [("cfa0:", 252164, 197010)]


def test_manuinfo_without_slot_header() -> None:
    device, outcome = _run("h3c_comware7/display_device_manuinfo/ntc_WX2560X-LI_no-slot.txt", "display device manuinfo")
    assert outcome.status == "ok"
    assert device.identity.serial == "219801A2X08218E0000M"


# ---- layouts documented for chassis and firewalls, where the corpus has no public output yet ---------
# The texts below are written for these tests in the layouts H3C's command references print (values are
# made up); they are not corpus files.

def test_chassis_fan_tray_status_blocks() -> None:
    text = "Chassis 1:\n Fan-tray 1:\n  Status    : Normal\n Fan-tray 2:\n  Status    : Fault\nChassis 2:\n Fan-tray 1:\n  Status    : Normal\n"
    device, outcome = _run("", "display fan", text)
    assert outcome.status == "ok"
    assert [(f.slot, f.name, f.state, f.normal) for f in device.fans or []] == [
        ("chassis1", "Fan 1", "Normal", True), ("chassis1", "Fan 2", "Fault", False),
        ("chassis2", "Fan 1", "Normal", True)]


def test_chassis_power_tables_with_supply_policy_line() -> None:
    text = ("Chassis 1:\nPower supply policy : disabled\n PowerID State    Mode   Current(A)  Voltage(V)  Power(W)\n"
            " 1       Normal   AC     10.5        53.5        561.75\n 2       Absent   --     --          --          --\n"
            "Chassis 2:\n PowerID State    Mode   Current(A)  Voltage(V)  Power(W)\n"
            " 1       Fault    AC     0           0           0\n")
    device, outcome = _run("", "display power", text)
    assert outcome.status == "ok"
    assert [(p.slot, p.name, p.state, p.present, p.normal) for p in device.power or []] == [
        ("chassis1", "Power 1", "Normal", True, True), ("chassis1", "Power 2", "Absent", False, None),
        ("chassis2", "Power 1", "Fault", True, False)]


def test_irf_chassis_slot_column_one_member_per_chassis() -> None:
    text = (" Member   Slot   Role    Priority    CPU-Mac\n   2      0      Standby 20          00e0-fc0f-0001\n"
            "   2      1      Standby 20          00e0-fc0f-0002\n *+3      5      Master  20          00e0-fc0f-0003\n"
            "   3      6      Standby 20          00e0-fc0f-0004\n--------------------------------------------------\n"
            " * indicates the device is the master.\n + indicates the device through which the user logs in.\n"
            " The Bridge MAC of the IRF is: 00e0-fc00-0a00\n Auto upgrade                  : yes\n")
    device, outcome = _run("", "display irf", text)
    assert outcome.status == "ok"
    assert [(m.member_id, m.role, m.normal) for m in device.stack.members] == [("2", "standby", True), ("3", "master", True)]


def test_irf_member_loading_is_abnormal_and_auto_merge_line() -> None:
    text = ("MemberID  Role     Priority    CPU-Mac           Description\n   1      Loading  1           00e0-fc00-3102    F1\n"
            " *+2      Master   1           00e0-fc00-ade2    F2\n--------------------------------------------------\n"
            " Auto merge                     : yes\n")
    device, outcome = _run("", "display irf", text)
    assert outcome.status == "ok"
    assert [(m.member_id, m.role, m.normal) for m in device.stack.members] == [("1", "loading", False), ("2", "master", True)]


def test_environment_vent_rows_and_hotspot_sensors() -> None:
    text = ("System temperature information (degree centigrade):\n" + "-" * 70 + "\n"
            "Slot  Sensor       Temperature  LowerLimit  WarningLimit  AlarmLimit ShutdownLimit\n"
            "Vent  outflow 1    38           10          40            50          70\n"
            "0     inflow 1     27           -10         50            70          100\n"
            "0     hotspot 1    34           -10         85            95          NA\n")
    device, outcome = _run("", "display environment", text)
    assert outcome.status == "ok"
    assert [(t.slot, t.name, t.celsius, t.normal) for t in device.temperatures or []] == [
        ("Vent", "outflow 1", 38.0, True), ("0", "inflow 1", 27.0, True), ("0", "hotspot 1", 34.0, True)]


def test_environment_firewall_table_without_slot_column_and_decimals() -> None:
    text = (" System Temperature information (degree centigrade):\n" + "-" * 70 + "\n"
            " Sensor   Temperature LowerLimit Warning-UpperLimit  Alarm-UpperLimit Shutdown-UpperLimit\n"
            "inflow  1      28.5        0              60                70                NA\n"
            "outflow 1      81          0              80                92                NA\n")
    device, outcome = _run("", "display environment", text)
    assert outcome.status == "ok"
    assert [(t.name, t.celsius, t.warning_limit, t.normal) for t in device.temperatures or []] == [
        ("inflow 1", 28.5, 60.0, True), ("outflow 1", 81.0, 80.0, False)]


def test_display_device_chassis_table_without_subslot_column() -> None:
    text = ("Slot No. Brd Type         Brd Status   Software Version\n0        LST1MRPNC1       Standby      S12500-CMW710-A7320\n"
            "1        LST1MRPNC1       Master       S12500-CMW710-A7320\n2        NONE             Absent       NONE\n"
            "3        LST1XP8LEC1      Fault        S12500-CMW710-A7320\n")
    device, outcome = _run("", "display device", text)
    assert outcome.status == "ok"
    assert [(b.slot, b.type, b.state, b.normal) for b in device.boards or []] == [
        ("0", "LST1MRPNC1", "Standby", True), ("1", "LST1MRPNC1", "Master", True), ("3", "LST1XP8LEC1", "Fault", False)]


def test_empty_logbuffer_is_a_valid_parse_with_no_entries() -> None:
    text = ("Logging buffer configuration and contents:enabled\nAllowed max buffer size : 1024\nActual buffer size : 512\n"
            "Channel number : 4 , Channel name : logbuffer\nDropped messages : 0\nOverwritten messages : 0\nCurrent messages : 0\n")
    device, outcome = _run("", "display logbuffer", text)
    assert outcome.status == "ok"
    assert device.logs == []


def test_memory_comware7_chassis_cpu_blocks_and_release_without_freeratio() -> None:
    """Comware 7 chassis prints 'Chassis 1 Slot 0 CPU 0:' blocks; 7.1.045 releases print no FreeRatio column."""
    text = ("Memory statistics are measured in KB:\nChassis 1 Slot 0 CPU 0:\n"
            "             Total      Used      Free    Shared   Buffers    Cached   FreeRatio\n"
            "Mem:       4003712   1401300   2602412         0      2056    419840       65.0%\n"
            "-/+ Buffers/Cache:    979404   3024308\nSwap:           0         0         0\n\n"
            "Chassis 2 Slot 1 CPU 0:\n             Total      Used      Free    Shared   Buffers    Cached\n"
            "Mem:       1000000    900000    100000         0         0         0\n")
    device, outcome = _run("", "display memory", text)
    assert outcome.status == "ok"
    assert [(m.slot, m.percent) for m in device.memory or []] == [("chassis1/slot0", 35.0), ("chassis2/slot1", 90.0)]


def test_cpu_comware7_chassis_and_comware5_board_blocks() -> None:
    text = ("Chassis 1 Slot 0 CPU 0 CPU usage:\n       7% in last 5 seconds\n       6% in last 1 minute\n"
            "       5% in last 5 minutes\n\nChassis 1 Slot 2 CPU 1 CPU usage:\n      91% in last 5 seconds\n"
            "      90% in last 1 minute\n      88% in last 5 minutes\n")
    device, outcome = _run("", "display cpu-usage", text)
    assert outcome.status == "ok"
    assert [(c.slot, c.percent) for c in device.cpu or []] == [("chassis1/slot0", 5.0), ("chassis1/slot2/cpu1", 88.0)]


def test_comware_generation_from_the_printed_version() -> None:
    """Comware 5 vs 7 is what the device printed (os_version), not the file or inventory name."""
    cw5, _ = _run("h3c_comware5/display_version/ntc_HP7506_R6708P13_irf.txt", "display version")
    cw7, _ = _run("h3c_comware7/display_version/ntc_HP7506_R7536P05_irf.txt", "display version")
    assert (cw5.identity.os_version or "").startswith("5.") and (cw7.identity.os_version or "").startswith("7.")
    assert cw5.identity.model == cw7.identity.model == "7506"


def test_version_line_with_build_kind_and_trailing_words() -> None:
    for line, version in [("H3C Comware Software, Version 7.1.070, Demo 2607\n", "7.1.070 Demo 2607"),
                          ("H3C Comware Software, Version 7.1.070, Release 7585P05 (CCC)\n", "7.1.070 Release 7585P05"),
                          ("Comware Software, Version 5.20, Release 2511, Standard\n", "5.20 Release 2511")]:
        device, outcome = _run("", "display version", line + "H3C S6850-56HF uptime is 1 week, 2 days\n")
        assert outcome.status == "ok"
        assert (device.identity.version, device.identity.model) == (version, "S6850-56HF")


def test_power_supply_blocks_named_power_supply_with_status() -> None:
    text = " Chassis 1:\n Power-supply 1:\n   Status : Normal\n Power-supply 2:\n   Status : Absent\n"
    device, outcome = _run("", "display power", text)
    assert outcome.status == "ok"
    assert [(p.slot, p.name, p.present, p.normal) for p in device.power or []] == [
        ("chassis1", "Power 1", True, True), ("chassis1", "Power 2", False, None)]


def test_fan_output_without_any_state_is_a_parse_error_naming_the_unknown_line() -> None:
    """Never a pass from a partial parse: no fan state found -> parse_error, fans left uncollected."""
    device, outcome = _run("", "display fan", "Slot 1:\n Fan 1:\n  Rotation : 4200 rpm, blowing\n")
    assert outcome.status == "parse_error"
    assert "Rotation : 4200 rpm" in (outcome.message or "")
    assert device.fans is None
