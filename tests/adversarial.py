"""Adversarial input for regex review: every rule regex we use and the lines that make regexes backtrack.

Shared by tests/test_regex_adversarial.py (bounded time) and benchmarks/regex_backtracking.py (figures).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import textfsm
import yaml

from netinspect.core.paths import DATA_DIR, parsers_dir
from netinspect.normalize import handler_for
from netinspect.parse.engine import find_template
from netinspect.platforms import all_platforms

REGEX_HINT = re.compile(r"\\[sSdDwWb]|\[[^\]]*\]|\.\*|\.\+|\(\?|[+*]\)?\$?")


def adversarial_lines(length: int) -> list[tuple[str, str]]:
    """(kind, line): long runs of blanks, of one character and of repeated tokens, with a bad tail."""
    half = length // 2
    return [
        ("blanks", " " * length + "x"),
        ("blanks-mid", "a" + " " * length + "b!"),
        ("tabs-mid", "X\t" + "\t " * half + "?"),
        ("one-char", "a" * length + "!"),
        ("digits", "1" * length + "x"),
        ("dashes", "-" * length + "x"),
        ("dots", "." * length + "\x00"),
        ("colons", ":" * length + " x"),
        ("tokens", "ab " * (length // 3) + "!"),
        ("num-tokens", "1 " * half + "x"),
        ("word-blank", "GE0/0/1 " * (length // 8) + "\x1b"),
        ("kv", "a: b, " * (length // 6) + "="),
        ("csi", "\x1b[800C" * (length // 6)),
        ("uptime", "HUAWEI" + " " * length + "S5735 uptime is"),
    ]


def template_paths() -> list[Path]:
    """Our templates and the ntc-templates ones our command sets resolve to (not those of a command whose
    reader reads the text itself: they never run, e.g. ntc-templates' cisco_asa show failover)."""
    paths = {p.resolve() for p in parsers_dir().glob("*.textfsm")}
    for platform in all_platforms().values():
        for spec in platform.commands:
            registration = handler_for(platform.os, spec.command)
            if registration is not None and not registration.textfsm:
                continue
            entry = find_template(platform.textfsm_platforms, spec.command)
            if entry is not None:
                paths.update(t.resolve() for t in entry.templates)
    return sorted(paths)


def _template_patterns(path: Path) -> Iterator[tuple[str, re.Pattern[str]]]:
    with path.open(encoding="utf-8") as handle, warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        fsm = textfsm.TextFSM(handle)
    for state, rules in fsm.states.items():
        for rule in rules:
            yield f"{path.name}:{state}:{rule.match}", rule.regex_obj.regex


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _data_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in dict.fromkeys(_strings(data)):
            if not REGEX_HINT.search(text):
                continue
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    yield f"{path.relative_to(DATA_DIR)}: {text[:60]}", re.compile(text, re.IGNORECASE)
            except (re.error, ValueError):
                continue


def used_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(origin, compiled) for every template rule and every regex-like string in data files."""
    out: list[tuple[str, re.Pattern[str]]] = []
    for path in template_paths():
        out += list(_template_patterns(path))
    out += list(_data_patterns())
    return out
