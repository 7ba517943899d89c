"""Sources of raw outputs: session logs, live SSH, saved run bundles, configuration files.

Each returns a :class:`netinspect.raw.SourceResult`; :func:`load` picks one for the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netinspect.raw import SourceResult


def load(*, logs: list[Path] | None = None, inventory: Path | None = None, bundle: Path | None = None,
         ssh_options: dict[str, Any] | None = None) -> tuple[SourceResult, str]:
    """Read from exactly one source; returns the result and its kind (logs | ssh | bundle).

    `ssh_options` go to :func:`netinspect.sources.ssh.collect_inventory` (limit, workers, ask_pass,
    run_dir for the run bundle, host key and command-file options).
    """
    from netinspect.workflow import UsageError

    if logs:
        from netinspect.sources.logs import read_logs
        missing = [str(p) for p in logs if not p.exists()]
        if len(missing) == len(logs):
            raise UsageError(f"{', '.join(missing)}: no such file or folder")
        return read_logs(logs), "logs"
    if bundle is not None:
        from netinspect.sources.bundle import read_bundle
        if not bundle.is_dir():
            raise UsageError(f"{bundle}: not a run bundle folder")
        return read_bundle(bundle), "bundle"
    if inventory is not None:
        from netinspect.sources.ssh import collect_inventory
        options = {k: v for k, v in (ssh_options or {}).items() if v is not None}
        return collect_inventory(inventory, **options), "ssh"
    raise UsageError("no source given")
