"""Seconds per megabyte of the hostile inputs of issue 9 (the done-when: at most 1 s/MB each).

    python benchmarks/bench_hostile.py [MEGABYTES]

Each case is one log file or one YAML file; prints seconds and seconds per MB for read + analysis.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netinspect.checks.context import AnalysisContext  # noqa: E402
from netinspect.collect.inventory import load_inventory  # noqa: E402
from netinspect.pipeline import analyse
from netinspect.sources.logs import read_logs  # noqa: E402

HEAD = "<SW1>display version\nHuawei Versatile Routing Platform Software\n"


def cases(mb: float) -> dict[str, str]:
    size = int(mb * 1024 * 1024)
    return {
        "version: blanks before uptime": HEAD + " " * size + "S5735 uptime is 1 day\n<SW1>",
        "version: ESC[800C runs": HEAD + "\x1b[800C" * (size // 7) + " uptime is 1 day\n<SW1>",
        "paging: one line of blanks": HEAD + " " * size + "---- More ----\n<SW1>",
        "one command repeated": "".join("<SW1>display version\nHuawei Versatile Routing Platform Software\n"
                                        for _ in range(size // 64)) + "<SW1>",
        "one long line of tokens": HEAD + "ab " * (size // 3) + "\n<SW1>",
    }


def bench_log(text: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.log"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        source = read_logs([path])
        analyse(source, "logs", AnalysisContext(lang="en"), ["health", "hardening"])
        return time.perf_counter() - start


def bench_bomb() -> float:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bomb.yaml"
        path.write_text(bomb + "devices: *i\n", encoding="utf-8")
        start = time.perf_counter()
        load_inventory(path)
        return time.perf_counter() - start


def main(mb: float = 1.0) -> None:
    for name, text in cases(mb).items():
        seconds = bench_log(text)
        size = len(text.encode()) / 1024 / 1024
        print(f"{name:32s} {size:6.2f} MB  {seconds:7.2f} s  {seconds / size:6.2f} s/MB")
    print(f"{'YAML alias bomb (10^9 nodes)':32s} {'':6s}     {bench_bomb():7.2f} s")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
