"""CPU seconds and peak memory of this process and every process it starts (workers of workers too).

Python's resource module sees only children that were waited for, and worker processes started from a
fork server are not our children at all; so a thread samples /proc every `interval` seconds (Linux).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _descendants(root: int) -> list[int]:
    found, todo = [root], [root]
    while todo:
        pid = todo.pop()
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                kids = [int(k) for k in task.read_text().split()]
            except (OSError, ValueError):
                continue
            found.extend(kids)
            todo.extend(kids)
    return found


def _sample(pid: int) -> tuple[float, int] | None:
    """(CPU seconds, resident bytes) of one process, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS, pages * _PAGE


class ProcessTree:
    """Use as a context manager; then read `cpu_seconds` and `peak_rss_mb` (sum over live processes)."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval, self.root = interval, os.getpid()
        self.cpu: dict[int, float] = {}
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _tick(self) -> None:
        total = 0
        for pid in _descendants(self.root):
            sample = _sample(pid)
            if sample is not None:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), sample[0])
                total += sample[1]
        self.peak_bytes = max(self.peak_bytes, total)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._tick()

    def __enter__(self) -> ProcessTree:
        self.started = time.perf_counter()
        self._base = _sample(self.root)[0] if _sample(self.root) else 0.0
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._tick()
        self._stop.set()
        self._thread.join()
        self.wall = time.perf_counter() - self.started

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values()) - self._base

    @property
    def peak_rss_mb(self) -> float:
        return self.peak_bytes / 1024 / 1024
