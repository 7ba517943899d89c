"""Live collection throughput against N simulated devices on loopback.

    python benchmarks/bench_collect.py N LATENCY_MS WORKERS [--log FILE]

Serves N copies of one demo-fleet device (default: the Huawei S5735 log) from `netinspect lab serve`
in a separate process (so simulator and collector do not share one interpreter lock), collects them
with netinspect.sources.ssh.collect, and prints devices per minute, the ratio of the measured wall time
to the ideal (N x per-device time / workers, per-device time = commands typed x latency), and the
peak memory (max RSS) of the collector and of the simulator.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from netinspect.inventory import InventoryDevice
from netinspect.lab.fleet import FLEET_DIR, load_fleet
from netinspect.platforms import get_platform
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("latency_ms", type=float)
    parser.add_argument("workers", type=int)
    parser.add_argument("--log", type=Path, default=FLEET_DIR / "huawei_s5735_access.log")
    args = parser.parse_args()

    template = load_fleet([args.log]).devices[0]
    platform = get_platform(template.os)
    typed = len(platform.commands) + len(platform.setup)  # every command is one round trip with latency
    per_device = typed * args.latency_ms / 1000
    with tempfile.TemporaryDirectory() as tmp:
        fleet_file, endpoints_file = Path(tmp) / "fleet.yaml", Path(tmp) / "endpoints.json"
        fleet_file.write_text(yaml.safe_dump({
            "defaults": {"log": str(args.log.resolve()), "latency_ms": args.latency_ms},
            "devices": [{"name": f"DEV-{i:05d}"} for i in range(args.n)]}), encoding="utf-8")
        server = _serve(fleet_file, endpoints_file)
        try:
            endpoints = _wait_for(endpoints_file, server)
            inventory = [InventoryDevice(name, "127.0.0.1", template.os, port=port, username=template.username,
                                         password=template.password) for name, port in endpoints.items()]
            started = time.monotonic()
            source = collect(inventory, workers=args.workers, connect_timeout=30, command_timeout=60,
                             known_hosts=None, host_key_check=False, progress=False)
            wall = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    statuses: dict[str, int] = {}
    for device in source.devices:
        statuses[device.status] = statuses.get(device.status, 0) + 1
    ideal = args.n * per_device / args.workers
    mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"devices={args.n} latency_ms={args.latency_ms:g} workers={args.workers} cpus={os.cpu_count()}")
    print(f"commands_per_device={typed} per_device_ideal_s={per_device:.2f} statuses={statuses}")
    print(f"wall_s={wall:.1f} ideal_s={ideal:.1f} wall_to_ideal={wall / ideal:.2f}")
    print(f"devices_per_minute={args.n / wall * 60:.0f}")
    print(f"peak_rss_collector_mb={mine:.0f} peak_rss_simulator_mb={child:.0f}")


if __name__ == "__main__":
    main()
