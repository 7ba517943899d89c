"""Collection progress on stderr: a bar on a terminal, one plain line per device otherwise, none with -q."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

from netinspect.core.raw import RawDevice


class LineProgress:
    """Plain structured lines on stderr (cron, CI, pipes)."""

    def __init__(self, total: int, stream: Any = None) -> None:
        self.total, self.done, self.stream = total, 0, stream or sys.stderr
        self.lock = threading.Lock()

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, raw: RawDevice, seconds: float) -> None:
        with self.lock:
            self.done += 1
            ok = sum(1 for o in raw.outputs.values() if o.status == "ok")
            message = f' message="{raw.message}"' if raw.message else ""
            print(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} collect device={raw.name} host={raw.host} "
                  f"status={raw.status} commands_ok={ok}/{len(raw.outputs)} seconds={seconds:.1f} "
                  f"progress={self.done}/{self.total}{message}", file=self.stream, flush=True)


class BarProgress:
    """A rich progress bar: done, failed, ETA."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from netinspect.core.messages import say, terminal_language

        lang = terminal_language()
        self.progress = Progress(TextColumn(say(lang, "progress.collect")), BarColumn(), MofNCompleteColumn(),
                                 TextColumn(say(lang, "progress.failed", failed="{task.fields[failed]}")),
                                 TimeRemainingColumn(), transient=False, console=Console(stderr=True))  # progress: stderr
        self.task = self.progress.add_task("collect", total=total, failed=0)
        self.failed = 0

    def __enter__(self) -> BarProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, raw: RawDevice, seconds: float) -> None:
        if raw.status not in ("ok", "partial"):
            self.failed += 1
            from netinspect.core.messages import localize, say, terminal_language

            lang = terminal_language()
            status = say(lang, f"collection.{raw.status}") if raw.status in STATUS_KEYS else raw.status
            self.progress.console.print(f"[red]{raw.name}[/]: {status}: {localize(raw.message, lang)}",
                                        highlight=False)
        self.progress.update(self.task, advance=1, failed=self.failed)


class NoProgress(LineProgress):
    """No progress at all (``-q``)."""

    def update(self, raw: RawDevice, seconds: float) -> None:
        return None


STATUS_KEYS = ("unreachable", "auth_failed", "timeout", "error")


def progress_for(total: int, progress: bool | None) -> Any:
    from netinspect.core import terminal

    if terminal.is_quiet():
        return NoProgress(total)
    tty = sys.stderr.isatty() if progress is None else progress
    return BarProgress(total) if tty else LineProgress(total)
