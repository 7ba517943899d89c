"""Our YAML bulletin format (docs/advisories-yaml.md) for notices published only as web pages:
H3C and Huawei security notices, known bugs, end-of-sale and end-of-support dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from netinspect.advisories.catalog import model_os, score_vector
from netinspect.advisories.records import Advisory, Affected, BadAdvisoryFile
from netinspect.advisories.versions import CISCO_BUG, OS_SCHEMES, VersionError, parse, parse_vrp_patch
from netinspect.core import safeyaml

FORMAT = "netinspect-bulletins/1"
KINDS = ("security", "bug", "lifecycle")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _check_version(os_id: str, text: str, where: str) -> str:
    scheme = OS_SCHEMES.get(os_id, "dotted")
    if scheme == "iosxe" and CISCO_BUG.fullmatch(str(text).strip()):
        return str(text).strip()  # a fixing SMU named by its bug ID (the SMU file name carries it)
    try:
        if scheme == "vrp" and "SPH" in str(text).upper():
            parse_vrp_patch(str(text))  # a hot patch as fixed version
        else:
            parse(scheme, str(text))
    except VersionError as exc:
        raise BadAdvisoryFile(f"{where}: {exc}") from exc
    return str(text)


def _products(item: dict, vendor: str, os_id: str, where: str) -> list[Affected]:
    rows: list[Affected] = []
    for n, prod in enumerate(item.get("products") or []):
        models = prod.get("models") or ["*"]
        models = [models] if isinstance(models, str) else models
        at = f"{where} products[{n}]"
        for model in models:
            for status, key in (("affected", "affected"), ("fixed", "fixed")):
                for v in prod.get(key) or []:
                    rows.append(Affected(vendor, os_id, str(model), status, _check_version(os_id, v, at)))
            for r in prod.get("ranges") or []:
                start = _check_version(os_id, r["from"], at) if r.get("from") else None
                end = _check_version(os_id, r.get("before") or r.get("through"), at)
                rows.append(Affected(vendor, os_id, str(model), "affected", None, start, end,
                                     end_inclusive="through" in r))
            if item.get("kind") == "lifecycle" and not any(prod.get(k) for k in ("affected", "fixed", "ranges")):
                rows.append(Affected(vendor, os_id, str(model), "lifecycle"))
    return rows


def _bulletin(item: dict, n: int) -> Advisory:
    where = f"bulletins[{n}] ({item.get('id', '?')})"
    for key in ("id", "vendor", "title"):
        if not item.get(key):
            raise BadAdvisoryFile(f"{where}: missing {key}")
    kind = item.get("kind", "security")
    if kind not in KINDS:
        raise BadAdvisoryFile(f"{where}: kind must be one of {', '.join(KINDS)}")
    vendor = str(item["vendor"]).lower()
    os_id = item.get("os") or model_os(vendor)
    if not os_id:
        raise BadAdvisoryFile(f"{where}: no os given and none known for vendor {vendor!r}")
    cvss, vector = item.get("cvss"), item.get("cvss_vector")
    if cvss is None and vector:
        cvss = score_vector(vector)
        if cvss is None:
            raise BadAdvisoryFile(f"{where}: invalid CVSS vector {vector!r}")
    advisory = Advisory(
        id=str(item["id"]), vendor=vendor, title=str(item["title"]), kind=kind,
        cves=[str(c) for c in item.get("cves") or []], cvss=None if cvss is None else float(cvss),
        cvss_vector=vector, published=_text(item.get("published")), url=item.get("url"),
        workaround=item.get("workaround"), remediation=item.get("remediation"),
        end_of_sale=_text(item.get("end_of_sale")), end_of_support=_text(item.get("end_of_support")),
        source_format="bulletins", affected=_products(item, vendor, os_id, where), kev=_text(item.get("kev")))
    if not advisory.affected:
        raise BadAdvisoryFile(f"{where}: no products with affected or fixed versions")
    return advisory


def load(path: Path) -> list[Advisory]:
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise BadAdvisoryFile(f"not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadAdvisoryFile(f"not a bulletin file: expected 'format: {FORMAT}'")
    items = data.get("bulletins") or []
    if not isinstance(items, list):
        raise BadAdvisoryFile("'bulletins' must be a list")
    good, bad = [], []
    for n, item in enumerate(items):  # a bad bulletin is counted and left out; the others are imported
        try:
            good.append(_bulletin(item, n))
        except BadAdvisoryFile as exc:
            bad.append(str(exc))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            bad.append(f"bulletins[{n}]: unexpected structure ({type(exc).__name__}: {exc})")
    if not good:
        raise BadAdvisoryFile("; ".join(bad) if bad else "no bulletins")
    if bad:
        good[0].notes.append(f"{len(bad)} of {len(items)} bulletin(s) rejected: {'; '.join(bad)}")
    return good
