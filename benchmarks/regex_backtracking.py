"""Time every TextFSM rule we use and every regex in data/*.yaml on adversarial lines.

    python benchmarks/regex_backtracking.py [LENGTH]

Prints the slowest (template, rule, line kind) first. A pattern whose time grows faster than the line
(double the length, more than double the time) backtracks; tests/test_regex_adversarial.py bounds it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.adversarial import adversarial_lines, used_patterns  # noqa: E402


def main(length: int = 4000) -> None:
    rows = []
    for origin, pattern in used_patterns():
        for kind, line in adversarial_lines(length):
            start = time.perf_counter()
            pattern.search(line)
            rows.append((time.perf_counter() - start, origin, kind))
    rows.sort(reverse=True)
    print(f"{len(rows)} (pattern, line) pairs, line length {length}")
    for seconds, origin, kind in rows[:15]:
        print(f"{seconds * 1000:9.2f} ms  {kind:12s} {origin}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
