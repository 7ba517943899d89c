"""Data-file lookups: vendor and product names, OS families, CVSS scores and severity bands."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from cvss import CVSS2, CVSS3, CVSS4

from netinspect.core.paths import DATA_DIR

FAMILIES_ENV = "NETINSPECT_FAMILIES"


@cache
def data(name: str) -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "advisories" / f"{name}.yaml").read_text(encoding="utf-8"))


def vendor_of(name: str | None) -> str | None:
    for rule in data("products")["vendors"]:
        if name and re.search(rule["pattern"], name, re.I):
            return rule["vendor"]
    return None


def os_of_product(name: str | None) -> str | None:
    """OS id for an OS product name (``Cisco IOS XE Software`` -> cisco_iosxe), None for models."""
    for rule in data("products")["os_products"]:
        if name and re.search(rule["pattern"], name, re.I):
            return rule["os"]
    return None


def model_os(vendor: str) -> str | None:
    return data("products")["model_vendors"].get(vendor)


def os_family(os_id: str | None) -> str | None:
    return data("products")["os_family"].get(os_id, os_id) if os_id else None


def score_vector(vector: str) -> float | None:
    """CVSS base score computed from a vector (v2, v3.x or v4); None if the vector is invalid."""
    try:
        if vector.startswith("CVSS:4"):
            return float(CVSS4(vector).base_score)
        if vector.startswith("CVSS:3"):
            return float(CVSS3(vector).scores()[0])
        return float(CVSS2(vector).scores()[0])
    except Exception:  # the cvss package raises several error types for bad vectors
        return None


def vendor_severity(word: str | None) -> str | None:
    """A publisher's rating word (``High``, ``Important``) as a result severity, None if unknown."""
    return data("severity")["vendor_words"].get((word or "").strip().lower()) if word else None


def severity_for(cvss: float | None, kind: str = "security", vendor: str | None = None) -> str:
    """Severity from the CVSS score; unscored: the publisher's own rating, else the data file's default."""
    bands = data("severity")
    if cvss is None and vendor:
        return vendor
    if kind == "bug" and cvss is None:
        return bands["bug"]
    if cvss is None:
        return bands["unscored"]
    for band in bands["bands"]:
        if cvss >= band["min"]:
            return band["severity"]
    return "low"


def user_families_path() -> Path:
    """The user's family table: $NETINSPECT_FAMILIES, else the user config dir."""
    from platformdirs import user_config_dir

    return Path(os.environ.get(FAMILIES_ENV) or Path(user_config_dir("netinspect")) / "advisory-families.yaml")


def _norm_family(name: str) -> str:
    name = re.sub(r"^(huawei|h3c|cisco)\s+", "", name.strip(), flags=re.I)
    return re.sub(r"[\s_]", "", name).upper()


@cache
def families() -> tuple[dict[str, Any], ...]:
    """Family entries: the user's first (they win), then the shipped table. A broken user file raises
    ValueError naming it."""
    entries: list[dict[str, Any]] = []
    path = user_families_path()
    if path.is_file():
        try:
            user = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            entries += [dict(e, source=str(path)) for e in user.get("families") or []]
            for e in entries:
                [re.compile(m) for m in e["models"]]
                _ = [str(n) for n in e["names"]], str(e["family"])
        except (OSError, yaml.YAMLError, AttributeError, KeyError, TypeError, re.error) as exc:
            raise ValueError(f"{path}: not a usable family table ({exc})") from exc
    entries += [dict(e, source="shipped") for e in data("families")["families"]]
    return tuple(entries)


def family_of(product: str, model: str | None) -> str | None:
    """The family name when ``product`` names a family that lists ``model``, else None."""
    if not model or not product:
        return None
    wanted = _norm_family(product)
    for entry in families():
        if wanted in {_norm_family(str(n)) for n in entry["names"]} and any(
                re.fullmatch(str(m), model.strip(), re.I) for m in entry["models"]):
            return str(entry["family"])
    return None
