"""One problem per cause: a fault several checks see (a failed fan, its alarm, its log line) is one
problem, the primary component check, with the other checks' results as its evidence (data/causes.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from netinspect.core.paths import DATA_DIR
from netinspect.core.results import DeviceResult


@dataclass(frozen=True)
class Cause:
    primary: str
    related: tuple[str, ...]
    words: re.Pattern[str]


@cache
def causes() -> tuple[Cause, ...]:
    data = yaml.safe_load((DATA_DIR / "causes.yaml").read_text(encoding="utf-8"))
    return tuple(Cause(c["primary"], tuple(c["related"]), re.compile(c["words"], re.IGNORECASE))
                 for c in data["causes"])


def group_causes(d: DeviceResult) -> None:
    """Mark each failed result that only repeats a failed component check as that check's evidence."""
    failed = {r.check: r for r in d.results if r.failed}
    for cause in causes():
        primary = failed.get(cause.primary)
        if primary is None or primary.extra.get("same_cause"):
            continue
        for check in cause.related:
            other = failed.get(check)
            if other is None or other.extra.get("same_cause") or not other.evidence:
                continue
            if all(cause.words.search(line) for line in other.evidence):
                other.extra["same_cause"] = primary.check
                primary.extra.setdefault("related", []).append(
                    {"check": other.check, "title": other.title, "evidence": list(other.evidence)})
