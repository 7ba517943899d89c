"""Identity comes from what the device printed (issue 8 item 3), whatever the inventory says."""

from __future__ import annotations

from pathlib import Path

from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.core.results import DeviceResult, device_to_json
from netinspect.normalize import normalize
from netinspect.normalize.corpus import read_output
from netinspect.report.inspection import identity_note

CORPUS = Path(__file__).resolve().parent / "corpus"
NTP = "clock status: synchronized\nclock stratum: 3\nreference clock ID: 10.1.1.1\n"


def device(os_id: str, outputs: dict[str, str]) -> DeviceResult:
    raw = RawDevice(name="dut", os=os_id)
    for command, text in outputs.items():
        raw.add(CommandOutput(command=command, text=text))
    dev, outcomes = normalize(raw)
    return DeviceResult(raw=raw, device=dev, commands=outcomes)


def test_vrp8_device_listed_as_vrp5_is_analysed_as_vrp8_and_says_so():
    version = read_output(CORPUS / "huawei_vrp8/display_version/napalm-ce_CE6850-48S6Q-HI.txt")
    d = device("huawei_vrp", {"display version": version, "display ntp-service status": NTP})
    ident = d.device.identity
    assert (ident.vendor, ident.os, ident.model, ident.version) == (
        "huawei", "huawei_vrp8", "CE6850-48S6Q-HI", "V100R005C10SPC200")
    assert ident.declared == {"os": "huawei_vrp"}
    assert d.commands["display ntp-service status"].status == "ok" and d.device.ntp.stratum == 3
    assert device_to_json(d)["inventory_mismatch"] == [
        {"field": "os", "inventory": "huawei_vrp", "device": "huawei_vrp8"}]
    assert identity_note(d, "en") == ("the inventory says OS huawei_vrp, the device printed huawei_vrp8: "
                                      "analysed as the device says")
    assert "huawei_vrp8" in identity_note(d, "zh") and "按设备输出分析" in identity_note(d, "zh")


def test_agreeing_inventory_gives_no_note():
    version = read_output(CORPUS / "huawei_vrp5/display_version/ntc_AR6280.txt")
    d = device("huawei_vrp", {"display version": version})
    assert d.device.identity.declared == {} and identity_note(d, "en") == ""
    assert device_to_json(d)["inventory_mismatch"] == []


def test_no_version_output_keeps_the_inventory_os():
    d = device("huawei_vrp8", {"display ntp status": NTP})
    assert d.device.identity.os == "huawei_vrp8" and d.device.identity.declared == {}


# ---- issue 20: identity from any output ----

from netinspect.normalize.corpus import FAMILY_OS, discover, identity_without_version  # noqa: E402
from netinspect.parse.detect import dialect, os_from_version, output_votes  # noqa: E402
from netinspect.sources.logs import read_logs  # noqa: E402

CASES = discover(CORPUS)
def test_each_fingerprint_names_only_the_os_that_printed_it():
    """A fingerprint seen in an output of another OS would make a wrong identity: none in the corpus."""
    wrong = []
    for case in CASES:
        if case.command in dialect().version_commands:
            continue
        for shape in output_votes(case.command, read_output(case.txt)):
            if (case.device_os or FAMILY_OS[case.family]) not in shape.oses:
                wrong.append(f"{case.id}: {shape.evidence} names {sorted(shape.oses)}")
    assert not wrong, "\n".join(wrong)


def test_version_stripped_corpus_keeps_the_right_platform():
    """Every version output removed: the OS from the other outputs, never a wrong one (figures printed)."""
    for per_device in (False, True):
        figures = identity_without_version(CASES, per_device)
        print(figures.line("per device" if per_device else "per output"))
        assert not figures.wrong, "\n".join(figures.wrong)
        assert figures.right + figures.assumed >= 0.6 * figures.units, figures.line("too few told")
        assert figures.right >= 80, figures.line("too few decided")


def test_log_without_version_is_told_vrp8_by_its_outputs(tmp_path):
    """A CE6850 session with only health outputs: VRP 8 from their layouts, the evidence named."""
    parts = []
    for command in ("display cpu-usage", "display memory-usage", "display device fan", "display device power"):
        text = read_output(CORPUS / "huawei_vrp8" / command.replace(" ", "_") / "napalm-ce_CE6850.txt")
        parts.append(f"<CE1>{command}\n{text.rstrip()}\n")
    log = tmp_path / "ce1.log"
    log.write_text("".join(parts) + "<CE1>quit\n", encoding="utf-8")
    raw = read_logs([log]).devices[0]
    assert raw.os == "huawei_vrp8"
    assert "VRP 8: VRP 8 `display cpu-usage` header" in (raw.message or "")
    assert "`display device power` header" in (raw.message or "")


def test_cisco_log_without_show_version_is_iosxe_when_its_outputs_are():
    """`show environment all` with the IOS-XE sensor list: not taken for IOS."""
    case = next(c for c in CASES if c.family == "cisco_iosxe" and c.command == "show environment all"
                and any(s.oses == {"cisco_iosxe"} for s in output_votes(c.command, read_output(c.txt))))
    figures = identity_without_version([case], per_device=False)
    assert figures.right == 1, figures.line(case.id)


# YunShan OS: the first lines of its version banner as SNMP::Info's test data quotes them
# (netdisco/snmp-info, xt/lib/Test/SNMP/Info/Layer3/Huawei.pm, BSD-3-Clause)
YUNSHAN = ("Huawei YunShan OS\nVersion 1.23.1.1 (S5700 V600R023C10SPC500)\n"
           "Copyright (C) 2021-2024 Huawei Technologies Co., Ltd.\n")


def test_yunshan_os_is_huawei_vrp8_with_version_and_model():
    assert os_from_version(YUNSHAN) == "huawei_vrp8"
    text = YUNSHAN + "HUAWEI S5735-L48T4S-A1 uptime is 12 days, 3 hours, 1 minute\n"  # the VRP uptime line form
    d = device("huawei_vrp", {"display version": text})
    ident = d.device.identity
    assert (ident.vendor, ident.os, ident.version, ident.os_version, ident.model) == (
        "huawei", "huawei_vrp8", "V600R023C10SPC500", "1.23.1.1", "S5735-L48T4S-A1")
    assert d.commands["display version"].status == "ok"


def test_four_part_vrp8_version_and_build_tag_keep_the_version():
    text = ("Huawei Versatile Routing Platform Software\n"
            "VRP (R) software, Version 8.220.1 (CE6881 V300R020C10SPC200) [B016]\n"
            "Copyright (C) 2012-2021 Huawei Technologies Co., Ltd.\n"
            "HUAWEI CE6881-48S6CQ uptime is 1 day, 2 hours, 3 minutes\n")
    ident = device("huawei_vrp8", {"display version": text}).device.identity
    assert (ident.os_version, ident.version, ident.model) == ("8.220.1", "V300R020C10SPC200", "CE6881-48S6CQ")


def test_outputs_of_another_os_than_the_version_output_says_are_noted(tmp_path):
    """The shapes are a second opinion: a VRP 5 version output with a CE's VRP 8 layouts is analysed as the
    version output says, and the report says the outputs disagree."""
    version = read_output(CORPUS / "huawei_vrp5/display_version/elinpf_AR2200_console.txt")
    power = read_output(CORPUS / "huawei_vrp8/display_device_power/napalm-ce_CE6850.txt")
    cpu = read_output(CORPUS / "huawei_vrp8/display_cpu-usage/napalm-ce_CE6850.txt")
    log = tmp_path / "mixed.log"
    log.write_text(f"<R1>display version\n{version.rstrip()}\n<R1>display device power\n{power.rstrip()}\n"
                   f"<R1>display cpu-usage\n{cpu.rstrip()}\n<R1>quit\n", encoding="utf-8")
    raw = read_logs([log]).devices[0]
    assert raw.os == "huawei_vrp"
    assert "the version output says huawei_vrp, the other outputs look like VRP 8:" in (raw.message or "")
    agreeing = tmp_path / "agree.log"
    agreeing.write_text(f"<R1>display version\n{version.rstrip()}\n<R1>quit\n", encoding="utf-8")
    assert "other outputs" not in (read_logs([agreeing]).devices[0].message or "")
