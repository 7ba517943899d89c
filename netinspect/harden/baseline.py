"""Baseline profiles: which rules a hardening audit runs, for which roles, with which parameters.

``netinspect harden --baseline FILE`` (shipped: data/harden/baselines/baseline-dengbao2-level3.yaml and
baseline-cis-like.yaml; a bare name finds a shipped one). Without a profile every rule of the catalog
runs with its own roles and parameters, as before. Format: docs/rules.md ("Baseline profiles").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from netinspect.core.paths import DATA_DIR
from netinspect.core.results import SEVERITIES
from netinspect.harden.roles import role_names
from netinspect.harden.rules import Rule

SHIPPED = DATA_DIR / "harden" / "baselines"
_KEYS = {"roles", "params", "severity"}


class BaselineError(Exception):
    """A baseline profile that cannot be used: the file and the reason in one line."""


@dataclass(frozen=True)
class Baseline:
    name: dict[str, str]
    path: str
    rules: dict[str, dict[str, Any]]  # rule id -> overrides (roles, params, severity)

    def title(self, lang: str) -> str:
        return self.name.get(lang) or self.name.get("en") or Path(self.path).stem


def resolve(value: str | Path) -> Path:
    """A profile path, or the name of a shipped profile (with or without .yaml)."""
    path = Path(value)
    if path.exists():
        return path
    for candidate in (SHIPPED / path.name, SHIPPED / f"{path.name}.yaml"):
        if candidate.exists():
            return candidate
    raise BaselineError(f"{value}: no such baseline file (shipped: {', '.join(shipped())})")


def shipped() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.yaml"))


def _overrides(rule_id: str, value: Any, where: str) -> dict[str, Any]:
    value = value or {}
    if not isinstance(value, dict):
        raise BaselineError(f"{where}: {rule_id}: a mapping of roles/params/severity (or empty)")
    unknown = set(value) - _KEYS
    if unknown:
        raise BaselineError(f"{where}: {rule_id}: unknown key(s) {', '.join(sorted(unknown))}")
    roles = value.get("roles")
    if roles is not None and (not isinstance(roles, list) or any(r not in role_names() for r in roles)):
        raise BaselineError(f"{where}: {rule_id}: roles must be a list of {', '.join(role_names())}")
    if "severity" in value and value["severity"] not in SEVERITIES:
        raise BaselineError(f"{where}: {rule_id}: severity must be one of {', '.join(SEVERITIES)}")
    if "params" in value and not isinstance(value["params"], dict):
        raise BaselineError(f"{where}: {rule_id}: params must be a mapping")
    return value


def load_baseline(value: str | Path) -> Baseline:
    path = resolve(value)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BaselineError(f"{path}:{mark.line + 1 if mark else 0}: not valid YAML") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), dict) or not data["rules"]:
        raise BaselineError(f"{path}: a baseline is a mapping with a rules: mapping (rule id -> overrides)")
    name = data.get("name") or {}
    name = {"zh": str(name), "en": str(name)} if isinstance(name, str) else {k: str(v) for k, v in name.items()}
    rules = {str(k): _overrides(str(k), v, str(path)) for k, v in data["rules"].items()}
    return Baseline(name, str(path), rules)


def apply_baseline(rules: list[Rule], baseline: Baseline | None) -> tuple[list[Rule], list[str]]:
    """The rules the profile chooses, with its roles, parameters and severities; ids it names that no rule has."""
    if baseline is None:
        return rules, []
    by_id = {r.id: r for r in rules}
    unknown = [rule_id for rule_id in baseline.rules if rule_id not in by_id]
    chosen = []
    for rule in rules:
        if rule.id not in baseline.rules:
            continue
        over = baseline.rules[rule.id]
        changes: dict[str, Any] = {}
        if "roles" in over:
            changes["roles"] = tuple(over["roles"])
        if "params" in over:
            changes["params"] = {**rule.params, **over["params"]}
        if "severity" in over:
            changes["severity"] = over["severity"]
        chosen.append(dataclasses.replace(rule, **changes) if changes else rule)
    return chosen, unknown
