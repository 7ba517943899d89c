"""Issue 9: no regular expression we use backtracks. Every TextFSM rule (ours and the ntc-templates our
command sets use) and every regex-like string of data/*.yaml is fed long runs of blanks, of one character
and of repeated tokens; each match must stay far under a second. Generous bounds: figures are in
benchmarks/regex_backtracking.py."""

from __future__ import annotations

import time

import pytest

from netinspect.parse.engine import MAX_LINE, tame
from tests.adversarial import adversarial_lines, used_patterns

LENGTH = 20_000  # characters: 5x a real screen-wide table row, 20x the 1,000 a quadratic pattern shows at
BOUND = 0.5  # seconds per (pattern, line); a linear pattern takes microseconds to a millisecond here


def _is_template(origin: str) -> bool:
    return ".textfsm:" in origin


def _searched(origin: str) -> bool:
    """Patterns the code runs with search/finditer over device text: secret forms, paging, OS detection,
    the end markers and counts of whole outputs (parse_requirements.yaml `complete`)."""
    return (origin.startswith(("redaction.yaml", "platforms.yaml", "parse_requirements.yaml")) or "More" in origin
            or "IOS" in origin)


def test_every_template_and_data_pattern_is_covered() -> None:
    origins = [o for o, _ in used_patterns()]
    assert any("huawei_vrp_display_version.textfsm" in o for o in origins)
    assert any("cisco_ios_show_inventory.textfsm" in o for o in origins)  # an ntc-templates one
    # a template of a command whose reader reads the text itself never runs and is not listed
    assert not any("cisco_asa_show_failover.textfsm" in o for o in origins)
    assert any(o.startswith("prompts.yaml") for o in origins)
    assert any(o.startswith("redaction.yaml") for o in origins)
    assert len(origins) > 500


@pytest.mark.parametrize("length", [LENGTH])
def test_no_pattern_backtracks_on_adversarial_lines(length: int) -> None:
    slow = []
    for origin, pattern in used_patterns():
        for kind, line in adversarial_lines(length):
            # TextFSM sees tamed text and matches at the start; data patterns are searched, the worst case,
            # except those matched at the start of a line or a short field (login markers, names)
            text = tame(line) if _is_template(origin) else line
            start = time.perf_counter()
            (pattern.search if _searched(origin) else pattern.match)(text)
            seconds = time.perf_counter() - start
            if seconds > BOUND:
                slow.append(f"{seconds:.2f}s {kind} {origin}")
    assert slow == []


def test_tame_bounds_blank_runs_and_line_length() -> None:
    text = tame("a" + " " * 10_000 + "b\n" + "x" * (MAX_LINE * 3) + "\nlast")
    lines = text.splitlines()
    assert lines[0] == "a" + " " * 64 + "b" and len(lines[1]) == MAX_LINE and lines[2] == "last"
    assert tame("Port  Name   Status\n") == "Port  Name   Status\n"
