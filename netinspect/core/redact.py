"""Remove secrets from configuration, output and log text before it is stored, logged or reported.

The secret forms live in ``data/redaction.yaml`` (a table per platform, with examples): each names the
secret part ``secret``, which becomes ``<redacted>``. Log lines that carry a typed command (Huawei
CMDRECORD, H3C SHELL_CMD, Cisco CFGLOG_LOGGEDCMD) have that command redacted as a line of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import yaml

from netinspect.core.paths import DATA_DIR

MASK = "<redacted>"
_KEEP = re.compile(r"<[A-Za-z0-9_\-]+>")  # placeholders (<ADMIN_PASSWORD>) and <redacted> stay


@dataclass(frozen=True)
class SecretForm:
    id: str
    platforms: tuple[str, ...]
    pattern: re.Pattern[str]
    examples: tuple[str, ...]
    embedded: bool = False  # a log line carrying a typed command (group `cmd`)
    command: str = ""  # the command or log message the secret comes from
    mask: str = "full"  # full: <redacted>; initial: first character kept, the rest one '*' each


@cache
def forms() -> tuple[SecretForm, ...]:
    """Every secret form of data/redaction.yaml, configuration forms first, then embedded commands."""
    data = yaml.safe_load((DATA_DIR / "redaction.yaml").read_text(encoding="utf-8"))
    out = []
    for key, embedded in (("forms", False), ("embedded", True)):
        for item in data.get(key, []):
            out.append(SecretForm(item["id"], tuple(item.get("platforms", [])),
                                  re.compile(item["pattern"], re.IGNORECASE), tuple(item.get("examples", [])),
                                  embedded, item.get("command", ""), item.get("mask", "full")))
    return tuple(out)


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """The configuration-line patterns (group `secret`), each with whether its mask keeps the initial."""
    return tuple((f.pattern, f.mask == "initial") for f in forms() if not f.embedded)


def _secret_group(match: re.Match[str]) -> tuple[int, int]:
    """The span of the group `secret` (or of `secret2`, `secret3`... that took part in the match)."""
    for name, value in match.groupdict().items():
        if value is not None and name.startswith("secret"):
            return match.span(name)
    return (0, 0)


# True: short texts redacted once per process, and lines without any secret form skipped by one search
# (same results); False: every text, every line, every form (tests compare the two).
FAST = True


@cache
def _any_form() -> re.Pattern[str] | None:
    """One regex that matches a line exactly when some secret form (any of forms()) matches it.

    A regex alternation matches at a position when one of its branches does, so a line this does not
    match anywhere is a line no form matches: it has no secret. None when the forms cannot be joined.
    """
    branches = []
    for form in forms():
        if re.search(r"\\[1-9]|\(\?P=|\(\?\(", form.pattern.pattern):  # refers to a group by number or name
            return None
        branches.append("(?:" + re.sub(r"\(\?P<\w+>", "(?:", form.pattern.pattern) + ")")
    try:
        return re.compile("|".join(branches), re.IGNORECASE)
    except re.error:
        return None


Span = tuple[int, int, bool]  # start, end, keep the initial


def _secret_spans(line: str) -> list[Span]:
    spans = []
    for pattern, initial in _patterns():
        for match in pattern.finditer(line):
            start, end = _secret_group(match)
            if start < end and not _KEEP.fullmatch(line[start:end]):
                spans.append((start, end, initial))
    return spans


def _spans(line: str) -> list[Span]:
    """Secret spans of a line: embedded commands redacted on their own, the rest of the line as a whole."""
    inner: list[Span] = []
    regions: list[tuple[int, int]] = []
    for form in forms():
        if not form.embedded:
            continue
        for match in form.pattern.finditer(line):
            start, end = match.span("cmd")
            regions.append((start, end))
            inner += [(start + a, start + b, i) for a, b, i in _secret_spans(line[start:end])]
    outer = [(a, b, i) for a, b, i in _secret_spans(line) if not any(s <= a < e for s, e in regions)]
    return sorted(inner + outer)


def _mask(secret: str, initial: bool) -> str:
    """<redacted>, or the first character and one '*' per other character (a failed-login user name)."""
    return secret[0] + "*" * (len(secret) - 1) if initial and secret else MASK


def redact_line(line: str) -> str:
    """The line with every secret replaced by ``<redacted>``.

    Every pattern is matched against the original line and the secret spans are merged, so one
    secret is masked once and a keyword is never mistaken for a secret after an earlier pass.
    """
    if FAST:
        joined = _any_form()
        if joined is not None and joined.search(line) is None:
            return line
    spans = _spans(line)
    if not spans:
        return line
    merged: list[list[Any]] = []
    for start, end, initial in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] = merged[-1][2] and initial  # a full mask wins over an initial one
        else:
            merged.append([start, end, initial])
    out, last = [], 0
    for start, end, initial in merged:
        out += [line[last:start], _mask(line[start:end], initial)]
        last = end
    return "".join(out) + line[last:]


CACHED_CHARS = 1024  # texts up to this long are redacted once per process (titles, advice, evidence repeat)


def redact(text: str) -> str:
    """Every line of `text` redacted; line endings kept."""
    if not text:
        return text
    if FAST and len(text) <= CACHED_CHARS:
        return _redact_cached(text)
    return _redact(text)


@lru_cache(maxsize=8192)  # at most ~16 MB of texts per process
def _redact_cached(text: str) -> str:
    return _redact(text)


def _redact(text: str) -> str:
    return "".join(redact_line(line) for line in text.splitlines(keepends=True))


def redact_value(value: Any) -> Any:
    """Strings anywhere in a JSON-like value (str, list, tuple, dict values) redacted."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(redact_value(v) for v in value)
    if isinstance(value, dict):
        return {k: redact_value(v) for k, v in value.items()}
    return value
