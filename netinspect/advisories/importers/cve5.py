"""CVE JSON 5 records (cvelistV5), including Huawei's style: several products in one string
(``S12700,S5700`` or ``NIP6800;USG9500``) and comma-joined version lists, sometimes with the product
named inside the list (``S12700 V200R008C00, V200R009C00, S5700 V200R007C00``)."""

from __future__ import annotations

import re
from pathlib import Path

from netinspect.advisories.catalog import model_os, os_of_product, score_vector, vendor_of
from netinspect.advisories.importers import read_json
from netinspect.advisories.records import Advisory, Affected, BadAdvisoryFile
from netinspect.advisories.versions import OS_SCHEMES, try_parse

_NA = {"", "n/a", "na", "-", "*", "unspecified"}
_STATUS = {"affected": "affected", "unaffected": "not_affected", "unknown": None}


def _products(name: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]", name) if p.strip().lower() not in _NA]


def _split_versions(text: str, products: list[str]) -> list[tuple[str | None, str]]:
    """(product or None, version) from a comma-joined list; "S5700 V200R007C00" switches product."""
    out: list[tuple[str | None, str]] = []
    current: str | None = None
    for token in (t.strip() for t in text.split(",")):
        if not token:
            continue
        for product in sorted(products, key=len, reverse=True):
            if token.lower().startswith(product.lower() + " "):
                current, token = product, token[len(product):].strip()
                break
        out.append((current, token))
    return out


def _rows_for(entry: dict, vendor: str) -> list[Affected]:
    products = _products(str(entry.get("product", "")))
    os_id = os_of_product(entry.get("product")) or model_os(vendor)
    if not products or os_id is None:
        return []
    model_named = os_of_product(entry.get("product")) is None
    versions = [v for v in entry.get("versions", []) if str(v.get("version", "")).strip().lower() not in _NA]
    aligned = model_named and len(products) > 1 and len(versions) == len(products)
    rows: list[Affected] = []
    for index, item in enumerate(versions):
        status = _STATUS.get(item.get("status", "affected"))
        if status is None:
            continue
        if item.get("lessThan") or item.get("lessThanOrEqual"):
            end = item.get("lessThan") or item.get("lessThanOrEqual")
            start = None if str(item["version"]).strip() in ("0", "*") else item["version"]
            for product in (products if model_named else ["*"]):
                rows.append(Affected(vendor, os_id, product, status, None, start, end,
                                     bool(item.get("lessThanOrEqual"))))
            continue
        for named, version in _split_versions(str(item["version"]), products):
            if not model_named:
                targets, uncertain = ["*"], None
            elif named:
                targets, uncertain = [named], None
            elif len(products) == 1:
                targets, uncertain = products, None
            elif len(versions) == 1:
                targets, uncertain = products, None
            elif aligned:
                targets, uncertain = [products[index]], "order_assumed"
            else:
                targets, uncertain = products, "unaligned"
            rows.extend(Affected(vendor, os_id, p, status, version, uncertain=uncertain) for p in targets)
    return rows


def _metrics(record: dict) -> tuple[float | None, str | None]:
    containers = record.get("containers", {})
    blocks = [containers.get("cna", {})] + list(containers.get("adp", []))
    best: tuple[float | None, str | None] = (None, None)
    for block in blocks:
        for metric in block.get("metrics", []) or []:
            for key in ("cvssV4_0", "cvssV3_1", "cvssV3_0", "cvssV2_0"):
                m = metric.get(key)
                if not m:
                    continue
                score = m.get("baseScore")
                score = float(score) if score is not None else score_vector(m.get("vectorString", ""))
                if score is not None and (best[0] is None or score > best[0]):
                    best = (score, m.get("vectorString"))
    return best


def _title(cna: dict) -> str | None:
    if cna.get("title"):
        return cna["title"]
    text = next((d["value"] for d in cna.get("descriptions", []) if d.get("lang", "en").startswith("en")), "")
    first = re.split(r"(?<=\.)\s", text.strip(), maxsplit=1)[0]
    return first[:200] or None


def load(path: Path) -> list[Advisory]:
    record = read_json(path)
    meta = record.get("cveMetadata", {})
    cve_id = meta.get("cveId")
    if not cve_id:
        raise BadAdvisoryFile("CVE record without cveMetadata.cveId")
    if meta.get("state") == "REJECTED":
        raise BadAdvisoryFile(f"{cve_id} is a rejected CVE")
    cna = record.get("containers", {}).get("cna", {})
    fallback_vendor = vendor_of(meta.get("assignerShortName")) or "other"
    rows: list[Affected] = []
    for entry in cna.get("affected", []):
        vendor = vendor_of(entry.get("vendor")) or fallback_vendor
        rows.extend(_rows_for(entry, vendor))
    parsed = [r for r in rows if r.start or r.end or try_parse(OS_SCHEMES.get(r.os, "dotted"), r.version or "")]
    usable = rows if parsed else []  # unparsable strings are kept for exact matching only
    if not usable:
        raise BadAdvisoryFile(f"{cve_id}: no product with a version we can parse (affected: "
                              f"{[(e.get('product'), [v.get('version') for v in e.get('versions', [])][:3]) for e in cna.get('affected', [])]})")
    score, vector = _metrics(record)
    refs = cna.get("references", [])
    return [Advisory(
        id=cve_id, vendor=usable[0].vendor, title=_title(cna), cves=[cve_id], cvss=score, cvss_vector=vector,
        published=(cna.get("datePublic") or meta.get("datePublished") or "")[:10] or None,
        url=refs[0]["url"] if refs else None, source_format="cve5", affected=usable)]
