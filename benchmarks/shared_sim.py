"""`bench_collect.py --sim shared`: netinspect's CLI against the independent yardstick (../shared/bench).

For each size N:WORKERS, N devices (N/6 copies of six demo-fleet devices of different platforms, as fleet
files of the shared simulator `sim.py`, 200 ms per command) are collected by each client, every client
against a fresh simulator, in alternated order for `rounds` rounds:

- `netmiko tuned`: ../shared/bench/peer_netmiko.py tuned (the user's best netmiko pool);
- `asyncssh plain`: benchmarks/peers/peer_asyncssh.py (a plain asyncssh script, asyncssh's defaults);
- `netinspect`: `netinspect collect -i ... -q` (the CLI, its default transport);
- `netinspect asyncssh` / `netinspect netmiko`: the same with `--transport`.

Per run: wall (process start to exit), client CPU per device (the client process and its waited-for
children, os.wait4), the collection phase (start to the last line the simulator received), the tail (last
line received to exit), failures (devices not ok) and commands per device (the simulator's log).
Printed: median and spread (min-max) per client and the ratio of medians to `netmiko tuned`. The machine
is shared: quote ratios of one run only, with the load averages printed before and after.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PICK = {  # demo-fleet log -> (simulator style, short name); six platforms/models
    "cisco_c2960x_access.log": ("ios", "C2960"), "cisco_c9300_dist.log": ("ios", "C9300"),
    "h3c_s5120_access.log": ("comware", "S5120"), "h3c_s6850_core.log": ("comware", "S6850"),
    "huawei_s5735_access.log": ("vrp", "S5735"), "huawei_ac6605.log": ("vrp", "AC6605"),
}


def bench_dir() -> Path:
    if os.environ.get("BENCH_DIR"):
        return Path(os.environ["BENCH_DIR"])
    for parent in REPO.parents:
        if (parent / "shared" / "bench" / "sim.py").is_file():
            return parent / "shared" / "bench"
    raise SystemExit("shared/bench not found next to the repository: set BENCH_DIR")


def make_fleet(folder: Path, n: int) -> list[dict]:
    """N fleet files for sim.py; returns the devices [{name, os, port offset}] in port order."""
    from netinspect.lab.fleet import FLEET_DIR, load_fleet

    templates = []
    for log, (style, short) in PICK.items():
        device = load_fleet([FLEET_DIR / log]).devices[0]
        templates.append((device, style, short))
    folder.mkdir(parents=True)
    devices = []
    for i in range(n):
        device, style, short = templates[i % len(templates)]
        name = f"{short}-{i:04d}"
        data = {"name": name, "os": device.os, "style": style, "commands": device.outputs}
        (folder / f"{i:05d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        devices.append({"name": name, "os": device.os})
    return devices


def start_sim(fleet: Path, n: int, log: Path, latency_ms: float) -> tuple[subprocess.Popen, dict[str, int]]:
    """A fresh simulator on N free consecutive ports below the ephemeral range (tries three ranges)."""
    for _ in range(3):
        started = _start_sim(fleet, random.randint(10000, 32000 - n), log, latency_ms)
        if started is not None:
            return started
    raise SystemExit("the simulator did not start (three port ranges tried)")


def _start_sim(fleet: Path, port: int, log: Path, latency_ms: float) -> tuple[subprocess.Popen, dict[str, int]] | None:
    sim = subprocess.Popen([sys.executable, str(bench_dir() / "sim.py"), str(fleet), str(port), str(log),
                            "--latency", str(latency_ms)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
    ports = {}
    for line in sim.stdout:  # type: ignore[union-attr]
        if line.strip() == "ready":
            return sim, ports
        p, name, _ = line.split()
        ports[name] = int(p)
    sim.wait()
    return None


def stop(sim: subprocess.Popen) -> None:
    sim.terminate()
    try:
        sim.wait(timeout=30)
    except subprocess.TimeoutExpired:
        sim.kill()
        sim.wait()


def client_command(client: str, devices_json: Path, inventory: Path, workers: int, rundir: Path) -> list[str]:
    if client == "netmiko tuned":
        return [sys.executable, str(bench_dir() / "peer_netmiko.py"), str(devices_json), str(workers), str(rundir),
                "tuned"]
    if client == "asyncssh plain":
        return [sys.executable, str(REPO / "benchmarks" / "peers" / "peer_asyncssh.py"), str(devices_json),
                str(workers), str(rundir)]
    command = [str(Path(sys.executable).parent / "netinspect"), "collect", "-i", str(inventory), "-o", str(rundir),
               "--workers", str(workers), "--no-host-key-check", "-q", "--lang", "en"]
    if client != "netinspect":
        command += ["--transport", client.split()[1]]
    return command


def failures(client: str, rundir: Path, n: int) -> tuple[int, list[str]]:
    """Devices not collected ok, and the messages of those that failed or needed a retry."""
    if client.startswith("netinspect"):
        manifest = json.loads((rundir / "manifest.json").read_text(encoding="utf-8"))
        notes = [f"{d['name']}: {d['status']}: {d['message']}" for d in manifest["devices"] if d.get("message")]
        return n - sum(1 for d in manifest["devices"] if d["status"] == "ok"), notes
    results = json.loads((rundir / "results.json").read_text(encoding="utf-8"))
    notes = [f"{k}: {v['status']}: {v.get('message')}" for k, v in results.items() if v["status"] != "ok"]
    return n - sum(1 for v in results.values() if v["status"] == "ok"), notes


def run_once(client: str, fleet: Path, devices: list[dict], workers: int, latency_ms: float, tmp: Path) -> dict:
    tag = f"{client.replace(' ', '_')}-{time.monotonic_ns()}"
    log, rundir = tmp / f"{tag}.sim.jsonl", tmp / tag
    sim, ports = start_sim(fleet, len(devices), log, latency_ms)
    try:
        listed = [{"name": d["name"], "port": ports[d["name"]], "os": d["os"]} for d in devices]
        devices_json = tmp / f"{tag}.devices.json"
        devices_json.write_text(json.dumps(listed), encoding="utf-8")
        inventory = tmp / f"{tag}.inventory.yaml"
        inventory.write_text(yaml.safe_dump({
            "defaults": {"username": "inspector", "password_env": "BENCH_SIM_PASSWORD", "host": "127.0.0.1"},
            "devices": [{"name": d["name"], "host": "127.0.0.1", "port": d["port"], "platform": d["os"]}
                        for d in listed]}), encoding="utf-8")
        env = {**os.environ, "BENCH_SIM_PASSWORD": os.environ.get("BENCH_SIM_PASSWORD", "bench"),
               "PYTHONPATH": str(bench_dir())}
        errfile = tmp / f"{tag}.stderr"
        with open(errfile, "wb") as err:
            started = time.time()
            proc = subprocess.Popen(client_command(client, devices_json, inventory, workers, rundir), env=env,
                                    stdout=subprocess.DEVNULL, stderr=err, cwd=str(bench_dir()))
            _, _, usage = os.wait4(proc.pid, 0)
            ended = time.time()
        proc.returncode = 0
        stderr = errfile.read_text(errors="replace")
    finally:
        stop(sim)
    lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines() if x.strip()]
    last = max((x["t"] for x in lines), default=ended)
    per_device: dict[str, int] = {}
    for x in lines:
        per_device[x["device"]] = per_device.get(x["device"], 0) + 1
    try:
        failed, notes = failures(client, rundir, len(devices))
    except (OSError, ValueError, KeyError):
        failed, notes = len(devices), [f"no result files; stderr: {stderr[-500:]}"]
    for note in notes[:5]:
        print(f"    {client}: {note}", flush=True)
    if len(notes) > 5:
        print(f"    {client}: ... {len(notes) - 5} more", flush=True)
    return {"wall": ended - started, "cpu_dev": (usage.ru_utime + usage.ru_stime) / len(devices),
            "phase": last - started, "tail": ended - last, "failed": failed,
            "cmds": statistics.median(per_device.values()) if per_device else 0}


def _spread(values: list[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}-{format(max(values), fmt)})"


def bench(sizes: list[tuple[int, int]], clients: list[str], rounds: int, latency_ms: float) -> None:
    print(f"cpus={os.cpu_count()} load_before={os.getloadavg()} simulator={bench_dir() / 'sim.py'} "
          f"latency={latency_ms:g} ms rounds={rounds}", flush=True)
    for n, workers in sizes:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            devices = make_fleet(tmp / "fleet", n)
            results: dict[str, list[dict]] = {c: [] for c in clients}
            for r in range(rounds):
                order = clients[r % len(clients):] + clients[:r % len(clients)]  # alternated
                for client in order:
                    res = run_once(client, tmp / "fleet", devices, workers, latency_ms, tmp)
                    results[client].append(res)
                    print(f"  round {r + 1} {client:22} wall {res['wall']:6.1f} s  cpu/dev {res['cpu_dev']*1000:6.1f} ms"
                          f"  tail {res['tail']:5.2f} s  failed {res['failed']}  load {os.getloadavg()[0]:.1f}",
                          flush=True)
            report(n, workers, latency_ms, results)
    print(f"load_after={os.getloadavg()}")


def report(n: int, workers: int, latency_ms: float, results: dict[str, list[dict]]) -> None:
    base = results.get("netmiko tuned")
    base_wall = statistics.median(r["wall"] for r in base) if base else None
    base_cpu = statistics.median(r["cpu_dev"] for r in base) if base else None
    print(f"\n{n} devices / {workers} workers, {latency_ms:g} ms per command, shared simulator; "
          f"median (min-max) of {len(next(iter(results.values())))} alternated rounds")
    print(f"| client | wall s | wall / tuned netmiko | CPU ms/device | CPU / tuned netmiko | collection phase s "
          f"| tail s | failed | commands/device |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for client, runs in results.items():
        walls, cpus = [r["wall"] for r in runs], [r["cpu_dev"] * 1000 for r in runs]
        wr = f"{statistics.median(walls) / base_wall:.2f}" if base_wall else "-"
        cr = f"{statistics.median(cpus) / (base_cpu * 1000):.2f}" if base_cpu else "-"
        print(f"| {client} | {_spread(walls, '.1f')} | {wr} | {_spread(cpus, '.0f')} | {cr} | "
              f"{_spread([r['phase'] for r in runs], '.1f')} | {_spread([r['tail'] for r in runs], '.2f')} | "
              f"{'/'.join(str(r['failed']) for r in runs)} | {statistics.median(r['cmds'] for r in runs):g} |",
              flush=True)
