"""What every stage takes from the process it runs in: the clock and the worker processes."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    # forkserver (spawn where there is none): workers start clean even when this process runs threads
    # (SSH collection, the simulator), which a plain fork could copy with a lock held.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))
