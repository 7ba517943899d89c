"""Run bundles: raw outputs and manifest written and read back, secrets redacted unless kept."""

from __future__ import annotations

import json
from pathlib import Path

from netinspect.collect.bundle import read_bundle, safe_name, write_bundle
from netinspect.core.raw import CommandOutput, InputRecord, RawDevice, SourceResult

CONFIG = ("sysname HZ-CORE-01\n local-user admin password irreversible-cipher $1c$SECRETHASH$\n"
          "snmp-agent community read cipher %^%#COMMUNITY%^%#\n")


def _source() -> SourceResult:
    device = RawDevice(name="HZ CORE/01", os="huawei_vrp", hostname="HZ-CORE-01", host="10.1.1.1",
                       role="switch", status="partial", message="connection closed", source="ssh://10.1.1.1:22")
    device.add(CommandOutput("display version", "Huawei Versatile Routing Platform\r\nVRP (R) software, "
                             "Version 5.170\n", seconds=0.12))
    device.add(CommandOutput("display current-configuration", CONFIG, seconds=0.4))
    device.add(CommandOutput("display stack", "Error: Unrecognized command found at '^' position.",
                             status="unsupported", message="Error: Unrecognized command found at '^' position."))
    return SourceResult([device], [InputRecord("HZ CORE/01", "partial", "connection closed")])


def test_round_trip_keeps_outputs_statuses_and_durations(tmp_path: Path):
    write_bundle(tmp_path, _source(), manifest_extra={"started": "2024-05-06T09:30:00+08:00",
                                                      "inventory": [{"name": "HZ CORE/01", "host": "10.1.1.1"}]})
    back = read_bundle(tmp_path)
    device = back.devices[0]
    assert (device.name, device.os, device.host, device.role, device.status) == \
           ("HZ CORE/01", "huawei_vrp", "10.1.1.1", "switch", "partial")
    assert list(device.outputs) == ["display version", "display current-configuration", "display stack"]
    assert device.outputs["display version"].text.startswith("Huawei Versatile Routing Platform\r\n")
    assert device.outputs["display version"].seconds == 0.12
    assert device.outputs["display stack"].status == "unsupported"
    assert back.inputs[0].status == "partial"
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["started"] == "2024-05-06T09:30:00+08:00" and manifest["secrets"] == "redacted"
    assert manifest["tool"]["name"] == "netinspect"
    assert (tmp_path / "raw" / safe_name("HZ CORE/01") / "display_version.txt").is_file()


def test_secrets_are_redacted_by_default_and_kept_on_request(tmp_path: Path):
    write_bundle(tmp_path / "a", _source())
    stored = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "a").rglob("*.txt"))
    assert "SECRETHASH" not in stored and "COMMUNITY" not in stored and "<redacted>" in stored
    assert "sysname HZ-CORE-01" in stored
    write_bundle(tmp_path / "b", _source(), keep_secrets=True)
    kept = read_bundle(tmp_path / "b").devices[0].outputs["display current-configuration"].text
    assert kept == CONFIG


def test_safe_names_are_distinct_and_contained():
    names = ["show flash:", "show flash_", "dis/../x", "..", "display current-configuration"]
    safe = [safe_name(n) for n in names]
    assert len(set(safe)) == len(safe)
    assert all("/" not in s and not s.startswith(".") for s in safe)
    assert safe[-1] == "display_current-configuration"


def test_damaged_bundles_are_reported_not_raised(tmp_path: Path):
    assert read_bundle(tmp_path).inputs[0].status == "rejected"
    write_bundle(tmp_path, _source())
    raw = next((tmp_path / "raw").iterdir())
    (raw / "display_version.txt").unlink()
    device = read_bundle(tmp_path).devices[0]
    assert device.outputs["display version"].status == "missing"
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    assert "unreadable manifest" in read_bundle(tmp_path).inputs[0].message
