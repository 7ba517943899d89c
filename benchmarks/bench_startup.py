"""Start-up cost of the command line: CPU seconds of `netinspect --help`, one shell-completion TAB and
`netinspect inspect --help`, each run `--runs` times in a fresh process; median and spread (min-max).

    python benchmarks/bench_startup.py [--runs 15]

CPU (user + system of the child, os.wait4) is what the targets are set in (issue 22: --help and a TAB
under 0.3 s, inspect --help under 0.4 s); wall time is printed beside it but depends on the machine's load.
Also lists the heavy libraries each one imported (there should be none).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).parent / "netinspect")
HEAVY = ("openpyxl", "hier_config", "weasyprint", "netmiko", "paramiko", "asyncssh", "jinja2", "pydantic",
         "textfsm", "importlib.metadata")
CASES = {
    "netinspect --help": ([EXE, "--help"], {}, 0.3),
    "completion TAB (netinspect ins<TAB>)": ([EXE], {"_NETINSPECT_COMPLETE": "complete_bash",
                                                     "COMP_WORDS": "netinspect ins", "COMP_CWORD": "1"}, 0.3),
    "netinspect inspect --help": ([EXE, "inspect", "--help"], {}, 0.4),
}
PROBE = ("import sys, runpy; sys.argv = {argv!r}; "
         "exec('try:\\n from netinspect.cli.app import main; main()\\nexcept SystemExit: pass'); "
         "print(' '.join(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)")


def once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run."""
    import time

    started = time.monotonic()
    proc = subprocess.Popen(argv, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime, time.monotonic() - started


def heavy_imported(argv: list[str], env: dict[str, str]) -> str:
    code = PROBE.format(argv=["netinspect", *argv[1:]], heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True)
    return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"cpus={os.cpu_count()} load={os.getloadavg()} runs={args.runs} python={sys.version.split()[0]}")
    print("| command | CPU s median (min-max) | target | wall s median (min-max) | heavy imports |")
    print("| --- | --- | --- | --- | --- |")
    failed = False
    for name, (argv, env, target) in CASES.items():
        once(argv, env)  # warm the file cache
        runs = [once(argv, env) for _ in range(args.runs)]
        cpu, wall = [r[0] for r in runs], [r[1] for r in runs]
        med = statistics.median(cpu)
        failed |= med >= target
        print(f"| {name} | {med:.3f} ({min(cpu):.3f}-{max(cpu):.3f}) | < {target:g} {'ok' if med < target else 'MISSED'} "
              f"| {statistics.median(wall):.3f} ({min(wall):.3f}-{max(wall):.3f}) | {heavy_imported(argv, env) or 'none'} |")
    print(f"load_after={os.getloadavg()}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
