"""The one-way flow: raw outputs -> device model -> check suites -> a Run with results."""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
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
# heavy imports happen only when it runs. Each module exposes `run(devices, ctx) -> None`, which judges
# each device on its own (so it can run on any part of the fleet, in any process), and may expose
# `run_fleet(devices, ctx) -> None` for verdicts across devices (run once, over the whole fleet, last).
SUITES: dict[str, str] = {
    "health": "netinspect.checks.health_suite",
    "hardening": "netinspect.harden.suite",
    "version": "netinspect.advisories.suite",
}


def _suite(name: str) -> Any:
    return importlib.import_module(SUITES[name])


def run_suite(name: str, devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    """The whole suite over `devices`: per-device verdicts, then the fleet-wide ones."""
    run_devices(name, devices, ctx)
    run_fleet(name, devices, ctx)


def run_devices(name: str, devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    suite: Callable[[list[DeviceResult], AnalysisContext], None] = _suite(name).run
    suite(devices, ctx)


def run_fleet(name: str, devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    fleet: Callable[[list[DeviceResult], AnalysisContext], None] | None = getattr(_suite(name), "run_fleet", None)
    if fleet is not None:
        fleet(devices, ctx)


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


PARALLEL_FROM = 64  # devices; below this, starting worker processes costs more than it saves


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    # forkserver (spawn where there is none): workers start clean even when this process runs threads
    # (SSH collection, the simulator), which a plain fork could copy with a lock held.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))


def _jobs(jobs: int | None, count: int) -> int:
    jobs = jobs or min(os.cpu_count() or 1, 8)
    return 1 if count < PARALLEL_FROM else jobs


def normalize_all(raws: list[RawDevice], jobs: int | None = None) -> list[tuple[Device, dict[str, CommandParse]]]:
    """normalize() over many devices, in worker processes when there are enough of them (TextFSM is CPU-bound)."""
    jobs = _jobs(jobs, len(raws))
    if jobs <= 1:
        return [normalize(raw) for raw in raws]
    with worker_pool(jobs) as pool:
        return list(pool.map(normalize, raws, chunksize=max(1, len(raws) // (jobs * 8))))


def _judge(raws: list[RawDevice], ctx: AnalysisContext, suites: list[str]) -> list[DeviceResult]:
    """Normalize these devices and run every suite's per-device checks on them."""
    devices = [DeviceResult(raw=raw, device=device, commands=outcomes)
               for raw, (device, outcomes) in zip(raws, map(normalize, raws))]
    for name in suites:
        run_devices(name, devices, ctx)
    return devices


def _judge_chunk(raws: list[RawDevice], ctx: AnalysisContext, suites: list[str]) -> list[DeviceResult]:
    """_judge in a worker process; the raw outputs are not sent back (the caller holds them)."""
    devices = _judge(raws, ctx, suites)
    for d in devices:
        d.raw = RawDevice(name=d.raw.name)
    return devices


def _chunks(items: list[RawDevice], size: int) -> list[list[RawDevice]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def judge_all(raws: list[RawDevice], ctx: AnalysisContext, suites: list[str],
              jobs: int | None = None) -> list[DeviceResult]:
    """Normalize every device and run the suites' per-device checks, on all cores for a large fleet."""
    jobs = _jobs(jobs, len(raws))
    if jobs <= 1:
        return _judge(raws, ctx, suites)
    size = max(1, min(32, len(raws) // (jobs * 4)))
    with worker_pool(jobs) as pool:
        parts = pool.map(_judge_chunk, _chunks(raws, size), repeat(ctx), repeat(suites))
        devices = [d for part in parts for d in part]
    for d, raw in zip(devices, raws, strict=True):
        d.raw = raw
    return devices


def analyse(source: SourceResult, source_kind: str, ctx: AnalysisContext, suites: list[str],
            started: str | None = None, jobs: int | None = None) -> Run:
    """Normalize every device the source read and run the requested suites over them.

    A source with `log_paths` (a large folder of session logs) is read here, in worker processes, and
    its devices come back judged but without their raw text; `source.devices`/`inputs` are filled in.
    """
    started = started or now_iso()
    for name in suites:
        prepare = getattr(_suite(name), "prepare", None)
        if prepare is not None:
            prepare(ctx)  # checks the suite's own inputs once, in this process (errors reach the caller)
    if source.log_paths:
        devices = _judge_logs(source, ctx, suites, jobs or min(os.cpu_count() or 1, 8))
    else:
        devices = judge_all(source.devices, ctx, suites, jobs)
    for name in suites:
        run_fleet(name, devices, ctx)
    run_id = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Run(id=run_id, started=started, finished=now_iso(), source=source_kind, lang=ctx.lang,
               site=ctx.site, inputs=source.inputs, devices=devices)


def _judge_spooled(groups: list[tuple[str, list[str]]], ctx: AnalysisContext, suites: list[str]) -> list[DeviceResult]:
    """Rebuild spooled devices and judge them (in a worker); outputs and configurations stay here."""
    from netinspect.sources.logspool import build_spooled

    devices = _judge(build_spooled(groups), ctx, suites)
    for d in devices:
        for output in d.raw.outputs.values():
            output.text, output.earlier = "", []
        d.device.running_config = d.device.saved_config = None
    return devices


def _judge_logs(source: SourceResult, ctx: AnalysisContext, suites: list[str], jobs: int) -> list[DeviceResult]:
    from netinspect.sources.logspool import spool_logs

    with worker_pool(max(1, jobs)) as pool:
        spool = spool_logs(source.log_paths, pool, max(1, jobs))
        try:
            hosts = list(spool.hosts.items())
            size = max(1, min(16, len(hosts) // (max(1, jobs) * 4)))
            parts = pool.map(_judge_spooled, [hosts[i:i + size] for i in range(0, len(hosts), size)],
                             repeat(ctx), repeat(suites))
            devices = [d for part in parts for d in part]
        finally:
            spool.close()
    source.devices = [d.raw for d in devices]
    source.inputs = spool.inputs({d.name: d.raw for d in devices})
    return devices
