"""Live collection against simulated devices: netinspect beside a plain netmiko script, in one run.

    python benchmarks/bench_collect.py [--sizes 60:20,240:60,1000:100] [--latency-ms 200] [--log FILE]
                                        [--analyse [--transport asyncssh] [--early-from N]]
    python benchmarks/bench_collect.py --sim shared [--sizes 240:60,600:200] [--rounds 3] [--clients ...]

`--sim shared` measures the command line against the independent simulator ../shared/bench/sim.py and its
peers (see benchmarks/shared_sim.py); without it, the figures below are against `netinspect lab serve`
(our own simulator) and call collect() in this process.

For each size N:WORKERS, serves N copies of one demo-fleet device (default: the Huawei S5735 log) from
`netinspect lab serve` in a separate process (simulator and collectors do not share one interpreter
lock), then collects the same commands three times, one after the other:

- `netmiko`: a plain netmiko thread pool, as a script would do it (ConnectHandler, send_command per
  command, disconnect), with netmiko's defaults;
- `netinspect`: netinspect.collect.ssh.collect with host-key checking on, first contact (empty
  known-hosts file);
- `netinspect-known`: the same again, now with every host key known;
- `asyncssh`: netinspect with `--transport asyncssh` (host keys known).

For each it prints the wall time, its ratio to the latency bound (N x commands x latency / workers) and
to the netmiko run, and the client CPU seconds per device (this process's user+system time; the
simulator's CPU is not counted). This machine is shared: compare the ratios of one run, not seconds.

With `--analyse` (`inspect -i` end to end, less the reports), the runs are instead, on `--transport`:

- `collect`: the collection alone (host keys known), for reference;
- `collect, then analyse`: pipeline.analyse after the collection (judge_all: every device judged at the end);
- `overlapped`: as `inspect -i` does it: each device judged by pipeline.EarlyJudge in worker processes
  while the others are collected (fleets of pipeline.EARLY_FROM devices or more; `--early-from` overrides it), then
  analyse(early=...). Its ratio to `collect, then analyse` is the effect (CPU s counts this process only,
  not the workers).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from netinspect.collect.inventory import InventoryDevice
from netinspect.collect.readonly import command_set
from netinspect.collect.ssh import collect
from netinspect.lab.fleet import FLEET_DIR, load_fleet
from netinspect.platforms import get_platform


def _serve(fleet_file: Path, endpoints_file: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-c", "from netinspect.cli.app import app; app()", "lab", "serve",
           "--fleet", str(fleet_file), "--endpoints-json", str(endpoints_file)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(path: Path, server: subprocess.Popen[bytes], timeout: float = 300) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and path.stat().st_size:
            return json.loads(path.read_text(encoding="utf-8"))
        if server.poll() is not None:
            raise SystemExit("simulator exited before listening")
        time.sleep(0.2)
    raise SystemExit("simulator did not start in time")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _measure(run: Callable[[], int]) -> tuple[float, float, int]:
    """(wall seconds, client CPU seconds, devices collected ok) of one collection."""
    cpu, started = _cpu(), time.monotonic()
    ok = run()
    return time.monotonic() - started, _cpu() - cpu, ok


def plain_netmiko(inventory: list[InventoryDevice], driver: str, commands: tuple[str, ...], workers: int) -> int:
    """What a plain netmiko script does: one thread per device, send_command for each command."""
    from netmiko import ConnectHandler

    def one(device: InventoryDevice) -> bool:
        try:
            conn = ConnectHandler(device_type=driver, host=device.host, port=device.port,
                                  username=device.username, password=device.password)
            for command in commands:
                conn.send_command(command)
            conn.disconnect()
            return True
        except Exception:  # noqa: BLE001 (counted as not collected)
            return False

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(one, inventory))


def netinspect_collect(inventory: list[InventoryDevice], workers: int, known_hosts: Path,
                       transport: str = "netmiko") -> int:
    with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):  # no progress line per device
        source = collect(inventory, workers=workers, connect_timeout=30, command_timeout=60,
                         known_hosts=known_hosts, host_key_check=True, progress=False, transport=transport)
    return sum(1 for d in source.devices if d.status == "ok")


def collect_analyse(inventory: list[InventoryDevice], workers: int, known_hosts: Path, transport: str,
                    overlapped: bool) -> int:
    """Collection and analysis (health, hardening, version), judging during the collection or after it."""
    from netinspect import pipeline
    from netinspect.checks.context import AnalysisContext

    ctx, suites = AnalysisContext(lang="en"), ["health", "hardening", "version"]
    with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet), \
            pipeline.EarlyJudge(ctx, suites) as early:
        early.expect(len(inventory))  # as collect_inventory tells it
        source = collect(inventory, workers=workers, connect_timeout=30, command_timeout=60, known_hosts=known_hosts,
                         host_key_check=True, progress=False, transport=transport,
                         on_device=early if overlapped else None)
        run = pipeline.analyse(source, "ssh", ctx, suites, early=early if overlapped else None)
    return sum(1 for d in run.devices if d.raw.status == "ok" and not d.faults)


def analyse_runs(inventory: list[InventoryDevice], workers: int, known: Path,
                 transport: str) -> dict[str, tuple[float, float, int]]:
    netinspect_collect(inventory, workers, known, transport)  # host keys learnt, not timed
    return {
        "collect": _measure(lambda: netinspect_collect(inventory, workers, known, transport)),
        "collect, then analyse": _measure(lambda: collect_analyse(inventory, workers, known, transport, False)),
        "overlapped": _measure(lambda: collect_analyse(inventory, workers, known, transport, True)),
    }


def bench_size(n: int, workers: int, latency_ms: float, log: Path, analyse: str | None = None) -> None:
    template = load_fleet([log]).devices[0]
    platform = get_platform(template.os)
    commands = command_set(platform)
    typed = len(commands) + len(platform.setup)  # every command is one round trip with latency
    bound = n * typed * latency_ms / 1000 / workers
    with tempfile.TemporaryDirectory() as tmp:
        fleet_file, endpoints_file = Path(tmp) / "fleet.yaml", Path(tmp) / "endpoints.json"
        fleet_file.write_text(yaml.safe_dump({
            "defaults": {"log": str(log.resolve()), "latency_ms": latency_ms},
            "devices": [{"name": f"DEV-{i:05d}"} for i in range(n)]}), encoding="utf-8")
        server = _serve(fleet_file, endpoints_file)
        try:
            endpoints = _wait_for(endpoints_file, server)
            inventory = [InventoryDevice(name, "127.0.0.1", template.os, port=port, username=template.username,
                                         password=template.password) for name, port in endpoints.items()]
            known = Path(tmp) / "known_hosts"
            runs = analyse_runs(inventory, workers, known, analyse) if analyse else {
                "netmiko": _measure(lambda: plain_netmiko(inventory, platform.netmiko, commands, workers)),
                "netinspect": _measure(lambda: netinspect_collect(inventory, workers, known)),
                "netinspect-known": _measure(lambda: netinspect_collect(inventory, workers, known)),
                "asyncssh": _measure(lambda: netinspect_collect(inventory, workers, known, "asyncssh")),
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    base_wall, base_cpu, _ = runs["collect, then analyse" if analyse else "netmiko"]
    print(f"\n{n} devices, {workers} workers, {typed} commands x {latency_ms:g} ms; latency bound {bound:.1f} s")
    base = "/then" if analyse else "/netmiko"
    print(f"{'run':22} {'ok':>6} {'wall s':>8} {'/bound':>7} {base:>9} {'CPU s/device':>13} {base:>9}")
    for name, (wall, cpu, ok) in runs.items():
        print(f"{name:22} {ok:>6} {wall:8.1f} {wall / bound:7.2f} {wall / base_wall:9.2f} "
              f"{cpu / n:13.3f} {cpu / max(base_cpu, 1e-9):9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="60:20,240:60,1000:100", help="N:WORKERS, comma-separated")
    parser.add_argument("--latency-ms", type=float, default=200)
    parser.add_argument("--log", type=Path, default=FLEET_DIR / "huawei_s5735_access.log")
    parser.add_argument("--analyse", action="store_true",
                        help="time collection + analysis, judging during the collection or after it")
    parser.add_argument("--transport", default="netmiko", choices=("netmiko", "asyncssh"), help="with --analyse")
    parser.add_argument("--early-from", type=int, help="with --analyse: pipeline.EARLY_FROM (devices)")
    parser.add_argument("--sim", choices=("lab", "shared"), default="lab",
                        help="lab: netinspect lab serve, collect() in-process; shared: the CLI against ../shared/bench")
    parser.add_argument("--rounds", type=int, default=3, help="with --sim shared: alternated rounds")
    parser.add_argument("--clients", default="netmiko tuned,asyncssh plain,netinspect,netinspect asyncssh",
                        help="with --sim shared: comma-separated clients")
    args = parser.parse_args()
    if args.sim == "shared":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from shared_sim import bench

        sizes = [tuple(int(x) for x in s.split(":")) for s in
                 (args.sizes if args.sizes != parser.get_default("sizes") else "240:60,600:200").split(",")]
        bench(sizes, args.clients.split(","), args.rounds, args.latency_ms)  # type: ignore[arg-type]
        return
    if args.early_from is not None:
        from netinspect import pipeline

        pipeline.EARLY_FROM = args.early_from
    print(f"cpus={os.cpu_count()} log={args.log.name}")
    for size in args.sizes.split(","):
        n, workers = (int(x) for x in size.split(":"))
        bench_size(n, workers, args.latency_ms, args.log, args.transport if args.analyse else None)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak_rss_collectors_mb={peak:.0f}")


if __name__ == "__main__":
    main()
