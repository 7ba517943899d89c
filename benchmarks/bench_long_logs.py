"""Issue 24: long session logs are analysed in time linear in their size.

    python benchmarks/bench_long_logs.py [SCALE]

Each case is a real H3C session log (netinspect/lab/fleet/h3c_s6850_core.log) whose log buffer is made
long in one hostile way, at 1x, 10x and 100x (x SCALE); prints seconds for read + analysis (health and
hardening), MB, s/MB, and each size's time over the 1x time divided by the size ratio (1.0 = linear;
the done-when of issue 24 asks for at most 1.5).

A blank line costs about 1 microsecond, more per byte than text (about 0.5 us per byte), so for
"blank-lines-first" the ratio per byte grows as the blank lines outweigh the 0.1 MB log around them: it
is linear in lines (200,000 blank lines 0.29 s, 2,000,000 blank lines 2.34 s, 2.1 MB).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netinspect.pipeline import AnalysisContext, analyse  # noqa: E402
from netinspect.sources.logs import read_logs  # noqa: E402

LOG = Path(__file__).resolve().parents[1] / "netinspect" / "lab" / "fleet" / "h3c_s6850_core.log"


def _base() -> tuple[list[str], int, list[str]]:
    lines = LOG.read_text(encoding="utf-8").splitlines()
    at = lines.index("<HZ-CORE-S6850>display logbuffer") + 7  # after the six header lines
    return lines, at, lines[at:at + 5]


def case(kind: str, n: int) -> str:
    """The session log with its buffer made long: `n` log lines, or `n` characters per repeated-word line."""
    lines, at, entries = _base()
    if kind == "buffer":  # the 40,000-line H3C buffer
        body = [entries[i % len(entries)] for i in range(n)]
    elif kind.startswith("word:"):  # ten lines of one word repeated (a looping process)
        word = kind[5:]
        body = [entries[0][:60] + " " + " ".join([word] * (n // (len(word) + 1))) for _ in range(10)]
    elif kind == "blank-lines-first":
        return "\n" * n + "\n".join(lines) + "\n"
    elif kind == "blank-between":
        body = [entries[i % len(entries)] for i in range(n)]
        return "\n\n".join(lines[:at] + body + lines[at + 5:]) + "\n"
    else:
        raise ValueError(kind)
    return "\n".join(lines[:at] + body + lines[at + 5:]) + "\n"


def seconds(text: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.log"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        analyse(read_logs([path]), "logs", AnalysisContext(lang="en"), ["health", "hardening"])
        return time.perf_counter() - start


CASES = {"buffer": 400, "word:IRF": 400, "word:fan": 400, "word:CPU usage": 400,
         "word:interface HundredGigE1/0/53": 400, "blank-lines-first": 2000, "blank-between": 400}


def main(scale: float = 1.0) -> None:
    seconds(case("buffer", 10))  # warm up: templates compiled once per process
    for kind, n in CASES.items():
        base = None
        for factor in (1, 10, 100):
            size = int(n * factor * scale)
            text = case(kind, size)
            took = seconds(text)
            mb = len(text.encode()) / 1e6
            base = base or (took, mb)
            ratio = (took / base[0]) / (mb / base[1]) if factor > 1 else 1.0
            print(f"{kind:34s} x{factor:<4d} {mb:7.2f} MB {took:7.2f} s {took / mb:6.2f} s/MB  vs linear {ratio:4.2f}",
                  flush=True)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
