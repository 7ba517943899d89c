"""Session-log reader on bad input: every file is reported with a reason, nothing raises, others still read."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from netinspect.sources import logs
from netinspect.sources.logs import read_logs
from tests.conftest import sample

VER = "huawei_vrp5/display_version/ntc_S7706_V200R010C00SPC600.txt"
FAN = "huawei_vrp5/display_fan/netinspect_S7706_session.txt"


def good_log() -> str:
    return f"<S7706>dis ver\n{sample(VER)}\n<S7706>dis fan\n{sample(FAN)}\n<S7706>\n"


def inputs(result) -> dict[str, tuple[str, str | None]]:
    return {Path(i.name).name: (i.status, i.message) for i in result.inputs}


def test_bad_files_are_rejected_with_reasons_and_good_ones_still_read(tmp_path):
    (tmp_path / "good.log").write_text(good_log())
    (tmp_path / "empty.log").write_bytes(b"")
    (tmp_path / "blank.log").write_text("\n\n   \n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (tmp_path / "notes.txt").write_text("Customer site visit 2024-05-01\nTodo: check core switch fans\n")
    (tmp_path / "prompts_only.log").write_text("<S7706>\n<S7706>\n")
    result = read_logs([tmp_path])
    got = inputs(result)
    assert set(got) == {"good.log", "empty.log", "blank.log", "image.png", "notes.txt", "prompts_only.log"}
    assert got["good.log"][0] == "ok"
    assert got["empty.log"] == ("rejected", "empty file")
    assert got["image.png"][0] == "rejected" and "binary" in got["image.png"][1]
    for name in ("blank.log", "notes.txt", "prompts_only.log"):
        assert got[name] == ("rejected", "not a device session: no device prompt followed by a command found")
    assert [d.name for d in result.devices] == ["S7706"]


def test_mostly_control_bytes_is_binary(tmp_path):
    (tmp_path / "x.bin").write_bytes(bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17]) * 100 + b"<SW1>dis ver\n")
    status, message = inputs(read_logs([tmp_path / "x.bin"]))["x.bin"]
    assert status == "rejected" and "control bytes" in message


# An output both vendors print alike (`display clock`): no version output, no shape, error or info line
# that tells Huawei from H3C (a VRP `display fan` table does since issue 20: see the next tests)
CLOCK = "2024-05-01 10:00:00\nWednesday\nTime Zone(UTC) : UTC"


def test_unknown_platform_is_reported_clearly(tmp_path):
    # `<HOST>` prompts, no version output, no error or info line that tells Huawei from H3C
    (tmp_path / "u.log").write_text(f"<CORE>dis clock\n{CLOCK}\n<CORE>\n")
    result = read_logs([tmp_path / "u.log"])
    status, message = inputs(result)["u.log"]
    assert status == "rejected" and "unknown platform for CORE" in message
    (device,) = result.devices
    assert device.os is None and device.status == "error" and device.message.startswith("unknown platform")
    kept = device.outputs["dis clock"].text  # kept under the typed command, not lost
    assert kept.rstrip() == CLOCK


def test_vrp_fan_table_tells_huawei_without_version(tmp_path):
    """Issue 20: the VRP 5 `display fan` table exists on Huawei only: the OS, and the evidence named."""
    (tmp_path / "f.log").write_text(f"<CORE>dis fan\n{sample(FAN)}\n<CORE>\n")
    (device,) = read_logs([tmp_path / "f.log"]).devices
    assert device.os == "huawei_vrp" and "VRP 5 `display fan` table header" in device.message


def test_both_prompt_families_for_one_host_is_unknown(tmp_path):
    (tmp_path / "m.log").write_text("<X1>dis clock\n2024-05-01\nX1#show clock\n10:00\nX1#\n")
    result = read_logs([tmp_path / "m.log"])
    assert result.devices[0].os is None and inputs(result)["m.log"][0] == "rejected"


@pytest.mark.parametrize(("reply", "os_id"), [
    ("Error: Unrecognized command found at '^' position.", "huawei_vrp"),
    ("% Unrecognized command found at '^' position.", "h3c_comware"),
])
def test_platform_from_error_dialect_without_version(tmp_path, reply, os_id):
    (tmp_path / "d.log").write_text(f"<CORE>dis fan\n{sample(FAN)}\n<CORE>dis stak\n{reply}\n<CORE>\n")
    result = read_logs([tmp_path / "d.log"])
    (device,) = result.devices
    assert device.os == os_id and ("guessed" in device.message or "output shapes" in device.message)
    assert "display fan" in device.outputs and device.outputs["dis stak"].status == "unsupported"
    assert inputs(result)["d.log"][0] == "ok"


def test_one_known_one_unknown_device_is_partial(tmp_path):
    (tmp_path / "p.log").write_text(good_log() + f"<S7706>telnet 10.0.0.9\nUsername:\n<EDGE>dis clock\n{CLOCK}\n<EDGE>\n")
    status, message = inputs(read_logs([tmp_path / "p.log"]))["p.log"]
    assert status == "partial" and "unknown platform for EDGE" in message


def test_folder_without_logs_and_missing_path(tmp_path):
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "hidden_only").mkdir()
    (tmp_path / "hidden_only" / ".bash_history").write_text("ls\n")
    result = read_logs([tmp_path / "empty_dir", tmp_path / "hidden_only", tmp_path / "nope.log"])
    assert [(i.status, i.message) for i in result.inputs] == [
        ("rejected", "folder holds no log files"), ("rejected", "folder holds no log files"),
        ("rejected", "not found")]
    assert result.devices == []


def test_hidden_files_and_folders_skipped_subfolders_walked_sorted(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".swap.log").write_text("junk")
    (tmp_path / "site-b").mkdir()
    (tmp_path / "site-b" / "z.log").write_text(good_log())
    (tmp_path / "a.log").write_text(good_log())
    result = read_logs([tmp_path])
    assert [i.name for i in result.inputs] == [str(tmp_path / "a.log"), str(tmp_path / "site-b" / "z.log")]


def test_file_above_max_bytes_is_rejected_unread(tmp_path, monkeypatch):
    path = tmp_path / "big.log"
    path.write_text(good_log())
    opened = []
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or open(self, *a, **k))
    status, message = inputs(read_logs([path], max_bytes=100))["big.log"]
    assert status == "rejected" and "above the 0.0 MB limit (max_bytes)" in message
    assert opened == []
    assert inputs(read_logs([path], max_bytes=10_000))["big.log"][0] == "ok"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_chmod(tmp_path):
    path = tmp_path / "locked.log"
    path.write_text(good_log())
    path.chmod(0)
    try:
        status, message = inputs(read_logs([path]))["locked.log"]
    finally:
        path.chmod(0o644)
    assert status == "rejected" and message.startswith("cannot read")


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    (tmp_path / "locked.log").write_text(good_log())
    (tmp_path / "ok.log").write_text(good_log())
    real_open = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "locked.log":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    got = inputs(read_logs([tmp_path]))
    assert got["locked.log"] == ("rejected", "cannot read: Permission denied")
    assert got["ok.log"][0] == "ok"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_detected_per_file(tmp_path, encoding):
    text = good_log().replace("<S7706>dis fan", "<S7706>dis int b\nGE0/0/1  up  up  至核心交换机-上联\n<S7706>dis fan")
    (tmp_path / "e.log").write_bytes(text.encode(encoding))
    result = read_logs([tmp_path / "e.log"])
    (device,) = result.devices
    assert device.os == "huawei_vrp"
    assert device.outputs["display interface brief"].text == "GE0/0/1  up  up  至核心交换机-上联"
    assert device.outputs["display version"].text.startswith("Huawei Versatile Routing Platform Software")
    assert inputs(result)["e.log"][0] == "ok"


def test_gb18030_after_a_long_ascii_head_switches_cleanly(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "CHUNK", 64)  # the Chinese text starts several chunks into the file
    text = good_log() + "<S7706>dis int b\nGE0/0/1  up  up  办公网关\n<S7706>\n"
    (tmp_path / "g.log").write_bytes(text.encode("gb18030"))
    result = read_logs([tmp_path / "g.log"])
    assert result.devices[0].outputs["display interface brief"].text == "GE0/0/1  up  up  办公网关"
    assert "gb18030" in inputs(result)["g.log"][1]


def test_undecodable_bytes_are_replaced_and_reported(tmp_path):
    text = good_log().encode() + "<S7706>dis int b\nGE0/0/1 up 描述".encode() + b"\xff\xfe\xfd\n<S7706>\n"
    (tmp_path / "r.log").write_bytes(text)
    result = read_logs([tmp_path / "r.log"])
    status, message = inputs(result)["r.log"]
    assert status == "partial" and "undecodable characters replaced" in message
    assert result.devices[0].outputs["display interface brief"].text.startswith("GE0/0/1 up 描述")


def test_utf8_bom_is_not_part_of_the_first_prompt(tmp_path):
    (tmp_path / "b.log").write_bytes(codecs.BOM_UTF8 + good_log().encode())
    assert [d.name for d in read_logs([tmp_path / "b.log"]).devices] == ["S7706"]


def test_crash_inside_reader_is_not_hidden_as_success(tmp_path, monkeypatch):
    """An OSError while reading (disk, NFS) mid-file rejects that file with the reason."""
    (tmp_path / "io.log").write_text(good_log())

    def broken(stream, info):
        raise OSError(5, "Input/output error")
        yield  # pragma: no cover

    monkeypatch.setattr(logs, "iter_text", broken)
    assert inputs(read_logs([tmp_path / "io.log"]))["io.log"] == ("rejected", "cannot read: Input/output error")


def test_a_file_given_twice_is_read_once(tmp_path):
    (tmp_path / "a.log").write_text(good_log())
    result = read_logs([tmp_path / "a.log", tmp_path, tmp_path / "a.log"])
    assert [i.name for i in result.inputs] == [str(tmp_path / "a.log")]
    assert result.devices[0].outputs["display fan"].earlier == []
