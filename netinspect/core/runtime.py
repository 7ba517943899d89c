"""What every stage takes from the process it runs in: the clock, worker processes and temporary folders.

A run stopped from outside leaves nothing behind: worker processes end when the process that started them
is gone (they watch it), they never hold the run's stdout (a pipe reader sees the end at once), SIGTERM
removes the run's temporary folders before exiting, and folders left by a process killed with SIGKILL
are removed by the next run.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from functools import cache
from pathlib import Path
from types import FrameType

TEMP_PREFIX = "netinspect-spool-"
EXIT_TERMINATED = 128 + signal.SIGTERM
_temp_folders: set[str] = set()


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    # forkserver (spawn where there is none): workers start clean even when this process runs threads
    # (SSH collection, the simulator), which a plain fork could copy with a lock held.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                               initializer=worker_started, initargs=(os.getpid(),))


def worker_started(parent: int, interval: float = 0.5) -> None:
    """In each worker: stdout to /dev/null (results go to stdout from the main process only), and a watch
    that ends the worker when `parent` is gone (a SIGKILL gives it no chance to stop its workers)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)

    def watch() -> None:
        while True:
            threading.Event().wait(interval)
            if not alive(parent):
                os._exit(EXIT_TERMINATED)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process of that number
        return True
    return True


def temp_folder() -> str:
    """A new private temporary folder named after this process (removed on SIGTERM; see the docstring)."""
    sweep_stale_folders()
    path = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")
    _temp_folders.add(path)
    return path


def forget_folder(path: str) -> None:
    """The folder was removed by its owner."""
    _temp_folders.discard(path)


@cache
def sweep_stale_folders() -> int:
    """Remove the temporary folders of netinspect processes that no longer run (once a process); -> count."""
    removed = 0
    for path in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*-*"):
        pid = path.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


def stop_on_sigterm() -> None:
    """SIGTERM (cron's timeout, systemd, kill): remove this run's temporary folders and exit at once with
    143; workers follow (they watch this process). The output folder keeps its incomplete marker."""
    def stop(signum: int, frame: FrameType | None) -> None:
        for path in list(_temp_folders):
            shutil.rmtree(path, ignore_errors=True)
        sys.stderr.flush()
        os._exit(EXIT_TERMINATED)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
