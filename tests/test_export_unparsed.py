"""`inspect --export-unparsed DIR` (issue 20 item 4): an output of a layout netinspect does not know is
listed in the report (device, command, first line not understood) and written, redacted, as a corpus entry
with the device's model and version and an expected-values file to fill in."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.normalize.corpus import read_output
from netinspect.normalize.unparsed import Pseudonyms

CORPUS = Path(__file__).resolve().parent / "corpus"
runner = CliRunner()
# A `display cpu-usage` in a layout no template knows (constructed for this test: the point is the
# unknown shape), carrying an address, the host name and a serial that must not leave the site.
UNKNOWN_CPU = ("Board CPU load report for CORE-SW-07 (mgmt 10.20.30.40, peer 10.20.30.41)\n"
               "Processor board ID 2102353169P0C3000123\n"
               "  control plane  load=34 percent\n"
               "  forwarding     load=12 percent\n")


def _log(tmp_path: Path) -> Path:
    version = read_output(CORPUS / "huawei_vrp5/display_version/elinpf_AR2200_console.txt")
    log = tmp_path / "core.log"
    log.write_text(f"<CORE-SW-07>display version\n{version.rstrip()}\n<CORE-SW-07>display cpu-usage\n"
                   f"{UNKNOWN_CPU}<CORE-SW-07>quit\n", encoding="utf-8")
    return log


def test_unknown_layout_is_listed_and_exported_redacted(tmp_path: Path):
    out, export = tmp_path / "out", tmp_path / "export"
    result = runner.invoke(app, ["inspect", "--logs", str(_log(tmp_path)), "--out", str(out), "--format", "json,md",
                                 "--lang", "en", "--no-history", "--export-unparsed", str(export)])
    assert result.exit_code in (0, 1), result.output
    device = json.loads((out / "results.json").read_text(encoding="utf-8"))["devices"][0]
    listed = device["not_understood"]
    assert [e["command"] for e in listed] == ["display cpu-usage"]
    assert listed[0]["first_line"] and listed[0]["first_line"].startswith("Board CPU load report")
    report = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert "Annex: outputs not understood" in report and "display cpu-usage" in report

    files = sorted(export.rglob("*.txt"))
    assert len(files) == 1 and files[0].parent.name == "display_cpu-usage"
    assert files[0].parent.parent.name == "huawei_vrp5"
    text = files[0].read_text(encoding="utf-8")
    for secret in ("10.20.30.40", "10.20.30.41", "CORE-SW-07", "2102353169P0C3000123"):
        assert secret not in text, secret
    assert "192.0.2.1" in text and "192.0.2.2" in text and "HOST-1" in text and "SERIAL0001" in text
    assert "load=34 percent" in text  # the shape itself stays as the device printed it
    spec = yaml.safe_load(files[0].with_suffix(".yaml").read_text(encoding="utf-8"))
    assert spec["platform"] == "huawei_vrp" and spec["command"] == "display cpu-usage"
    assert spec["model"] == device["model"] and spec["version"] == device["version"] and spec["model"]
    assert spec["expect"] == {} and "fill in" in spec["note"]
    assert "CORE-SW-07" not in spec["not_understood"]
    assert (export / "SOURCES.tsv").read_text(encoding="utf-8").count("\n") == 2  # header + one row


def test_pseudonyms_are_consistent_and_keep_masks():
    names = Pseudonyms()
    first = names.text("ip address 10.1.1.1 255.255.255.0\npeer 10.1.1.2 via 10.1.1.1\n", ["R1"])
    assert first == "ip address 192.0.2.1 255.255.255.0\npeer 192.0.2.2 via 192.0.2.1\n"
    assert names.text("R1 sees 10.1.1.2", ["R1"]) == "HOST-1 sees 192.0.2.2"
    assert names.text("fe80::1 and 2001:db8:1::5", []) == "2001:db8::1 and 2001:db8::2"
    assert names.text("mac 00e0-fc12-3456 at 12:30:45", []) == "mac 00e0-fc12-3456 at 12:30:45"
