"""CPU seconds per device of the analysis, by stage, in one process (no workers): where the time goes.

    python benchmarks/profile_device.py [N] [--cprofile out.prof] [--top 30]

Makes N logs the way benchmarks/bench_logs.py does (the demo fleet with distinct hostnames), reads them
here, then judges them CHUNK devices at a time as a worker does (normalize behind the fault barrier,
each suite's per-device checks, redaction; then the fleet-wide checks) and prints the CPU seconds
(time.process_time) of each stage per 1,000 devices. TextFSM parsing is timed inside normalize.
With --cprofile the judging runs under cProfile and the top functions (by own time) are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_logs import make_logs  # noqa: E402

import netinspect.parse.engine as parse_module  # noqa: E402
from netinspect.core.results import DeviceResult  # noqa: E402
from netinspect.pipeline import (  # noqa: E402
    AnalysisContext,
    _suite,
    add_fault,
    normalize_guarded,
    redact_results,
    run_devices_guarded,
    run_fleet_guarded,
)
from netinspect.sources.logs import read_logs  # noqa: E402
from netinspect.workflow import InspectOptions, suites_for  # noqa: E402

STAGES: dict[str, float] = defaultdict(float)


def _timed_parse(parse):  # type: ignore[no-untyped-def]
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        t0 = time.process_time()
        try:
            return parse(*args, **kwargs)
        finally:
            STAGES["  of which TextFSM runs"] += time.process_time() - t0
    return wrapper


CHUNK = 16  # devices a worker judges at a time (pipeline._judge_logs for a large fleet)


def judge(raws: list, ctx: AnalysisContext, suites: list[str]) -> list[DeviceResult]:  # type: ignore[type-arg]
    """What pipeline._judge does, CHUNK devices at a time, with each stage's CPU time added to STAGES."""
    devices: list[DeviceResult] = []
    for i in range(0, len(raws), CHUNK):
        chunk = []
        for raw in raws[i:i + CHUNK]:
            t0 = time.process_time()
            device, outcomes, fault = normalize_guarded(raw)
            STAGES["normalize (parse + facts)"] += time.process_time() - t0
            chunk.append(DeviceResult(raw=raw, device=device, commands=outcomes))
            if fault is not None:
                add_fault(chunk[-1], fault, ctx.lang)
        for name in suites:
            t0 = time.process_time()
            run_devices_guarded(name, chunk, ctx)
            STAGES[f"suite {name}"] += time.process_time() - t0
        t0 = time.process_time()
        for d in chunk:
            redact_results(d)
        STAGES["redact"] += time.process_time() - t0
        devices += chunk
    for name in suites:
        t0 = time.process_time()
        run_fleet_guarded(name, devices, ctx)
        STAGES[f"fleet {name}"] += time.process_time() - t0
    return devices


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=200)
    parser.add_argument("--cprofile", type=Path, help="write a cProfile of the judging here")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    parse_module._CompiledTemplate.parse = _timed_parse(parse_module._CompiledTemplate.parse)
    opts = InspectOptions(out=Path("unused"), formats=["json"], lang="zh")
    suites, ctx = suites_for(opts), AnalysisContext(lang="zh")
    with tempfile.TemporaryDirectory() as tmp:
        make_logs(Path(tmp), args.count)
        t0 = time.process_time()
        source = read_logs([Path(tmp)], jobs=1)
        read = time.process_time() - t0
    for name in suites:  # imports, rule and catalog loading: once per process, not per device
        t0 = time.process_time()
        prepare = getattr(_suite(name), "prepare", None)
        if prepare is not None:
            prepare(ctx)
        STAGES["prepare (once)"] += time.process_time() - t0
    warm = source.devices[: min(10, len(source.devices))]  # first use: imports, templates, caches
    t0 = time.process_time()
    judge([r for r in warm], ctx, suites)
    warmup = time.process_time() - t0
    STAGES.clear()
    profiler = cProfile.Profile() if args.cprofile else None
    if profiler:
        profiler.enable()
    t0 = time.process_time()
    judge(source.devices, ctx, suites)
    total = time.process_time() - t0
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.cprofile)
    n = len(source.devices)
    STAGES["read and split logs"] = read
    print(f"devices: {n}, suites: {suites}; warm-up (first 10 devices, once per process): {warmup:.2f} CPU-s")
    print(f"{'stage':32} CPU-s per 1,000 devices")
    for stage, seconds in STAGES.items():
        print(f"{stage:32} {1000 * seconds / n:8.2f}")
    print(f"{'total (judge + redact)':32} {1000 * total / n:8.2f}" + ("   (under cProfile)" if profiler else ""))
    if profiler:
        pstats.Stats(str(args.cprofile)).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
