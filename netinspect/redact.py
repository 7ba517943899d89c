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
    """The line with every secret replaced by ``<redacted>``."""
    for pattern in _patterns():
        line = pattern.sub(lambda m: m.group(0)[: m.start("secret") - m.start(0)] + MASK
                           + m.group(0)[m.end("secret") - m.start(0):], line)
    return line


def redact(text: str) -> str:
    """Every line of `text` redacted; line endings kept."""
    return "".join(redact_line(line) for line in text.splitlines(keepends=True))
