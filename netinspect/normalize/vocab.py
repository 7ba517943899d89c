"""State-word vocabularies (data/states_<vendor>.yaml): what a device's own state word means.

A word listed under `abnormal` is a fault, under `normal` is fine; any other word is not understood
and gives None, never True. Words are compared lower-cased with runs of blanks collapsed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from netinspect.core.paths import DATA_DIR


def _key(word: str) -> str:
    return " ".join(str(word).lower().split())


@cache
def states(vendor: str) -> dict[str, Any]:
    """The whole vocabulary file of one vendor (other sections too: capacities, abbreviations ...)."""
    return yaml.safe_load((DATA_DIR / f"states_{vendor}.yaml").read_text(encoding="utf-8"))


@cache
def _words(vendor: str, group: str, kind: str) -> frozenset[str]:
    section = states(vendor)[group]
    words = section if isinstance(section, list) else section.get(kind, [])
    return frozenset(_key(w) for w in words)


def judge(vendor: str, group: str, word: str | None) -> bool | None:
    """True / False when `word` is a known normal / abnormal state of `group`, else None."""
    if not word:
        return None
    key = _key(word)
    if key in _words(vendor, group, "abnormal"):
        return False
    if key in _words(vendor, group, "normal"):
        return True
    return None


def listed(vendor: str, group: str, word: str | None) -> bool:
    """True when `word` is in a plain word list of the vocabulary (e.g. `absent`)."""
    return bool(word) and _key(word) in _words(vendor, group, "")
