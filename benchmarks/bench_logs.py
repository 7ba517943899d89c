"""Time to analyse a folder of N device session logs (default 1,000), and peak memory.

    python benchmarks/bench_logs.py [N] [--formats json,html,md,xlsx]

The logs are copies of the demo fleet's session logs (netinspect/lab/fleet/*.log) with distinct
hostnames, so every platform's parsers and checks take part. The logs go the way `netinspect inspect
--logs` takes them (read, parsed and judged in worker processes, then the reports); prints the time of
each stage, devices per second, the cores used and the peak memory of all processes together.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procstat import ProcessTree  # noqa: E402

from netinspect.checks.context import AnalysisContext  # noqa: E402
from netinspect.pipeline import analyse
from netinspect.report.inspection import write_reports  # noqa: E402
from netinspect.sources import load  # noqa: E402
from netinspect.workflow import InspectOptions, suites_for  # noqa: E402

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"
PROMPT = re.compile(r"^(HRP_[MS]|RBM_[PS])?([<\[])([^>\]\s]+)([>\]])|^([A-Za-z][\w.\-]*)([#>])", re.MULTILINE)


def make_logs(folder: Path, count: int) -> int:
    """Write `count` logs, cycling through the fleet with new hostnames. Returns total bytes."""
    templates = sorted(FLEET.glob("*.log"))
    if not templates:
        raise SystemExit(f"no fleet logs in {FLEET}")
    texts = [(p.read_text(encoding="utf-8"), p.stem) for p in templates]
    total = 0
    for i in range(count):
        text, stem = texts[i % len(texts)]
        host = _hostname(text)
        data = text.replace(host, f"{host}-{i:04d}")
        path = folder / f"{stem}-{i:04d}.log"
        path.write_text(data, encoding="utf-8")
        total += len(data.encode("utf-8"))
    return total


def _hostname(text: str) -> str:
    match = PROMPT.search(text)
    if not match:
        raise SystemExit("fleet log without a prompt")
    return match.group(3) or match.group(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--formats", default="json,html,md,xlsx")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        logs, out = Path(tmp) / "logs", Path(tmp) / "out"
        logs.mkdir()
        size = make_logs(logs, args.count)
        with ProcessTree() as tree:
            t0 = time.perf_counter()
            source, _ = load(logs=[logs], stream=True)  # as `inspect --logs` does
            t1 = time.perf_counter()
            opts = InspectOptions(out=out, formats=args.formats.split(","), lang="zh")
            run = analyse(source, "logs", AnalysisContext(lang="zh"), suites_for(opts))
            t2 = time.perf_counter()
            write_reports(run, out, opts.formats)
            t3 = time.perf_counter()
    total = t3 - t0
    print(f"devices: {len(source.devices)} from {args.count} logs ({size / 1e6:.1f} MB), suites: {suites_for(opts)}")
    print(f"find logs:        {t1 - t0:7.2f} s")
    print(f"read, parse, check: {t2 - t1:5.2f} s   (in worker processes; streamed: {bool(source.log_paths)})")
    print(f"reports ({args.formats}): {t3 - t2:7.2f} s")
    print(f"total:            {total:7.2f} s   ({args.count / total:.1f} devices/s, "
          f"{1000 * total / max(1, args.count):.1f} ms per device)")
    print(f"cores used:       {tree.cpu_seconds / total:7.2f} of {os.cpu_count()} "
          f"({tree.cpu_seconds:.1f} CPU-s in all processes)")
    print(f"peak memory:      {tree.peak_rss_mb:7.0f} MB (all processes together, sampled every 0.1 s)")


if __name__ == "__main__":
    main()
