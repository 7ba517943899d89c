"""Problems keyed by check and object (fan 3, PSU 2, Gi1/0/1), and their titles rendered in a language.

The key is language-neutral ("health.fan|1 FAN3"); the title is rendered from the check catalogs (health
checks, baseline rules) in the reader's language, never kept in the language of the run that found it.
Used by the history (new / resolved / persisting) and the diff (problems before and after).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from netinspect.core.paths import DATA_DIR
from netinspect.core.results import CheckResult, DeviceResult

SEP = "|"


@cache
def settings() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "checks" / "objects.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ProblemKey:
    check: str
    obj: str = ""

    def text(self) -> str:
        return f"{self.check}{SEP}{self.obj}" if self.obj else self.check


def split_key(key: str) -> ProblemKey:
    check, _, obj = key.partition(SEP)
    return ProblemKey(check, obj)


def _items(device: Any, group: str) -> list[Any]:
    value: Any = device
    for part in group.split("."):
        value = getattr(value, part, None) if value is not None else None
    return list(value or [])


def _name(item: Any, fields: list[str]) -> str:
    parts = [str(getattr(item, f, "") or "") for f in fields]
    return " ".join(dict.fromkeys(p for p in parts if p))


def objects_of(d: DeviceResult | None, r: CheckResult) -> list[str]:
    """The failing objects of a failed check, or [""] when the check is about the device as a whole."""
    spec = settings()["objects"].get(r.check)
    if not spec:
        return [""]
    if spec.get("observed_keys"):
        return sorted(str(k) for k in r.observed) if isinstance(r.observed, dict) and r.observed else [""]
    if d is None:
        return [""]
    found = [_name(i, spec["name"]) for i in _items(d.device, spec["group"])
             if spec.get("failing") == "normal_false" and getattr(i, "normal", None) is False]
    return sorted(set(found)) or [""]


def problem_keys(d: DeviceResult) -> list[tuple[ProblemKey, CheckResult]]:
    """Every (check, object) problem of a device with the result it comes from."""
    return [(ProblemKey(r.check, obj), r) for r in d.problems for obj in objects_of(d, r)]


def is_health(category: str | None, check: str) -> bool:
    cat = category or check.split(".")[0]
    return cat in settings()["health_categories"]


@cache
def _catalog_titles() -> dict[str, dict[str, str]]:
    from netinspect.checks.catalog import load_catalog

    out: dict[str, dict[str, str]] = {}
    for spec in load_catalog("health").values():
        out[spec.id] = {lang: spec.text("title", lang) for lang in ("zh", "en")}
    # the baseline rules' titles, read from their data file (the hardening room is above this one)
    rules = yaml.safe_load((DATA_DIR / "harden" / "rules.yaml").read_text(encoding="utf-8")).get("rules", [])
    for rule in rules:
        text = rule.get("title") if isinstance(rule, dict) else None
        if isinstance(text, dict) and rule.get("id"):
            out[rule["id"]] = {lang: str(text.get(lang) or rule["id"]) for lang in ("zh", "en")}
    return out


def title(check: str, obj: str, lang: str, fallback: str | None = None) -> str:
    """The problem's title in `lang`: the catalog's title of the check, then the object."""
    base = _catalog_titles().get(check, {}).get(lang) or fallback or check
    return f"{base}: {obj}" if obj else base
