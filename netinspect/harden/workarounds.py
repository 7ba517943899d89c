"""Advisory workarounds as hardening plan steps (data/harden/workarounds.yaml).

The plan reads the version assessment's result on the device (``version.advisories``, a CheckResult of the
same run): an advisory that is "affected" and whose feature is configured ("exposed") and that has a
workaround here gets a plan step with its fix, rollback and verify commands. The harden room imports no
other room: it reads only the core result types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from netinspect.core import safeyaml
from netinspect.core.paths import DATA_DIR
from netinspect.core.results import CheckResult, DeviceResult, Remediation

WORKAROUNDS = DATA_DIR / "harden" / "workarounds.yaml"
PHASE = 95  # after the baseline items: the device is otherwise hardened before the advisory's step


@dataclass(frozen=True)
class Workaround:
    id: str
    advisories: frozenset[str]
    cves: frozenset[str]
    text: dict[str, dict[str, str]]
    impact_level: str
    source: str
    dialects: dict[str, dict[str, Any]] = field(default_factory=dict)

    def names(self, entry: dict[str, Any]) -> bool:
        """Whether this workaround belongs to the advisory entry (by id or by one of its CVEs)."""
        return entry.get("id") in self.advisories or bool(self.cves & set(entry.get("cves") or []))


@lru_cache(maxsize=1)
def workarounds() -> tuple[Workaround, ...]:
    data = safeyaml.load(WORKAROUNDS.read_text(encoding="utf-8")) or {}
    return tuple(Workaround(id=w["id"], advisories=frozenset(w.get("advisories") or []),
                            cves=frozenset(w.get("cves") or []),
                            text={k: w[k] for k in ("title", "risk", "expected", "impact")},
                            impact_level=w.get("impact_level", "none"), source=w.get("source", ""),
                            dialects=w.get("dialects") or {}) for w in data.get("workarounds") or [])


def _found(config_lines: list[str], pattern: str) -> str | None:
    """The first configuration line the pattern matches as a whole (None: none)."""
    rx = re.compile(pattern, re.I)
    return next((line.strip() for line in config_lines if rx.fullmatch(line.strip())), None)


def _lines(spec: dict[str, Any], config_lines: list[str], planned: set[str]) -> tuple[list[str], list[str], list[str]]:
    """The fix lines the configuration calls for (not already planned), their rollback lines, and the
    configuration lines that call for them."""
    fix, rollback, evidence = [], [], []
    for line in spec.get("lines") or []:
        if line["fix"] in planned:
            continue
        found = _found(config_lines, line["when"]) if "when" in line else None
        if "when" in line and found is None:
            continue
        if "unless" in line and _found(config_lines, line["unless"]) is not None:
            continue
        fix.append(line["fix"])
        rollback.append(line["rollback"])
        evidence += [found] if found else []
    return fix, rollback, evidence


def exposed_advisories(dev: DeviceResult) -> list[dict[str, Any]]:
    """The advisory entries of the device's version verdict that are affected and exposed."""
    result = next((r for r in dev.results if r.check == "version.advisories"), None)
    entries = (result.advisories or []) if result is not None else []
    return [e for e in entries if e.get("certainty") == "affected" and e.get("exposure") == "exposed"]


def workaround_steps(dev: DeviceResult, dialect: str, lang: str, planned: set[str]) -> list[CheckResult]:
    """Plan-only results (never in results.json): one per exposed advisory with a workaround for `dialect`."""
    config_lines = (dev.device.running_config or "").splitlines()
    steps, done = [], set(planned)
    for entry in exposed_advisories(dev):
        for w in workarounds():
            spec = w.dialects.get(dialect)
            if spec is None or not w.names(entry):
                continue
            fix, rollback, evidence = _lines(spec, config_lines, done)
            if not fix:
                continue
            done.update(fix)
            steps.append(_step(w, entry, spec, (fix, rollback, evidence), dialect, lang))
    return steps


def _step(w: Workaround, entry: dict[str, Any], spec: dict[str, Any], lines: tuple[list[str], list[str], list[str]],
          dialect: str, lang: str) -> CheckResult:
    fix, rollback, evidence = lines
    t = {k: v.get(lang) or v.get("en", "") for k, v in w.text.items()}
    advisory = entry["id"] + (f" ({', '.join(entry['cves'])})" if entry.get("cves") else "")
    evidence = evidence or ([entry["exposure_evidence"]] if entry.get("exposure_evidence") else [])
    return CheckResult(
        check=f"workaround.{w.id}", category="hardening", status="fail", severity=entry.get("severity") or "high",
        title=t["title"], message=t["risk"], expected=t["expected"], observed=evidence, evidence=evidence,
        references=[advisory],
        remediation=Remediation(commands=fix, rollback=list(reversed(rollback)), verify=list(spec.get("verify") or []),
                                notes=t["impact"]),
        extra={"harden": {"dialect": dialect, "phase": PHASE, "cuts_session": False, "family": "management",
                          "impact_level": w.impact_level, "risk": t["risk"], "impact": t["impact"],
                          "placeholders": [], "secrets": [], "concrete": True, "advisory": entry["id"]}})
