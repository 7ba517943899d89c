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
