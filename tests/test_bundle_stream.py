"""The run bundle is written as devices finish (issue 22): each device's files appear before the run ends,
and the bundle is the same as the one written at the end, whatever order the devices finish in."""

import time
from pathlib import Path

from netinspect.collect.bundle import BundleWriter, read_bundle, write_bundle
from netinspect.core.raw import CommandOutput, InputRecord, RawDevice, SourceResult


def _device(name: str, secret: str) -> RawDevice:
    raw = RawDevice(name=name, os="huawei_vrp", host="10.0.0.1", source="ssh://10.0.0.1:22")
    raw.add(CommandOutput("display version", "VRP (R) software, Version 5.170\n", seconds=0.2))
    raw.add(CommandOutput("display current-configuration", f"sysname {name}\n local-user admin password "
                                                            f"irreversible-cipher {secret}\n#\n", seconds=0.3))
    return raw


def _source() -> SourceResult:
    devices = [_device("core 1", "Aa1$first"), _device("core_1", "Bb2$second"), _device("Access-9", "Cc3$third")]
    return SourceResult(devices=devices, inputs=[InputRecord(d.name, "ok") for d in devices])


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_device_is_on_disk_before_the_run_ends(tmp_path: Path) -> None:
    source = _source()
    writer = BundleWriter(tmp_path, names=[d.name for d in source.devices])
    writer.add(source.devices[2])
    config = tmp_path / "raw" / "Access-9" / "display_current-configuration.txt"
    deadline = time.monotonic() + 10
    while not config.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert config.exists() and not (tmp_path / "manifest.json").exists()
    time.sleep(0.05)  # the file is complete once written; give the writer the moment to close it
    assert "Cc3$third" not in config.read_text() and "<redacted>" in config.read_text()
    for device in source.devices[:2]:
        writer.add(device)
    writer.finish(source, {"source": "ssh"})
    assert [d.name for d in read_bundle(tmp_path).devices] == ["core 1", "core_1", "Access-9"]


def test_streamed_in_any_order_equals_written_at_the_end(tmp_path: Path) -> None:
    source = _source()
    write_bundle(tmp_path / "end", source, manifest_extra={"source": "ssh"})
    writer = BundleWriter(tmp_path / "stream", names=[d.name for d in source.devices])
    for device in reversed(source.devices[1:]):  # the first device is never added: written by finish()
        writer.add(device)
    writer.finish(source, {"source": "ssh"})
    end, stream = _files(tmp_path / "end"), _files(tmp_path / "stream")
    assert sorted(end) == sorted(stream)
    for name in end:
        if name != "manifest.json":
            assert end[name] == stream[name], name
    for secret in ("Aa1$first", "Bb2$second", "Cc3$third"):
        assert all(secret.encode() not in data for data in stream.values())
    assert len({f.split("/")[1] for f in stream if f.startswith("raw/")}) == 3  # "core 1" and "core_1" apart


def test_written_by_a_process_equals_written_at_the_end(tmp_path: Path) -> None:
    source = _source()
    write_bundle(tmp_path / "end", source, manifest_extra={"source": "ssh"})
    writer = BundleWriter(tmp_path / "proc", names=[d.name for d in source.devices], process=True)
    for device in source.devices[::-1]:
        writer.add(device)
    writer.finish(source, {"source": "ssh"})
    end, proc = _files(tmp_path / "end"), _files(tmp_path / "proc")
    assert sorted(end) == sorted(proc)
    assert all(end[name] == proc[name] for name in end if name != "manifest.json")
    assert read_bundle(tmp_path / "proc").devices[0].outputs["display version"].text.startswith("VRP")
