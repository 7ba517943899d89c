"""Fault barriers: whatever one device's data does, that device gets an `error` result and the run goes on.

Work per device is bounded in size (characters of output) and time (seconds of analysis). The time
bound uses SIGALRM where there is one (POSIX, main thread); the regular-expression engine checks for
signals, so even a backtracking pattern is interrupted. Elsewhere only the size bound applies.
Tracebacks of unexpected errors go, redacted, to an errors log whose path the caller reports.
"""

from __future__ import annotations

import os
import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from netinspect.core.redact import redact

DEVICE_SECONDS = float(os.environ.get("NETINSPECT_DEVICE_SECONDS", "120"))  # analysis time per device
DEVICE_MAX_CHARS = int(os.environ.get("NETINSPECT_DEVICE_MAX_CHARS", str(64 * 1024 * 1024)))  # output per device
ERRORS_LOG = "errors.log"


class BudgetExceeded(BaseException):
    """The analysis of one device took longer than its time budget.

    A BaseException, like KeyboardInterrupt: the broad ``except Exception`` that keeps one check's defect
    from stopping the run must not swallow it (the rest of the device would then run unbounded); only
    the barriers of netinspect.pipeline catch it, by name (issue 24)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"analysis took longer than {seconds:g} s")
        self.seconds = seconds


@dataclass
class Fault:
    """Why one device could not be analysed, at which stage; `internal` when it is a bug of ours."""

    stage: str  # normalize | health | hardening | version | report ...
    reason: str  # one line, redacted
    internal: bool = True
    details: str = field(default="", repr=False)  # the redacted traceback
    budget: float | None = None  # seconds, when the analysis was stopped by its time budget
    judged: int = 0  # results the device had when it was stopped (kept in the report)


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise BudgetExceeded in the block after `seconds` (no-op without SIGALRM or off the main thread)."""
    if not seconds or seconds <= 0 or not _can_alarm():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise BudgetExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    old_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:
            signal.setitimer(signal.ITIMER_REAL, old_delay)


def one_line(exc: BaseException) -> str:
    """`Type: message`, first line only, at most 200 characters, secrets redacted."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = redact(text)[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def fault_of(stage: str, exc: BaseException, judged: int = 0) -> Fault:
    """A Fault for an exception caught at a barrier (`judged`: results kept when it is a time budget)."""
    if isinstance(exc, BudgetExceeded):
        return Fault(stage, f"analysis stopped: time budget ({exc.seconds:g} s)", internal=False,
                     budget=exc.seconds, judged=judged)
    details = redact("".join(traceback.format_exception(exc)))
    return Fault(stage, one_line(exc), internal=True, details=details)


def write_errors_log(outdir: Path, entries: list[tuple[str, Fault]]) -> Path | None:
    """The tracebacks of internal faults (device name, fault) in OUT/errors.log; its path, or None."""
    internal = [(name, f) for name, f in entries if f.internal and f.details]
    if not internal:
        return None
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / ERRORS_LOG
    with path.open("w", encoding="utf-8") as handle:
        for name, fault in internal:
            handle.write(f"== {redact(name)} ({fault.stage}): {fault.reason}\n{fault.details}\n")
    return path


def crash_dir() -> Path:
    """Where the details of a crash go: NETINSPECT_LOG_DIR, else the user log folder, else the temp folder."""
    if os.environ.get("NETINSPECT_LOG_DIR"):
        return Path(os.environ["NETINSPECT_LOG_DIR"])
    try:
        import platformdirs
        return Path(platformdirs.user_log_dir("netinspect", appauthor=False))
    except Exception:  # noqa: BLE001 - any failure here falls back to the temp folder
        import tempfile
        return Path(tempfile.gettempdir())


def write_crash_log(exc: BaseException) -> Path | None:
    """The redacted traceback of a crash in a new file; its path (None when nothing could be written)."""
    from datetime import datetime
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = redact("".join(traceback.format_exception(exc)))
    for folder in (crash_dir(), Path.cwd()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"netinspect-crash-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None
