"""Live collection against simulated devices: netinspect beside a plain netmiko script, in one run.

    python benchmarks/bench_collect.py [--sizes 60:20,240:60,1000:100] [--latency-ms 200] [--log FILE]

For each size N:WORKERS, serves N copies of one demo-fleet device (default: the Huawei S5735 log) from
`netinspect lab serve` in a separate process (simulator and collectors do not share one interpreter
lock), then collects the same commands three times, one after the other:

- `netmiko`: a plain netmiko thread pool, as a script would do it (ConnectHandler, send_command per
  command, disconnect), with netmiko's defaults;
- `netinspect`: netinspect.sources.ssh.collect with host-key checking on, first contact (empty
  known-hosts file);
- `netinspect-known`: the same again, now with every host key known;
- `asyncssh`: netinspect with `--transport asyncssh` (host keys known).

For each it prints the wall time, its ratio to the latency bound (N x commands x latency / workers) and
to the netmiko run, and the client CPU seconds per device (this process's user+system time; the
simulator's CPU is not counted). This machine is shared: compare the ratios of one run, not seconds.
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

from netinspect.inventory import InventoryDevice
from netinspect.lab.fleet import FLEET_DIR, load_fleet
from netinspect.platforms import get_platform
from netinspect.readonly import command_set
from netinspect.sources.ssh import collect


def _serve(fleet_file: Path, endpoints_file: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-c", "from netinspect.cli import app; app()", "lab", "serve",
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


def bench_size(n: int, workers: int, latency_ms: float, log: Path) -> None:
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
            runs = {
                "netmiko": _measure(lambda: plain_netmiko(inventory, platform.netmiko, commands, workers)),
                "netinspect": _measure(lambda: netinspect_collect(inventory, workers, known)),
                "netinspect-known": _measure(lambda: netinspect_collect(inventory, workers, known)),
                "asyncssh": _measure(lambda: netinspect_collect(inventory, workers, known, "asyncssh")),
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    base_wall, base_cpu, _ = runs["netmiko"]
    print(f"\n{n} devices, {workers} workers, {typed} commands x {latency_ms:g} ms; latency bound {bound:.1f} s")
    print(f"{'run':18} {'ok':>6} {'wall s':>8} {'/bound':>7} {'/netmiko':>9} {'CPU s/device':>13} {'/netmiko':>9}")
    for name, (wall, cpu, ok) in runs.items():
        print(f"{name:18} {ok:>6} {wall:8.1f} {wall / bound:7.2f} {wall / base_wall:9.2f} "
              f"{cpu / n:13.3f} {cpu / max(base_cpu, 1e-9):9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="60:20,240:60,1000:100", help="N:WORKERS, comma-separated")
    parser.add_argument("--latency-ms", type=float, default=200)
    parser.add_argument("--log", type=Path, default=FLEET_DIR / "huawei_s5735_access.log")
    args = parser.parse_args()
    print(f"cpus={os.cpu_count()} log={args.log.name}")
    for size in args.sizes.split(","):
        n, workers = (int(x) for x in size.split(":"))
        bench_size(n, workers, args.latency_ms, args.log)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak_rss_collectors_mb={peak:.0f}")


if __name__ == "__main__":
    main()
