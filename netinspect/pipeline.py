"""The one-way flow: raw outputs -> device model -> check suites -> a Run with results."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from itertools import repeat
from typing import Any

from netinspect.checks.causes import group_causes
from netinspect.checks.context import AnalysisContext
from netinspect.core.barrier import DEVICE_MAX_CHARS, DEVICE_SECONDS, BudgetExceeded, Fault, fault_of, time_budget
from netinspect.core.model import Device
from netinspect.core.raw import RawDevice, SourceResult
from netinspect.core.redact import redact, redact_value
from netinspect.core.results import CheckResult, CommandParse, DeviceResult, Run
from netinspect.core.runtime import now_iso, worker_pool
from netinspect.core.spool import Spool
from netinspect.normalize import normalize

# A suite appends CheckResults to each DeviceResult. Listed by module path so that a suite's
# heavy imports happen only when it runs. Each module exposes `run(devices, ctx) -> None`, which judges
# each device on its own (so it can run on any part of the fleet, in any process), and may expose
# `run_fleet(devices, ctx) -> None` for verdicts across devices (run once, over the whole fleet, last).
# run_fleet sees each device's fleet view (see `fleet_view`): its name, collection and identity, not its
# facts or per-device verdicts, so that a large fleet's devices need not all be in memory at once.
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


def user_file_errors() -> tuple[type[BaseException], ...]:
    """Errors of the user's own files (rules, waivers, options): usage errors for the whole run, not device faults."""
    from netinspect.checks.config import ConfigError
    from netinspect.core.options import OptionError
    classes: list[type[BaseException]] = [ConfigError, OptionError]
    for module, name in (("netinspect.harden.waivers", "WaiverError"), ("netinspect.harden.rules", "RuleError")):
        try:
            classes.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):  # pragma: no cover - suite not installed
            pass
    return tuple(classes)


Normalized = tuple[Device, dict[str, CommandParse], Fault | None]


def redact_results(d: DeviceResult) -> None:
    """The last guard before any output: every text of the device's results and messages that carries
    device data redacted. What we generate is not device data and is never redacted: titles and criteria
    (`expected`, from the catalog and the thresholds) and the remediation (fix, rollback and verify commands; harden.fixes keeps configuration
    secrets out of them with named placeholders)."""
    for r in d.results:
        r.message = redact(r.message)
        r.observed, r.evidence = redact_value(r.observed), redact_value(r.evidence)  # expected: the catalog's
        r.advice = redact(r.advice) if r.advice else r.advice
        r.advisories, r.extra = redact_value(r.advisories), redact_value(r.extra)
    d.raw.message = redact(d.raw.message) if d.raw.message else d.raw.message
    for outcome in d.commands.values():
        outcome.message = redact(outcome.message) if outcome.message else outcome.message


def redact_raw(d: DeviceResult) -> None:
    """The collection message of the device's raw outputs redacted (it is the caller's object)."""
    d.raw.message = redact(d.raw.message) if d.raw.message else d.raw.message


def fleet_view(d: DeviceResult) -> DeviceResult:
    """What the fleet-wide checks see of a judged device: name, collection, identity, VRRP/HSRP groups
    and spanning-tree roots (health.vrrp_fleet, health.stp_fleet) and faults; no outputs, other facts or
    verdicts. Their verdicts land in the view's (empty) results."""
    r = d.raw
    raw = RawDevice(name=r.name, os=r.os, hostname=r.hostname, host=r.host, role=r.role, status=r.status,
                    message=r.message, source=r.source)
    return DeviceResult(raw=raw, device=Device(name=d.device.name, identity=d.device.identity,
                                               redundancy=d.device.redundancy, stp=d.device.stp,
                                               stp_roots=d.device.stp_roots,
                                               sources=dict(d.device.sources)),
                        faults=list(d.faults))


def merge_fleet(devices: Any, views: list[DeviceResult]) -> None:
    """The fleet-wide verdicts and faults of each view added to its device (written back: `devices` may
    be a spool on disk, where a device read is a copy)."""
    for i, view in enumerate(views):
        if not view.results:
            continue
        redact_results(view)
        d = devices[i]
        d.faults.extend(view.faults[len(d.faults):])
        d.results.extend(view.results)
        devices[i] = d


def normalize_guarded(raw: RawDevice) -> Normalized:
    """normalize() behind the device's fault barrier: bounded in size and time, never raising."""
    size = sum(len(o.text) + sum(map(len, o.earlier)) for o in raw.outputs.values())
    if size > DEVICE_MAX_CHARS:
        reason = f"output of {size} characters is over the limit of {DEVICE_MAX_CHARS} per device; not analysed"
        return _empty(raw), {}, Fault("normalize", reason, internal=False)
    try:
        with time_budget(DEVICE_SECONDS):
            device, outcomes = normalize(raw)
        return device, outcomes, None
    except (Exception, BudgetExceeded) as exc:  # noqa: BLE001 - the barrier: any fault of this device stays here
        return _empty(raw), {}, fault_of("normalize", exc)


def _empty(raw: RawDevice) -> Device:
    device = Device(name=raw.name, collection=raw.status, collection_message=raw.message)
    device.identity.hostname, device.identity.os, device.identity.role = raw.hostname, raw.os, raw.role
    return device


def fault_result(fault: Fault, lang: str) -> CheckResult:
    """The `error` result a device gets when its analysis failed, or was stopped by its time budget."""
    from netinspect.core.i18n import labels
    text = labels(lang, "inspection")
    if fault.budget is not None:
        message = text["analysis.budget"].format(stage=fault.stage, seconds=f"{fault.budget:g}", judged=fault.judged)
    else:
        message = text["analysis.error"].format(stage=fault.stage, reason=fault.reason)
    return CheckResult(check="analysis", category="health", status="error", severity="high", message=message,
                       title=text["analysis.title"], observed=fault.reason,
                       extra={"fault": {"stage": fault.stage, "internal": fault.internal}})


def add_fault(d: DeviceResult, fault: Fault, lang: str) -> None:
    d.faults.append(fault)
    d.results.append(fault_result(fault, lang))


def run_devices_guarded(name: str, devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    """A suite's per-device checks; if they fail or overrun, again device by device, so only the culprit errs."""
    healthy = [d for d in devices if not d.faults]
    before = [len(d.results) for d in healthy]
    try:
        with time_budget(DEVICE_SECONDS * max(1, len(healthy))):
            run_devices(name, healthy, ctx)
        return
    except user_file_errors():
        raise
    except (Exception, BudgetExceeded):  # noqa: BLE001 - find the device at fault below
        for d, n in zip(healthy, before):
            del d.results[n:]
    for d, n in zip(healthy, before):
        try:
            with time_budget(DEVICE_SECONDS):
                run_devices(name, [d], ctx)
        except user_file_errors():
            raise
        except BudgetExceeded as exc:  # stopped: what was judged stays, the rest is reported not evaluated
            add_fault(d, fault_of(name, exc, judged=len(d.results)), ctx.lang)
        except Exception as exc:  # noqa: BLE001 - the barrier
            del d.results[n:]
            add_fault(d, fault_of(name, exc), ctx.lang)


def run_fleet_guarded(name: str, devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    """A suite's fleet-wide verdicts; a failure there is reported on every device it was to judge."""
    healthy = [d for d in devices if not d.faults]
    before = [len(d.results) for d in healthy]
    try:
        with time_budget(DEVICE_SECONDS * max(1, len(healthy))):
            run_fleet(name, healthy, ctx)
    except user_file_errors():
        raise
    except (Exception, BudgetExceeded) as exc:  # noqa: BLE001 - the barrier
        for d, n in zip(healthy, before):
            del d.results[n:]
            add_fault(d, fault_of(f"{name} (fleet)", exc), ctx.lang)


PARALLEL_FROM = 64  # devices; below this, starting worker processes costs more than it saves


def _jobs(jobs: int | None, count: int) -> int:
    jobs = jobs or min(os.cpu_count() or 1, 8)
    return 1 if count < PARALLEL_FROM else jobs


def normalize_all(raws: list[RawDevice], jobs: int | None = None) -> list[Normalized]:
    """normalize_guarded() over many devices, in worker processes when there are enough of them."""
    jobs = _jobs(jobs, len(raws))
    if jobs <= 1:
        return [normalize_guarded(raw) for raw in raws]
    with worker_pool(jobs) as pool:
        return list(pool.map(normalize_guarded, raws, chunksize=max(1, len(raws) // (jobs * 8))))


def _judge(raws: list[RawDevice], ctx: AnalysisContext, suites: list[str]) -> list[DeviceResult]:
    """Normalize these devices and run every suite's per-device checks on them, behind fault barriers."""
    devices = []
    for raw in raws:
        device, outcomes, fault = normalize_guarded(raw)
        devices.append(DeviceResult(raw=raw, device=device, commands=outcomes))
        if fault is not None:
            add_fault(devices[-1], fault, ctx.lang)
    for name in suites:
        run_devices_guarded(name, devices, ctx)
    for d in devices:
        group_causes(d)
        redact_results(d)
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
        redact_raw(d)
    return devices


def prepare_suites(ctx: AnalysisContext, suites: list[str]) -> None:
    """Each suite checks its own inputs once, in this process (errors reach the caller)."""
    for name in suites:
        prepare = getattr(_suite(name), "prepare", None)
        if prepare is not None:
            prepare(ctx)


EARLY_FROM = PARALLEL_FROM  # devices; below this many collected, they are judged after the collection, here
EARLY_BATCH = 4  # devices sent to a worker at once


class EarlyJudge:
    """The `on_device` hook of a live collection: each device is judged (normalized, per-device suites)
    in worker processes while the others are still being collected; `analyse(early=...)` takes the results.

    The suites are prepared on construction (errors reach the caller before any connection). A fleet of
    fewer than `EARLY_FROM` devices (see `expect`) is judged at the end, in this process, as judge_all does. Use it as a context manager: the pool is shut down on every path.
    """

    def __init__(self, ctx: AnalysisContext, suites: list[str], jobs: int | None = None) -> None:
        prepare_suites(ctx, suites)
        self.ctx, self.suites, self.jobs = ctx, list(suites), jobs
        self._waiting: list[RawDevice] = []  # arrived, not sent to a worker
        self._sent: list[tuple[list[RawDevice], Future[list[DeviceResult]]]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._failed = False  # the pool could not take a device: the rest is judged at the end
        self._expected = 0  # devices to be collected, when the collector says (expect)

    def __enter__(self) -> EarlyJudge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def sent(self) -> int:
        """Devices handed to a worker so far."""
        return sum(len(raws) for raws, _ in self._sent)

    def expect(self, count: int) -> None:
        """The number of devices about to be collected: from EARLY_FROM, each batch goes to the workers as it
        fills (otherwise the workers start once EARLY_FROM devices have arrived)."""
        self._expected = count

    def __call__(self, raw: RawDevice) -> None:
        """A device has been collected (called by the collector; never raises into it)."""
        self._waiting.append(raw)
        if self._failed or (self._pool is None and max(self._expected, len(self._waiting)) < EARLY_FROM):
            return
        if len(self._waiting) >= EARLY_BATCH or self._pool is None:
            self._send(everything=False)

    def _send(self, everything: bool) -> None:
        """Waiting devices to the workers, EARLY_BATCH at a time (the last batch may be short if `everything`)."""
        try:
            if self._pool is None:
                workers = self.jobs or min(os.cpu_count() or 1, 8)
                if workers <= 1:
                    self._failed = True  # one core: judged at the end, in this process
                    return
                self._pool = worker_pool(workers)
            while len(self._waiting) >= EARLY_BATCH or (everything and self._waiting):
                raws, self._waiting = self._waiting[:EARLY_BATCH], self._waiting[EARLY_BATCH:]
                self._sent.append((raws, self._pool.submit(_judge_chunk, raws, self.ctx, self.suites)))
        except Exception:  # noqa: BLE001 - a pool that cannot start or take work: judged at the end instead
            self._failed = True

    def judge(self, raws: list[RawDevice]) -> list[DeviceResult]:
        """Every device's per-device verdicts, in the order of `raws`, as judge_all(raws, ...) gives them:
        the results of the workers for the devices they judged, judge_all for the others."""
        sent = {id(raw) for part, _ in self._sent for raw in part}
        self._waiting = [raw for raw in raws if id(raw) not in sent]
        if self._pool is not None and not self._failed:
            self._send(everything=True)  # the last ones, to the same workers
        judged: dict[int, DeviceResult] = {}
        for part, future in self._sent:
            try:
                results = future.result()
            except user_file_errors():
                raise
            except Exception:  # noqa: BLE001 - a worker lost (killed, out of memory): judged again below
                continue
            for raw, d in zip(part, results, strict=True):
                d.raw = raw
                redact_raw(d)
                judged[id(raw)] = d
        self.close()
        rest = [raw for raw in raws if id(raw) not in judged]
        judged.update(zip(map(id, rest), judge_all(rest, self.ctx, self.suites, self.jobs)))
        return [judged[id(raw)] for raw in raws]

    def close(self) -> None:
        """Stop the workers, cancelling work not started; safe to call again."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def analyse(source: SourceResult, source_kind: str, ctx: AnalysisContext, suites: list[str],
            started: str | None = None, jobs: int | None = None, early: EarlyJudge | None = None) -> Run:
    """Normalize every device the source read and run the requested suites over them.

    A source with `log_paths` (a large folder of session logs) is read here, in worker processes, and
    its devices are judged there and written to a spool on disk as they finish (without their raw
    text); the run's `devices` is then that spool, read one device at a time. `source.devices` (names,
    platforms, collection status; no outputs) and `source.inputs` are filled in.
    With `early` (the on_device hook of the collection that made `source`, built on the same ctx and
    suites), the devices it already judged are not judged again.
    """
    started = started or now_iso()
    if early is None:
        prepare_suites(ctx, suites)
    devices: Sequence[DeviceResult]
    if source.log_paths:
        devices, views = _judge_logs(source, ctx, suites, jobs or min(os.cpu_count() or 1, 8))
    else:
        devices = early.judge(source.devices) if early is not None else judge_all(source.devices, ctx, suites, jobs)
        views = [fleet_view(d) for d in devices]
    for name in suites:
        run_fleet_guarded(name, views, ctx)
    merge_fleet(devices, views)
    run_id = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Run(id=run_id, started=started, finished=now_iso(), source=source_kind, lang=ctx.lang,
               site=ctx.site, inputs=source.inputs, devices=devices, baseline=_baseline_used(ctx, suites))


def _baseline_used(ctx: AnalysisContext, suites: list[str]) -> dict[str, str] | None:
    """The hardening baseline profile of the run (name and file), when the hardening suite ran with one."""
    profile = ctx.options.get("hardening_baseline")
    if profile is None or "hardening" not in suites:
        return None
    return {"name": profile.title(ctx.lang), "file": str(profile.path)}


def _judge_spooled(groups: list[tuple[str, list[str]]], ctx: AnalysisContext, suites: list[str],
                   folder: str) -> tuple[str, list[int], list[DeviceResult]]:
    """Rebuild spooled devices and judge them (in a worker); their results go to a file in `folder`.

    Outputs and configurations are not kept. -> (file, offset of each device, fleet views)."""
    from netinspect.core.spool import dump_all
    from netinspect.sources.logspool import build_spooled

    devices = _judge(build_spooled(groups), ctx, suites)
    for d in devices:
        for output in d.raw.outputs.values():
            output.text, output.earlier = "", []
        d.device.running_config = d.device.saved_config = None
    path, offsets = dump_all(devices, folder)
    return path, offsets, [fleet_view(d) for d in devices]


def _judge_logs(source: SourceResult, ctx: AnalysisContext, suites: list[str],
                jobs: int) -> tuple[Spool[DeviceResult], list[DeviceResult]]:
    """Read, judge and spool a folder of logs in worker processes; -> (the devices' spool, fleet views)."""
    from netinspect.sources.logspool import spool_logs

    devices: Spool[DeviceResult] = Spool()
    views: list[DeviceResult] = []
    with worker_pool(max(1, jobs)) as pool:
        spool = spool_logs(source.log_paths, pool, max(1, jobs))
        try:
            hosts = list(spool.hosts.items())
            size = max(1, min(16, len(hosts) // (max(1, jobs) * 4)))
            parts = pool.map(_judge_spooled, [hosts[i:i + size] for i in range(0, len(hosts), size)],
                             repeat(ctx), repeat(suites), repeat(devices.folder))
            for path, offsets, part in parts:  # in order, as each part finishes
                devices.adopt(path, offsets)
                views.extend(part)
        finally:
            spool.close()
    source.devices = [v.raw for v in views]
    source.inputs = spool.inputs({v.name: v.raw for v in views})
    return devices, views
