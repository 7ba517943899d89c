"""The version to move to: the user's approved baseline, else the lowest version in the device's own
train that fixes every matched advisory; None (with the reason) when no fixed version is known."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from netinspect.advisories.match import Assessment
from netinspect.advisories.versions import Version


@dataclass
class Recommendation:
    version: str | None
    source: str  # baseline | fixes | none | current
    unfixed: list[str] = field(default_factory=list)  # affected advisories without a fixed version in the train
    note: str | None = None
    possibly: list[str] = field(default_factory=list)  # "possibly affected" ones: listed beside, never blocking


def load_baseline(path: str | Path) -> dict[str, str]:
    """``recommended.yaml``: model (glob allowed) or OS id -> approved version, optionally under ``baseline:``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    data = data.get("baseline", data) if isinstance(data, dict) else {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of model or OS to version")
    return {str(k): str(v) for k, v in data.items()}


def baseline_for(baseline: dict[str, str], model: str | None, os_id: str | None) -> str | None:
    if model and model in baseline:
        return baseline[model]
    for pattern, version in baseline.items():
        if model and any(c in pattern for c in "*?[") and fnmatch.fnmatch(model, pattern):
            return version
    return baseline.get(os_id or "")


def lowest_fixing(assessment: Assessment) -> Recommendation:
    """The lowest fixed version in the train at or above a fix of every advisory that certainly affects
    the device and has a known fix; affected ones without a fix and "possibly" ones are listed beside."""
    affected = [f for f in assessment.findings if f.certain]
    possibly = [f.advisory.id for f in assessment.findings if not f.certain]
    if not affected:
        return Recommendation(None, "current", possibly=possibly)
    unfixed = [f.advisory.id for f in affected if not f.fixed_in]
    fixable = [f for f in affected if f.fixed_in]
    if not fixable:
        return Recommendation(None, "none", unfixed, possibly=possibly)
    candidates = sorted({v for f in fixable for v in f.fixed_in}, key=Version.sort_key)
    for candidate in candidates:
        if all(any(fix.comparable(candidate) and fix <= candidate for fix in f.fixed_in) for f in fixable):
            return Recommendation(str(candidate), "fixes", unfixed, possibly=possibly)
    return Recommendation(None, "none", [f.advisory.id for f in affected], possibly=possibly)


def recommend(assessment: Assessment, baseline: dict[str, str] | None) -> Recommendation:
    approved = baseline_for(baseline or {}, assessment.model, assessment.os)
    if approved:
        return Recommendation(approved, "baseline", possibly=[f.advisory.id for f in assessment.findings
                                                              if not f.certain])
    return lowest_fixing(assessment)
