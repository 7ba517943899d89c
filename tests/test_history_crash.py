"""Issue 24: the history store survives a killed run and concurrent runs, and a damaged row.

WAL, one transaction per run (BEGIN IMMEDIATE ... COMMIT), a busy timeout and retries: two processes
recording into one store at once both land every run; a process killed with SIGKILL while recording
leaves `PRAGMA integrity_check` ok and no half-written run; a row damaged by hand does not stop the next
inspection.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from netinspect.core.results import Run
from netinspect.history.compare import since_last
from netinspect.history.store import HistoryStore
from netinspect.lab.fleet import FLEET_DIR
from netinspect.pipeline import AnalysisContext, analyse
from netinspect.sources.logs import read_logs

fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")


@pytest.fixture(scope="module")
def run() -> Run:
    source = read_logs(sorted(FLEET_DIR.glob("*.log"))[:3])
    return analyse(source, "logs", AnalysisContext(lang="en"), ["health"])


def _writer(path: str, run: Run, times: int) -> None:
    store = HistoryStore(Path(path))
    for _ in range(times):
        store.record(run)


def _forever(path: str, run: Run) -> None:
    while True:
        _writer(path, run, 1)


def _counts(path: Path) -> tuple[int, int, str]:
    conn = sqlite3.connect(path)
    try:
        runs = conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        devices = conn.execute("SELECT COUNT(*) FROM devices").fetchone()[0]
        return runs, devices, conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@fork
def test_two_concurrent_writers_both_land(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "history.sqlite"
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_writer, args=(str(path), run, 15)) for _ in range(2)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(120)
    assert [w.exitcode for w in writers] == [0, 0]
    runs, devices, integrity = _counts(path)
    assert (runs, devices, integrity) == (30, 30 * len(run.devices), "ok")
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


@fork
def test_sigkill_while_recording_leaves_the_store_intact(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "history.sqlite"
    HistoryStore(path).record(run)
    context = multiprocessing.get_context("fork")
    for delay in (0.3, 0.7, 1.1):
        writer = context.Process(target=_forever, args=(str(path), run))
        writer.start()
        time.sleep(delay)
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(10)
        assert writer.exitcode == -signal.SIGKILL
        runs, devices, integrity = _counts(path)
        assert integrity == "ok"
        assert devices == runs * len(run.devices), "a half-written run"  # one transaction per run
    before = _counts(path)[0]
    HistoryStore(path).record(run)  # a rerun works
    assert _counts(path)[0] == before + 1


def test_a_damaged_row_does_not_stop_the_next_run(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "history.sqlite"
    store = HistoryStore(path)
    store.record(run)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE runs SET site = '{not json', started = 42")
    conn.execute("UPDATE devices SET cpu = 'abc', memory = x'00ff', problems = 'many'")
    conn.commit()
    conn.close()
    assert store.runs()[0]["site"] == {}
    rows = store.devices()
    assert rows and all(r.metrics["cpu"] is None and r.metrics["memory"] is None for r in rows)
    since_last(store, run)  # no exception: the comparison reads the damaged run as "not measured"
    store.record(run)
    assert len(store.runs()) == 2
