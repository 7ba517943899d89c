"""Warnings for YAML bulletin entries that import but can never match a device: a model written as a
pattern ('S57*'; only '*' alone means any model) and a range whose ends lie in different release trains
(ranges compare versions within one train, docs/advisories-yaml.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from netinspect.advisories.catalog import model_os
from netinspect.advisories.importers.bulletins import FORMAT
from netinspect.advisories.versions import OS_SCHEMES, try_parse
from netinspect.core import safeyaml

_PATTERN = set("*?[]")


def _range_warning(where: str, os_id: str, rng: dict[str, Any]) -> str | None:
    scheme = OS_SCHEMES.get(os_id, "dotted")
    start = rng.get("from")
    end = rng.get("before", rng.get("through"))
    if start is None or end is None:
        return None
    a, b = try_parse(scheme, str(start)), try_parse(scheme, str(end))
    if a is None or b is None or a.train == b.train:
        return None
    return (f"{where}: range {start} .. {end} crosses release trains ({a.train} / {b.train}); ranges apply "
            f"within one train, so it matches no device: write one range per train")


def _item_warnings(where: str, item: dict[str, Any]) -> list[str]:
    os_id = item.get("os") or model_os(str(item.get("vendor", "")).lower()) or ""
    out = []
    for product in item.get("products") or []:
        if not isinstance(product, dict):
            continue
        for model in product.get("models") or []:
            if str(model) != "*" and _PATTERN & set(str(model)):
                out.append(f"{where}: model {model!r} is a pattern and matches no device; name the models or the "
                           f"product line (S5700), or '*' for any model of the OS")
        for rng in product.get("ranges") or []:
            if isinstance(rng, dict):
                warning = _range_warning(where, os_id, rng)
                if warning:
                    out.append(warning)
    return out


def bulletin_warnings(path: Path) -> list[str]:
    """One line per entry of a bulletin file that will never match; [] for other files."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return []
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8"))  # no alias bomb, no deep nesting
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # the importer reports unreadable files
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return []
    out = []
    items = data.get("bulletins") or []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            try:
                out += _item_warnings(f"{path}: {item.get('id', '?')}", item)
            except (TypeError, ValueError, AttributeError):  # a malformed bulletin: the importer reports it
                continue
    return out


def files_of(paths: list[Path]) -> list[Path]:
    """The YAML files among `paths` (folders searched recursively)."""
    out = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in (".yaml", ".yml"))
        elif p.is_file():
            out.append(p)
    return out
