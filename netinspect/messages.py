"""Messages that sources write in English, rendered in the report's language (data/i18n/messages.yaml)."""

from __future__ import annotations

import re
from functools import cache

import yaml

from netinspect.paths import DATA_DIR


@cache
def _catalog() -> tuple[tuple[re.Pattern[str], str], ...]:
    entries = yaml.safe_load((DATA_DIR / "i18n" / "messages.yaml").read_text(encoding="utf-8"))
    return tuple((re.compile(e["pattern"]), e["zh"]) for e in entries)


def _part(text: str) -> str:
    for pattern, zh in _catalog():
        match = pattern.fullmatch(text.strip())
        if match:
            return zh.format(**{k: v or "" for k, v in match.groupdict().items()})
    return text


def localize(message: str | None, lang: str) -> str:
    """`message` in `lang`; parts without a rendering stay as written (device output, names)."""
    if not message or lang == "en":
        return message or ""
    whole = _part(message)
    if whole != message:
        return whole
    return "；".join(_part(p) for p in message.split("; "))
