"""How much of a device was inspected: counts of verdicts and the core checks (data/checks/core.yaml)
that lacked data. A device is `complete`, `partial` (partly inspected) or `not_inspected` (not collected)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from netinspect.core.i18n import labels
from netinspect.core.paths import DATA_DIR

DeviceResult = Any  # netinspect.core.results.DeviceResult (which imports this module)
STATES = ("complete", "partial", "not_inspected")
_COLLECTED = ("ok", "partial")
_NO_VERDICT = ("insufficient_data", "error")
# results.json names of the verdict statuses (skipped: the check does not apply to the device)
_COUNT_NAMES = {"pass": "passed", "fail": "failed", "insufficient_data": "insufficient_data",
                "skipped": "not_applicable", "error": "error"}


@cache
def _core_data() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "checks" / "core.yaml").read_text(encoding="utf-8")) or {}


def core_set(os_name: str | None) -> tuple[str, ...]:
    """The core checks of a platform (`identity` stands for model and version printed)."""
    data = _core_data()
    return tuple((data.get("platforms") or {}).get(os_name or "", data["default"]))


@dataclass(frozen=True)
class Coverage:
    state: str  # complete | partial | not_inspected
    counts: dict[str, int]  # passed, failed, insufficient_data, not_applicable, error
    missing: tuple[str, ...]  # core items without a verdict, in core-set order

    @property
    def complete(self) -> bool:
        return self.state == "complete"

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state, "counts": dict(self.counts), "missing_core": list(self.missing)}


def _identity_known(d: DeviceResult) -> bool:
    ident = d.device.identity
    return all(getattr(ident, f, None) for f in _core_data().get("identity_fields", ["model", "version"]))


def coverage(d: DeviceResult) -> Coverage:
    """The coverage of one judged device."""
    counts = Counter(_COUNT_NAMES.get(r.status, r.status) for r in d.results)
    verdicts = {r.check: r.status for r in d.results if r.category == "health"}
    missing = tuple(item for item in core_set(d.device.identity.os)
                    if (not _identity_known(d) if item == "identity"
                        else verdicts.get(item, "insufficient_data") in _NO_VERDICT))
    if d.raw.status not in _COLLECTED:
        state = "not_inspected"
    else:
        state = "partial" if missing else "complete"
    return Coverage(state, {name: counts.get(name, 0) for name in _COUNT_NAMES.values()}, missing)


def missing_titles(d: DeviceResult, cov: Coverage, lang: str) -> list[str]:
    """The missing core items as the reader knows them (check titles in `lang`)."""
    titles = {r.check: r.title for r in d.results if r.title}
    text = labels(lang, "inspection")
    return [text["coverage.identity"] if item == "identity" else titles.get(item, item) for item in cov.missing]


def coverage_text(d: DeviceResult, cov: Coverage, lang: str) -> str:
    """'完整' / 'partly inspected: no data for CPU, memory' / 'not inspected' in `lang`."""
    text = labels(lang, "inspection")
    if cov.state == "partial":
        sep = "、" if lang == "zh" else ", "
        return text["coverage.partial_missing"].format(items=sep.join(missing_titles(d, cov, lang)))
    return text[f"coverage.{cov.state}"]
