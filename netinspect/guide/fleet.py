"""The fleet the maintenance guide is written for: one entry per (platform, model, role), from an inventory
(no connection: platform and role only), a run bundle or session logs (what the devices printed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from netinspect.core.model import Device


@dataclass
class FleetModel:
    """Devices sharing platform, model and role; what the guide's product overview shows."""

    os: str
    model: str | None
    role: str | None
    devices: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)


def _add(found: dict[tuple, FleetModel], os_id: str, model: str | None, role: str | None, name: str,
         version: str | None = None, modules: tuple[str, ...] = ()) -> None:
    entry = found.setdefault((os_id, model or "", role or ""), FleetModel(os_id, model, role))
    entry.devices.append(name)
    if version and version not in entry.versions:
        entry.versions.append(version)
    entry.modules += [m for m in modules if m not in entry.modules]


def from_devices(devices: list[Device]) -> tuple[list[FleetModel], list[str]]:
    """Models of normalized devices; devices whose platform was not recognised are named in the warnings."""
    found: dict[tuple, FleetModel] = {}
    skipped = []
    for device in devices:
        ident = device.identity
        if not ident.os:
            skipped.append(device.name)
            continue
        modules = tuple(b.type for b in device.boards or () if b.type)
        _add(found, ident.os, ident.model, ident.role, device.name, ident.version or ident.os_version, modules)
    return sorted(found.values(), key=lambda m: (m.os, m.model or "", m.role or "")), skipped


def from_inventory(path: Path) -> tuple[list[FleetModel], list[str]]:
    """Models of an inventory's devices (platform and role as declared); the inventory's errors as warnings."""
    from netinspect.collect.inventory import load_inventory

    load = load_inventory(path)
    found: dict[tuple, FleetModel] = {}
    for d in load.devices:
        _add(found, d.platform, None, d.role, d.name)
    return sorted(found.values(), key=lambda m: (m.os, m.role or "")), list(load.errors)


def from_source(logs: list[Path] | None, bundle: Path | None, lang: str) -> tuple[list[FleetModel], list[str]]:
    """Read logs or a bundle, normalize, and group; unusable inputs are named in the warnings (in `lang`)."""
    from netinspect import sources
    from netinspect.core.i18n import labels
    from netinspect.core.messages import localize
    from netinspect.pipeline import normalize_all

    source, _ = sources.load(logs=logs, bundle=bundle)
    warnings = [f"{r.name}: {localize(r.message, lang)}" for r in source.inputs if r.status == "rejected"]
    models, skipped = from_devices([item[0] for item in normalize_all(source.devices)])
    unknown = labels(lang, "guide")["guide.unknown_platform"]
    return models, warnings + [f"{name}: {unknown}" for name in skipped]
