"""Data-file lookups: vendor and product names, OS families, CVSS scores and severity bands."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml
from cvss import CVSS2, CVSS3, CVSS4

from netinspect.core.paths import DATA_DIR


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
