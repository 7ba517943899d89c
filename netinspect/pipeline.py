"""The one-way flow: raw outputs -> device model -> check suites -> a Run with results."""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from netinspect.model import Device
from netinspect.normalize import CommandParse, normalize
from netinspect.raw import RawDevice, SourceResult
from netinspect.results import DeviceResult, Run


@dataclass
class AnalysisContext:
    """What every check suite may read besides the devices."""

    lang: str = "zh"  # zh | en: the language of messages, titles and advice
    site: dict[str, Any] = field(default_factory=dict)  # site facts (--site)
    user_config: dict[str, Any] = field(default_factory=dict)  # thresholds and switches (--config)
    options: dict[str, Any] = field(default_factory=dict)  # suite-specific options (rules dir, waivers, advisories db)


# A suite appends CheckResults to each DeviceResult. Listed by module path so that a suite's
# heavy imports happen only when it runs. Each module exposes `run(devices, ctx) -> None`.
SUITES: dict[str, str] = {
    "health": "netinspect.checks.health_suite",
    "hardening": "netinspect.harden.suite",
    "version": "netinspect.advisories.suite",
}


def run_suite(name: str, devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    module = importlib.import_module(SUITES[name])
    suite: Callable[[list[DeviceResult], AnalysisContext], None] = module.run
    suite(devices, ctx)


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


PARALLEL_FROM = 64  # devices; below this, starting worker processes costs more than it saves


def normalize_all(raws: list[RawDevice], jobs: int | None = None) -> list[tuple[Device, dict[str, CommandParse]]]:
    """normalize() over many devices, in worker processes when there are enough of them (TextFSM is CPU-bound)."""
    jobs = jobs or min(os.cpu_count() or 1, 8)
    if jobs <= 1 or len(raws) < PARALLEL_FROM:
        return [normalize(raw) for raw in raws]
    # forkserver (spawn where there is none): workers start clean even when this process runs threads
    # (SSH collection, the simulator), which a plain fork could copy with a lock held.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
        return list(pool.map(normalize, raws, chunksize=max(1, len(raws) // (jobs * 8))))


def analyse(source: SourceResult, source_kind: str, ctx: AnalysisContext, suites: list[str],
            started: str | None = None, jobs: int | None = None) -> Run:
    """Normalize every device the source read and run the requested suites over them."""
    started = started or now_iso()
    devices = [DeviceResult(raw=raw, device=device, commands=outcomes)
               for raw, (device, outcomes) in zip(source.devices, normalize_all(source.devices, jobs))]
    for name in suites:
        run_suite(name, devices, ctx)
    run_id = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Run(id=run_id, started=started, finished=now_iso(), source=source_kind, lang=ctx.lang,
               site=ctx.site, inputs=source.inputs, devices=devices)
