"""CSAF 2.0 JSON (Cisco, Fortinet, Palo Alto): product_tree branches, product_status, scores, remediations.

Each leaf of the product tree gives a product id with its vendor, product name (the OS) and version
(``service_pack`` under a ``product_version`` train, as Cisco publishes, or ``product_version`` directly,
as Fortinet does; ``product_version_range`` with a ``vers:`` range). Any other shape is rejected: the
file is reported and skipped rather than half understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from netinspect.advisories.catalog import os_of_product, score_vector, vendor_of
from netinspect.advisories.importers import read_json
from netinspect.advisories.records import Advisory, Affected, BadAdvisoryFile

_STATUS = {"known_affected": "affected", "first_affected": "affected", "last_affected": "affected",
           "fixed": "fixed", "first_fixed": "fixed", "known_not_affected": "not_affected"}
_LEAF = {"product_version", "service_pack", "patch_level", "product_version_range"}


@dataclass
class Leaf:
    vendor: str | None
    product: str | None
    version: str | None = None
    start: str | None = None
    end: str | None = None
    end_inclusive: bool = False


def _walk(branches: list[dict], path: dict[str, str], out: dict[str, Leaf]) -> None:
    for branch in branches:
        category, name = branch.get("category"), str(branch.get("name", ""))
        here = {**path, category: name}
        if "branches" in branch:
            _walk(branch["branches"], here, out)
        elif "product" in branch:
            if category not in _LEAF:
                raise BadAdvisoryFile(f"unknown product tree shape: leaf category {category!r}")
            out[branch["product"]["product_id"]] = _leaf(here, category, name)
        else:
            raise BadAdvisoryFile(f"unknown product tree shape: branch {name!r} has neither branches nor product")


def _strip(name: str, product: str | None) -> str:
    return name[len(product):].strip() if product and name.lower().startswith(product.lower()) else name


def _leaf(path: dict[str, str], category: str, name: str) -> Leaf:
    product = path.get("product_name") or path.get("product_family")
    leaf = Leaf(vendor=path.get("vendor"), product=product)
    if category == "product_version_range":
        m = re.fullmatch(r"vers:[\w-]+/(.+)", name.strip())
        if not m:
            raise BadAdvisoryFile(f"unknown product tree shape: range {name!r} is not a vers: range")
        for part in m.group(1).split("|"):
            op, value = re.match(r"(>=|<=|<|>|=)?\s*(.+)", part.strip()).groups()
            if op == ">=":
                leaf.start = value
            elif op in ("<", "<="):
                leaf.end, leaf.end_inclusive = value, op == "<="
            else:
                raise BadAdvisoryFile(f"unknown product tree shape: range part {part!r}")
        return leaf
    leaf.version = _strip(name, product)
    return leaf


def _score(vuln: dict) -> tuple[float | None, str | None]:
    best: tuple[float | None, str | None] = (None, None)
    for score in vuln.get("scores", []):
        for key in ("cvss_v4", "cvss_v3", "cvss_v2"):
            block = score.get(key)
            if not block:
                continue
            vector = block.get("vectorString")
            value = block.get("baseScore")
            value = float(value) if value is not None else (score_vector(vector) if vector else None)
            if value is not None and (best[0] is None or value > best[0]):
                best = (value, vector)
    return best


def _notes(doc: dict, *titles: str) -> str | None:
    for note in doc.get("notes", []):
        if (note.get("title") or "").lower() in titles:
            return note.get("text")
    return None


def _affected(vuln: dict, leaves: dict[str, Leaf], vendor: str) -> list[Affected]:
    rows = []
    for key, status in _STATUS.items():
        for pid in vuln.get("product_status", {}).get(key, []):
            leaf = leaves.get(pid)
            if leaf is None:
                continue  # relationship ids etc.: not a product version we can match
            os_id = os_of_product(leaf.product)
            if os_id is None:
                continue
            rows.append(Affected(vendor=vendor, os=os_id, product="*", status=status, version=leaf.version,
                                 start=leaf.start, end=leaf.end, end_inclusive=leaf.end_inclusive))
    return rows


def load(path: Path) -> list[Advisory]:
    data = read_json(path)
    doc, tree = data.get("document", {}), data.get("product_tree")
    if not isinstance(tree, dict) or not isinstance(tree.get("branches"), list):
        raise BadAdvisoryFile("unknown product tree shape: no product_tree.branches")
    leaves: dict[str, Leaf] = {}
    _walk(tree["branches"], {}, leaves)
    tracking = doc.get("tracking", {})
    base_id = tracking.get("id") or path.stem
    publisher_vendor = vendor_of(doc.get("publisher", {}).get("name")) or "other"
    refs = doc.get("references", [])
    url = next((r["url"] for r in refs if r.get("category", "self") == "self"), None) or (refs[0]["url"] if refs else None)
    vulns = data.get("vulnerabilities", [])
    advisory = Advisory(id=base_id, vendor=publisher_vendor, title=doc.get("title"), source_format="csaf",
                        published=(tracking.get("initial_release_date") or "")[:10] or None, url=url,
                        workaround=_notes(doc, "workarounds"))
    seen: set[tuple] = set()
    for vuln in vulns:
        if vuln.get("cve") and vuln["cve"] not in advisory.cves:
            advisory.cves.append(vuln["cve"])
        score, vector = _score(vuln)
        if score is not None and (advisory.cvss is None or score > advisory.cvss):
            advisory.cvss, advisory.cvss_vector = score, vector
        for rem in vuln.get("remediations", []):
            text = (rem.get("details") or "").strip()
            if rem.get("category") == "workaround" and not advisory.workaround:
                advisory.workaround = text
            elif rem.get("category") == "vendor_fix" and text:
                advisory.remediation = "\n".join(filter(None, [advisory.remediation, text]))
        for row in _affected(vuln, leaves, publisher_vendor):
            ident = (row.os, row.status, row.version, row.start, row.end)
            if ident not in seen:
                seen.add(ident)
                advisory.affected.append(row)
    if not any(a.status == "affected" for a in advisory.affected):
        raise BadAdvisoryFile("no affected product version that maps to a known OS")
    advisory.affected.sort(key=lambda a: (a.os, a.status, a.version or "", a.start or ""))
    return [advisory]
