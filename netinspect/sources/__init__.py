"""Sources of raw outputs: session logs, live SSH, saved run bundles, configuration files.

Each returns a :class:`netinspect.core.raw.SourceResult`; :func:`load` picks one for the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netinspect.core.raw import SourceResult

STREAM_FROM = 64  # log files; from this many, `stream=True` leaves the reading to the analysis's workers


def load(*, logs: list[Path] | None = None, inventory: Path | None = None, bundle: Path | None = None,
         ssh_options: dict[str, Any] | None = None, stream: bool = False) -> tuple[SourceResult, str]:
    """Read from exactly one source; returns the result and its kind (logs | ssh | bundle).

    `ssh_options` go to :func:`netinspect.collect.ssh.collect_inventory` (limit, workers, ask_pass,
    run_dir for the run bundle, host key and command-file options). With `stream`, a large set of logs
    is not read here: the result names them (`log_paths`) and pipeline.analyse reads them in workers.
    """
    from netinspect.core.errors import UsageError

    if logs:
        from netinspect.sources.logs import read_logs
        missing = [str(p) for p in logs if not p.exists()]
        if len(missing) == len(logs):
            raise UsageError(f"{', '.join(missing)}: no such file or folder")
        if stream and _count_files(logs) >= STREAM_FROM:
            return SourceResult(log_paths=list(logs)), "logs"
        return read_logs(logs), "logs"
    if bundle is not None:
        from netinspect.collect.bundle import read_bundle
        if not bundle.is_dir():
            raise UsageError(f"{bundle}: not a run bundle folder")
        return read_bundle(bundle), "bundle"
    if inventory is not None:
        from netinspect.collect.ssh import collect_inventory
        options = {k: v for k, v in (ssh_options or {}).items() if v is not None}
        return collect_inventory(inventory, **options), "ssh"
    raise UsageError("no source given")


def _count_files(paths: list[Path]) -> int:
    from netinspect.sources.logs import _discover

    return sum(1 for _ in _discover(paths, {}, []))
