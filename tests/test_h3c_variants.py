"""H3C Comware output variants from the real-output corpus (tests/corpus/h3c_*), one test per variant.

Each test feeds one corpus file through the normal pipeline and checks what a person reads off it.
"""

from __future__ import annotations

from pathlib import Path

from netinspect.model import Device
from netinspect.normalize import CommandParse, normalize
from netinspect.raw import CommandOutput, RawDevice

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
