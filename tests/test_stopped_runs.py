"""A run stopped from outside leaves nothing behind (issue 24): SIGTERM ends it at once with 143 and removes
its temporary folders; after SIGKILL its worker processes end by themselves and release stdout, and the
next run removes the folders it left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netinspect.core import runtime
from netinspect.sources.logs import read_logs

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]


def _log_folder(root: Path, count: int = 200) -> Path:
    """Many copies of the demo fleet's logs, each a device of its own: read and judged in worker processes."""
    folder = root / "logs"
    folder.mkdir()
    logs = [(p.read_text(encoding="utf-8"), read_logs([p]).devices[0].name) for p in sorted(FLEET.glob("*.log"))]
    for i in range(count):
        text, host = logs[i % len(logs)]
        (folder / f"{i:03d}.log").write_text(text.replace(host, f"{host}-{i:03d}"), encoding="utf-8")
    return folder


def _start(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "NETINSPECT_HISTORY": str(tmp_path / "history.sqlite")}
    proc = subprocess.Popen([sys.executable, "-c", "from netinspect.cli.app import main; main()", "inspect",
                             "--logs", str(_log_folder(tmp_path)), "--out", str(tmp_path / "out"), "--lang", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while not any(temp.glob(f"{runtime.TEMP_PREFIX}{proc.pid}-*")):  # the workers are at work
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before its spool existed"
        time.sleep(0.05)
    return proc, temp


def _stdout_closed_within(proc: subprocess.Popen[bytes], seconds: float) -> bool:
    """True when every process holding the run's stdout has let it go (the pipe reads to its end)."""
    assert proc.stdout is not None
    os.set_blocking(proc.stdout.fileno(), False)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if proc.stdout.read() == b"":
                return True
        except BlockingIOError:
            pass
        time.sleep(0.1)
    return False


def test_sigterm_stops_the_run_and_removes_its_temporary_folders(tmp_path: Path) -> None:
    proc, temp = _start(tmp_path)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 143
    assert _stdout_closed_within(proc, 10)
    assert list(temp.glob(f"{runtime.TEMP_PREFIX}*")) == []
    assert (tmp_path / "out" / ".netinspect-incomplete").exists()  # the folder says it is not a finished run


def test_after_sigkill_workers_end_and_the_next_run_sweeps_the_folders(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    proc, temp = _start(tmp_path)
    proc.kill()
    proc.wait(timeout=10)
    assert _stdout_closed_within(proc, 10), "a worker process still holds the killed run's stdout"
    left = list(temp.glob(f"{runtime.TEMP_PREFIX}{proc.pid}-*"))
    assert left, "SIGKILL gives no chance to clean: the folders are there for the next run"
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    assert runtime.sweep_stale_folders.__wrapped__() == len(left)
    assert list(temp.glob(f"{runtime.TEMP_PREFIX}*")) == []


def test_a_live_process_folders_are_not_swept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    mine = Path(runtime.temp_folder())
    other = tmp_path / f"{runtime.TEMP_PREFIX}{os.getppid()}-x"  # a running process (pytest's parent)
    other.mkdir()
    assert runtime.sweep_stale_folders.__wrapped__() == 0
    assert mine.is_dir() and other.is_dir()
