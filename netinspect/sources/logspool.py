"""Session logs of a large fleet, analysed without holding every output in this process.

Worker processes read and split the files (one file each) and leave what each file showed of each
device in a spool file on disk; this process keeps only which device appears in which files. Worker
processes then rebuild every device from its spooled parts (in file order, exactly as
:func:`netinspect.sources.logs.read_logs` merges them), parse and judge it, and write its verdicts and
facts (without the raw text) to the run's results spool (netinspect.core.spool); only what the fleet-wide
checks need comes back here. Memory in this process stays flat with the number of devices.
"""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netinspect.core.raw import InputRecord, RawDevice
from netinspect.core.runtime import forget_folder, temp_folder
from netinspect.sources.logs import (
    DEFAULT_MAX_BYTES,
    RejectedInput,
    _build_device,
    _DeviceLog,
    _discover,
    _FileLog,
    _input_record,
    _merge_device,
    _read_file,
)


@dataclass
class LogSpool:
    """The files read (each one's log or why it was rejected) and, per device, its spool files."""

    folder: str  # a private temporary folder (netinspect.core.runtime.temp_folder)
    order: list[str] = field(default_factory=list)  # every input in the order given or found
    files: dict[str, _FileLog] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    hosts: dict[str, list[str]] = field(default_factory=dict)  # device -> spool files, in file order

    def inputs(self, devices: dict[str, RawDevice]) -> list[InputRecord]:
        """One record per input, once the devices are built (a file's verdict needs their platforms)."""
        return [InputRecord(n, "rejected", self.rejected[n]) if n in self.rejected
                else _input_record(self.files[n], devices) for n in self.order]

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        forget_folder(self.folder)


def _spool_one(item: tuple[int, str, Path, int, str]) -> tuple[str, _FileLog | str, list[str], str | None]:
    """Read one file in a worker; its devices go to a spool file. -> (name, log or reason, hosts, spool)."""
    index, name, path, limit, folder = item
    devices: dict[str, _DeviceLog] = {}
    try:
        outcome: _FileLog | str = _read_file(name, path, limit, devices)
    except RejectedInput as exc:
        outcome = str(exc)
    if not devices:
        return name, outcome, [], None
    spool = str(Path(folder) / f"{index}.pickle")
    with open(spool, "wb") as handle:
        pickle.dump(devices, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return name, outcome, list(devices), spool


def spool_logs(paths: Sequence[Path], pool: Any, jobs: int, max_bytes: int | None = None) -> LogSpool:
    """Read every log file in `pool`'s worker processes into a spool (see the module docstring)."""
    spool = LogSpool(folder=temp_folder())
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    found = [(i, name, path, limit, spool.folder)
             for i, (name, path) in enumerate(_discover(paths, spool.rejected, spool.order))]
    for name, outcome, hosts, file in pool.map(_spool_one, found, chunksize=max(1, len(found) // (jobs * 8))):
        if isinstance(outcome, str):
            spool.rejected[name] = outcome
        else:
            spool.files[name] = outcome
        for host in hosts:
            spool.hosts.setdefault(host, []).append(file)
    return spool


def build_spooled(groups: list[tuple[str, list[str]]]) -> list[RawDevice]:
    """Rebuild devices from their spool files (in a worker); a device that ran no command is skipped."""
    loaded: dict[str, dict[str, _DeviceLog]] = {}
    built = []
    for host, files in groups:
        merged: dict[str, _DeviceLog] = {}
        for file in files:
            if file not in loaded:
                with open(file, "rb") as handle:
                    loaded[file] = pickle.load(handle)
            _merge_device(merged, loaded[file][host])
        if merged[host].pending:
            built.append(_build_device(merged[host]))
    return built
