"""Remove secrets from configuration and output text before it is stored, logged or reported.

Patterns live in ``data/redaction.yaml``; each replaces the secret part of a line with ``<redacted>``.
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from netinspect.paths import DATA_DIR

MASK = "<redacted>"


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    data = yaml.safe_load((DATA_DIR / "redaction.yaml").read_text(encoding="utf-8"))
    return tuple(re.compile(p, re.IGNORECASE) for p in data["patterns"])


def redact_line(line: str) -> str:
    """The line with every secret replaced by ``<redacted>``.

    Every pattern is matched against the original line and the secret spans are merged, so one
    secret is masked once and a keyword is never mistaken for a secret after an earlier pass.
    """
    spans = sorted(m.span("secret") for p in _patterns() for m in p.finditer(line) if m.group("secret"))
    if not spans:
        return line
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out += [line[last:start], MASK]
        last = end
    return "".join(out) + line[last:]


def redact(text: str) -> str:
    """Every line of `text` redacted; line endings kept."""
    return "".join(redact_line(line) for line in text.splitlines(keepends=True))
