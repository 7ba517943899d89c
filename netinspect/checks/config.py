"""User check configuration (--config): thresholds and on/off, globally, per role, per device pattern.

    checks:                     # every device
      health.cpu: {medium: 70, high: 85}
      health.uptime: {enabled: false}
    roles:
      firewall:
        health.sessions: {medium: 70}
    devices:                    # shell-style name patterns, applied last
      "HZ-CORE-*":
        health.storage: {enabled: false}

Later layers win: global, then role, then each matching device pattern in file order.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from netinspect.checks.catalog import CheckSpec
from netinspect.core.options import OptionError, read_yaml


class ConfigError(ValueError):
    """A problem with the user's configuration file; the message names the file and the reason."""


@dataclass(frozen=True)
class Effective:
    enabled: bool
    thresholds: dict[str, Any]
    disabled_by: str | None = None  # "global" | "role firewall" | "device HZ-*"


def load_user_config(path: Path, known: dict[str, CheckSpec]) -> tuple[dict[str, Any], list[str]]:
    """Read and validate a --config file. Returns the config and one-line warnings for ignored entries.

    Raises ConfigError when the file cannot be used at all.
    """
    try:
        data = read_yaml(path) or {}
    except OptionError as exc:
        raise ConfigError(str(exc)) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with checks/roles/devices")
    warnings: list[str] = []
    clean: dict[str, Any] = {"checks": {}, "roles": {}, "devices": {}}
    for key in data:
        if key not in clean:
            warnings.append(f"{path}: unknown section '{key}' ignored (use checks, roles, devices)")
    clean["checks"] = _clean_layer(data.get("checks"), known, f"{path}: checks", warnings)
    for section in ("roles", "devices"):
        for name, layer in (data.get(section) or {}).items():
            clean[section][str(name)] = _clean_layer(layer, known, f"{path}: {section}.{name}", warnings)
    return clean, warnings


def _clean_layer(layer: Any, known: dict[str, CheckSpec], where: str, warnings: list[str]) -> dict[str, dict]:
    if not layer:
        return {}
    if not isinstance(layer, dict):
        warnings.append(f"{where}: expected a mapping of check ids, ignored")
        return {}
    clean: dict[str, dict] = {}
    for check_id, settings in layer.items():
        if check_id not in known:
            warnings.append(f"{where}: unknown check '{check_id}' ignored")
            continue
        if settings is False:
            settings = {"enabled": False}
        if not isinstance(settings, dict):
            warnings.append(f"{where}.{check_id}: expected a mapping, ignored")
            continue
        allowed = set(known[check_id].thresholds) | {"enabled"}
        for key in [k for k in settings if k not in allowed]:
            warnings.append(f"{where}.{check_id}: unknown setting '{key}' ignored "
                            f"(known: {', '.join(sorted(allowed))})")
        clean[check_id] = {k: v for k, v in settings.items() if k in allowed}
    return clean


def effective(spec: CheckSpec, config: dict[str, Any], device_name: str, role: str | None) -> Effective:
    """Thresholds and switch for one check on one device, after all layers."""
    thresholds = dict(spec.thresholds)
    enabled, disabled_by = True, None
    layers = [("global", (config.get("checks") or {}).get(spec.id))]
    if role:
        layers.append((f"role {role}", ((config.get("roles") or {}).get(role) or {}).get(spec.id)))
    for pattern, layer in (config.get("devices") or {}).items():
        if fnmatchcase(device_name, pattern):
            layers.append((f"device {pattern}", (layer or {}).get(spec.id)))
    for where, settings in layers:
        if not settings:
            continue
        if "enabled" in settings:
            enabled = bool(settings["enabled"])
            disabled_by = None if enabled else where
        thresholds.update({k: v for k, v in settings.items() if k != "enabled"})
    return Effective(enabled, thresholds, disabled_by)
